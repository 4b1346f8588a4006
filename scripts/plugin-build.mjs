// The build of the Claude Code plugin's copy, made on its first start. Claude Code copies the
// plugin into its cache and runs `npm ci --ignore-scripts` there: no build step runs, so whatever
// starts first (the MCP server, `bin/git-backlog`) compiles the TypeScript itself (tsc, which that
// install brings; about 10 s) and bundles the board's page, into a temporary folder renamed to
// dist/ when complete: two starts at once never run a half-written build. Everything it says goes
// to stderr: the server's stdout belongs to the protocol.
import { spawnSync } from "node:child_process";
import { existsSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The CLI's entry script in the plugin's copy. */
export const entry = join(root, "dist", "cli", "main.js");

/** Builds dist/ unless it is there; exits with a message when it cannot. */
export function ensureBuilt() {
  if (existsSync(entry)) return;
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  if (!existsSync(tsc)) fail(`${entry} is missing and TypeScript is not installed in ${root}: run \`npm ci\` there.`);
  const out = join(root, `dist.building-${process.pid}`);
  process.stderr.write("git-backlog: first start: compiling (about 10 s)…\n");
  const steps = [
    [tsc, "-p", join(root, "tsconfig.build.json"), "--noCheck", "--outDir", out],
    [join(root, "scripts", "build-web.mjs"), join(out, "web", "client")],
  ];
  for (const args of steps) {
    const result = spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", 2, 2] });
    if (result.status !== 0) {
      rmSync(out, { recursive: true, force: true });
      fail("the build failed; see above.");
    }
  }
  try {
    renameSync(out, join(root, "dist"));
  } catch {
    // Another start finished first: its build is the same.
    rmSync(out, { recursive: true, force: true });
  }
}

function fail(message) {
  process.stderr.write(`git-backlog: ${message}\n`);
  process.exit(1);
}
