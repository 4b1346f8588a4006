#!/usr/bin/env node
// The MCP server as the Claude Code plugin starts it (.mcp.json). Claude Code copies the plugin
// into its cache and runs `npm ci --ignore-scripts` there: no build step runs, so the first start
// compiles the TypeScript itself (tsc is a dependency that install brings; about 10 s), into a
// temporary folder renamed to dist/ when complete, so two sessions starting at once never run a
// half-written build. Later starts find dist/ and start at once. The server itself finds the
// user's project: CLAUDE_PROJECT_DIR, else the client's MCP roots, never the cache it runs from.
// Everything this script says goes to stderr: stdout belongs to the protocol.
import { spawnSync } from "node:child_process";
import { existsSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const entry = join(root, "dist", "cli", "main.js");

function build() {
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  if (!existsSync(tsc)) {
    process.stderr.write(`git-backlog: ${entry} is missing and TypeScript is not installed in ${root}: run \`npm ci\` there.\n`);
    process.exit(1);
  }
  const out = join(root, `dist.building-${process.pid}`);
  process.stderr.write("git-backlog: first start: compiling (about 10 s)…\n");
  const result = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json"), "--noCheck", "--outDir", out], { cwd: root, stdio: ["ignore", 2, 2] });
  if (result.status !== 0) {
    rmSync(out, { recursive: true, force: true });
    process.stderr.write("git-backlog: the build failed; see above.\n");
    process.exit(1);
  }
  try {
    renameSync(out, join(root, "dist"));
  } catch {
    // Another start finished first: its build is the same.
    rmSync(out, { recursive: true, force: true });
  }
}

if (!existsSync(entry)) build();

process.argv = [process.argv[0] ?? "node", entry, "mcp"];
await import(pathToFileURL(entry).href);
