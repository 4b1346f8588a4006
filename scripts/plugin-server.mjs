#!/usr/bin/env node
// The MCP server as the Claude Code plugin starts it (.mcp.json): built on the first start from
// the plugin cache (plugin-build.mjs), then `git-backlog mcp`. The server itself finds the user's
// project: CLAUDE_PROJECT_DIR, else the client's MCP roots, never the cache it runs from.
import { pathToFileURL } from "node:url";
import { ensureBuilt, entry } from "./plugin-build.mjs";

ensureBuilt();
process.argv = [process.argv[0] ?? "node", entry, "mcp"];
await import(pathToFileURL(entry).href);
