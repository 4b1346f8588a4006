import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
const t = new StdioClientTransport({ command: process.execPath, args: [process.cwd() + "/dist/cli/main.js", "mcp"], cwd: process.argv[2], env: { ...process.env, BACKLOG_TOOLS: process.argv[3] ?? "core" } });
const c = new Client({ name: "x", version: "1" });
await c.connect(t);
const { tools } = await c.listTools();
for (const tool of tools) console.log(JSON.stringify(tool));
await c.close();
