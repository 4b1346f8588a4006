// The team commands at scale (issue 12): `git-backlog diff` over a change set of 1,000 tasks (each
// task of a generated 1,000-task backlog changed on a branch: a field, a tag, a note, its
// document), as text, as a pull-request comment and as JSON, and `check` on the same branch, each
// a cold CLI process; `git diff --stat` of the same range beside them as the yardstick.
// Needs the compiled CLI: `npm run build` first (npm run bench does it).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BENCH_NOW, GIT_ENV, generateRepo } from "./generate.mjs";

const cli = new URL("../dist/cli/main.js", import.meta.url).pathname;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function timed(command, args, cwd, env) {
  const start = performance.now();
  const result = spawnSync(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 28 });
  const ms = performance.now() - start;
  if (result.status !== 0 && !(args.includes("check") && result.status === 1)) throw new Error(`${command} ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return { ms, bytes: result.stdout.length };
}

export async function benchTeam({ size = 1000, runs = 5, print = console.log } = {}) {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "git-backlog-bench-team-")));
  try {
    const dir = join(root, "repo");
    generateRepo(dir, { count: size });
    const git = (...args) => execFileSync("git", args, { cwd: dir, env: GIT_ENV, encoding: "utf8", maxBuffer: 1 << 28 });
    git("checkout", "-q", "-b", "change-set");
    const folder = join(dir, "backlog");
    let changed = 0;
    for (const name of readdirSync(folder)) {
      if (!name.endsWith(".md")) continue;
      const path = join(folder, name);
      const text = readFileSync(path, "utf8");
      const edited = text
        .replace(/^(priority: ).*$/m, "$1H")
        .replace(/^title: .*$/m, (line) => `${line} (revised)`)
        .replace(/\n---\n/, "\n---\nA line the branch added to the document.\n");
      writeFileSync(path, `${edited}${edited.endsWith("\n") ? "" : "\n"}`);
      changed++;
    }
    git("add", "-A", "backlog");
    git("commit", "-q", "-m", "change every task");
    const env = { ...GIT_ENV, BACKLOG_NOW: BENCH_NOW, NO_COLOR: "1" };
    const rows = [];
    const measure = (label, command, args) => {
      timed(command, args, dir, env);
      const samples = [];
      let bytes = 0;
      for (let run = 0; run < runs; run++) {
        const result = timed(command, args, dir, env);
        samples.push(result.ms);
        bytes = result.bytes;
      }
      rows.push({ label, ms: median(samples), bytes });
    };
    measure("git diff --stat main...change-set (yardstick)", "git", ["diff", "--stat", "main...change-set"]);
    measure("git-backlog diff main...change-set", process.execPath, [cli, "diff", "main...change-set"]);
    measure("  --format markdown", process.execPath, [cli, "diff", "main...change-set", "--format", "markdown"]);
    measure("  --json", process.execPath, [cli, "diff", "main...change-set", "--json"]);
    measure("git-backlog check (against main)", process.execPath, [cli, "check", "--against", "main"]);
    print(`\nTeam commands on a change set of ${changed} tasks (of ${size}), cold CLI processes, median of ${runs}`);
    print("measure                                            median     output");
    for (const row of rows) print(`${row.label.padEnd(50)} ${`${row.ms.toFixed(0)} ms`.padStart(8)}  ${(row.bytes / 1024).toFixed(0).padStart(6)} KB`);
    return { size, changed, runs, rows };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchTeam({ runs: process.argv.includes("--quick") ? 3 : 5 });
}
