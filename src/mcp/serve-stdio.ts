import type { Readable, Writable } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { withRunEnvironment } from "../service/run-environment.js";
import { packageVersion } from "../service/version.js";
import { openLiveBacklog, type LiveBacklog } from "../service/live-backlog.js";
import { createServer } from "./create-server.js";
import { StdioTransport } from "./stdio-transport.js";

export interface ServeStdioOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Non-fatal problems; stdout belongs to the protocol. */
  stderr: (text: string) => void;
  /** Resolves when the server should stop as if stdin had ended (SIGINT, SIGTERM). */
  stop?: Promise<void>;
  /** The protocol's streams: the process's stdin and stdout unless given (a host serving in process). */
  stdin?: Readable;
  stdout?: Writable;
  /** Started once the backlog is open and stopped before it closes: another face of the same live index (the CLI's reads). */
  alongside?: (backlog: LiveBacklog) => Promise<{ close(): Promise<void> } | undefined>;
}

/**
 * `git-backlog mcp`: serves the backlog of `cwd` over stdin/stdout until the client closes its
 * end (or `stop` resolves), answers the calls in flight, then stops the watcher and the writer,
 * which leaves nothing behind in `.git`. A bad toolset is refused before anything is served.
 */
export function serveStdio(options: ServeStdioOptions): Promise<void> {
  // Everything the server does, a call's git processes included, runs in the environment it was given.
  return withRunEnvironment(options.env, () => serve(options));
}

async function serve(options: ServeStdioOptions): Promise<void> {
  // A server lives for a whole agent session: once it has answered its first calls, V8's
  // memory-saving mode keeps the heap near what it holds while the bodies load and after (peak
  // RSS 210 MB instead of 253 MB at 10,000 tasks). Set from the start, it slowed the first
  // answer by 100-180 ms. Bytecode is kept: the mode would flush what an agent's call, seconds
  // after the last, runs again (task_list at that pace: 7.8 ms with flushing, 2.9 ms without).
  const backlog = await openLiveBacklog({ cwd: options.cwd, env: options.env, beforeBodies: () => setFlagsFromString("--optimize-for-size --no-flush-bytecode") });
  let created;
  try {
    created = createServer({ backlog, version: packageVersion(), warn: (message) => options.stderr(`git-backlog mcp: ${message}\n`) });
  } catch (error) {
    await backlog.close();
    throw error;
  }
  const { server, cleanup } = created;
  const alongside = await options.alongside?.(backlog).catch(() => undefined);
  const transport = new StdioTransport({ ...(options.stdin && { stdin: options.stdin }), ...(options.stdout && { stdout: options.stdout }) });
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
  });
  try {
    await server.connect(transport);
    void options.stop?.then(() => transport.end());
    await closed;
  } finally {
    cleanup();
    await alongside?.close();
    await backlog.close();
  }
}
