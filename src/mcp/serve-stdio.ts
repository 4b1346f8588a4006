import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { StdioServerTransport } from "@modelcontextprotocol/server/stdio";
import { openLiveBacklog } from "../service/live-backlog.js";
import { createServer } from "./create-server.js";

export interface ServeStdioOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Non-fatal problems; stdout belongs to the protocol. */
  stderr: (text: string) => void;
}

/**
 * `git-backlog mcp`: serves the backlog of `cwd` over stdin/stdout until the client closes its
 * end, then stops the watcher. A bad toolset is refused before anything is served.
 */
export async function serveStdio(options: ServeStdioOptions): Promise<void> {
  const backlog = await openLiveBacklog({ cwd: options.cwd, env: options.env });
  let created;
  try {
    created = createServer({ backlog, version: packageVersion(), warn: (message) => options.stderr(`git-backlog mcp: ${message}\n`) });
  } catch (error) {
    await backlog.close();
    throw error;
  }
  const { server, cleanup } = created;
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
  });
  await server.connect(new StdioServerTransport());
  await closed;
  cleanup();
  await backlog.close();
}

function packageVersion(): string {
  const path = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "package.json");
  return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
}
