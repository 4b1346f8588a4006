import { spawn } from "node:child_process";
import { intFlag, stringFlag } from "../args.js";
import { defineCommand, type CommandContext } from "../command.js";
import { onInterrupt } from "../interrupt.js";

export const boardCommand = defineCommand({
  name: "board",
  summary: "a live web board of this repository's tasks, on this machine (127.0.0.1), until Ctrl-C",
  usage: "board [--port n] [--host address] [--no-open]",
  help: `Serves a kanban board (pending, active, done) kept current as tasks change on disk: hand
edits, the CLI, agents' commits, checkouts and pulls reach every open board within a second.
Dropping a card on a column is start, stop, done or restore, one commit each, with the same
refusals as the CLI. The filter bar takes the filter language.

It listens on 127.0.0.1 and prints a URL with a secret token, which it opens in your browser on a
desktop; the token is then kept in a cookie. Another address only with --host, and a warning.`,
  flags: {
    port: { kind: "string", value: "n", help: "the port (default: a free one)" },
    host: { kind: "string", value: "address", help: "listen on another address than 127.0.0.1 (anyone who can reach it and has the token can change tasks)" },
    "no-open": { kind: "boolean", help: "print the URL without opening a browser" },
  },
  examples: [
    { command: "git-backlog board", does: "open the board of this repository" },
    { command: "git-backlog board --port 6420 --no-open", does: "on a fixed port, the browser left to you" },
  ],
  maxPositionals: 0,
  async run(context) {
    const interrupt = onInterrupt();
    try {
      const port = intFlag(context.args, "port");
      const host = stringFlag(context.args, "host");
      const [{ openLiveBacklog, keepHeapSmallWhileServing }, { startBoardServer }] = await Promise.all([import("../../service/live-backlog.js"), import("../../web/board-server.js")]);
      const backlog = await openLiveBacklog({ cwd: context.io.cwd, env: context.io.env, beforeBodies: keepHeapSmallWhileServing });
      try {
        const server = await startBoardServer({ backlog, ...(host !== undefined && { host }), ...(port !== undefined && { port }) });
        // The board is a live index too: the CLI's commands in this checkout are answered from it.
        const commands = await context.serveCommands(backlog);
        try {
          if (host !== undefined && host !== "127.0.0.1" && host !== "localhost" && host !== "::1") {
            context.io.stderr(`${context.paint("yellow", "warning:")} the board listens on ${host}: anyone who can reach it and has the URL's token can read and change your tasks.\n`);
          }
          context.print(`Board: ${server.loginUrl}\n(Ctrl-C stops it.)\n`);
          if (context.args.flags["no-open"] !== true) openBrowser(context, server.loginUrl);
          await interrupt.interrupted;
        } finally {
          await commands?.close();
          await server.close();
        }
      } finally {
        await backlog.close();
      }
    } finally {
      interrupt.dispose();
    }
  },
});

/** Opens the URL on a desktop (a display on Linux, macOS, Windows); elsewhere the printed URL is the way in. */
function openBrowser(context: CommandContext, url: string): void {
  const env = context.io.env;
  const command =
    process.platform === "darwin" ? ["open", url] : process.platform === "win32" ? ["cmd", "/c", "start", "", url] : env.DISPLAY || env.WAYLAND_DISPLAY ? ["xdg-open", url] : undefined;
  if (!command || !context.io.isTTY) return;
  const [program = "", ...args] = command;
  const child = spawn(program, args, { stdio: "ignore", detached: true });
  child.on("error", () => undefined);
  child.unref();
}
