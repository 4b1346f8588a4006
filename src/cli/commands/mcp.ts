import { defineCommand } from "../command.js";

export const mcpCommand = defineCommand({
  name: "mcp",
  summary: "serve this repository's backlog to an agent over stdio (MCP); BACKLOG_TOOLS=core|standard|all",
  usage: "mcp",
  flags: {},
  async run(context) {
    // Loaded here: no other command pays for the SDK.
    const { serveStdio } = await import("../../mcp/serve-stdio.js");
    await serveStdio({ cwd: context.io.cwd, env: context.io.env, stderr: context.io.stderr });
  },
});
