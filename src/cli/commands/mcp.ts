import { defineCommand } from "../command.js";
import { onInterrupt } from "../interrupt.js";

export const mcpCommand = defineCommand({
  name: "mcp",
  summary: "serve this repository's backlog to an agent over stdio (MCP); BACKLOG_TOOLS=core|standard|all",
  usage: "mcp",
  flags: {},
  maxPositionals: 0,
  async run(context) {
    // Before anything is opened: a signal during the start still ends the server cleanly.
    const interrupt = onInterrupt();
    try {
      // Loaded here: no other command pays for the SDK.
      const { serveStdio } = await import("../../mcp/serve-stdio.js");
      await serveStdio({ cwd: context.io.cwd, env: context.io.env, stderr: context.io.stderr, stop: interrupt.interrupted });
    } finally {
      interrupt.dispose();
    }
  },
});
