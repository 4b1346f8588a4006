import type { LiveBacklog } from "../service/live-backlog.js";
import { serveLiveCommands, type CommandServer } from "../service/live-commands/serve.js";
import type { CliIo } from "./io.js";
import type { Backlog } from "../service/backlog.js";

/** The CLI's own `run` (run.ts), which hands itself over. */
export type RunCli = (argv: readonly string[], io: CliIo, options: { backlog: Backlog }) => Promise<number>;

/**
 * Answers the CLI's commands in this checkout from a long-running process's live index
 * (`watch`, `mcp`, `board`): each request runs the CLI's own `run` with the caller's environment
 * and terminal, against the live backlog instead of the files.
 */
export function serveCliCommands(backlog: LiveBacklog, env: NodeJS.ProcessEnv, run: RunCli): Promise<CommandServer | undefined> {
  return serveLiveCommands(backlog, env, async (call, served) => {
    let stdout = "";
    let stderr = "";
    const io = {
      cwd: call.cwd,
      env: call.env,
      stdout: (text: string) => void (stdout += text),
      stderr: (text: string) => void (stderr += text),
      readStdin: () => Promise.resolve(""),
      isTTY: call.isTTY,
      columns: call.columns,
    };
    const code = await run(call.argv, io, { backlog: served });
    return { code, stdout, stderr };
  });
}
