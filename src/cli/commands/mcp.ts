import { defineCommand } from "../command.js";
import { onInterrupt } from "../interrupt.js";

export const mcpCommand = defineCommand({
  name: "mcp",
  summary: "serve this repository's backlog to an agent over stdio (MCP); BACKLOG_TOOLS=core|standard|all",
  usage: "mcp",
  help: `Speaks the Model Context Protocol on standard input and output, with the same operations as
the CLI, resources for tasks and views, and prompts. BACKLOG_TOOLS (or toolset in .backlog)
chooses the tools offered: core, standard (the default), all, or a comma list of tool names.
BACKLOG_AGENT names the agent in commits and claims; the client's name otherwise.`,
  flags: {},
  examples: [
    { command: "claude mcp add backlog -- git-backlog mcp", does: "give Claude Code this repository's backlog" },
    { command: "BACKLOG_TOOLS=all git-backlog mcp", does: "every tool, not only the standard set" },
  ],
  maxPositionals: 0,
  async run(context) {
    // Before anything is opened: a signal during the start still ends the server cleanly.
    const interrupt = onInterrupt();
    try {
      // Loaded here: no other command pays for the SDK.
      const { serveStdio } = await import("../../mcp/serve-stdio.js");
      await serveStdio({
        cwd: context.io.cwd,
        env: context.io.env,
        stderr: context.io.stderr,
        stop: interrupt.interrupted,
        // The CLI's reads in this checkout are answered from the server's index.
        alongside: (backlog) => context.serveCommands(backlog),
      });
    } finally {
      interrupt.dispose();
    }
  },
});
