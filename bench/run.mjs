// `npm run bench` (builds first): generates backlogs of 1,000 and 10,000 tasks in temp git
// repositories and measures the cold CLI, in-process filter queries, full load and memory,
// against the targets of issue 2 (item 7). Flags: --sizes 1000[,10000]  --quick (fewer runs)
// --phases (split the cold CLI into its phases)  --keep (keep the generated repositories)
// Results: a table per size on stdout, and bench/results/latest.json.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BENCH_NOW, generateRepo } from "./generate.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const cli = join(here, "..", "dist", "cli", "main.js");
const CACHE_FILE = "backlog-stat-cache.json";

const QUERIES = ["+READY", "project:web +bug", "due.before:eow", "priority:H or +urgent", "okta", "( project:api or project:web ) and not +BLOCKED"];

const TARGETS = {
  cliWarm: { ms: 150, label: "≤ 150 ms" },
  query: { ms: 3, label: "≤ 3 ms" },
  loadNoCache: { ms: 1500, label: "≤ 1.5 s" },
};

// ---------------------------------------------------------------------------------------------
// Statistics and formatting

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

function ms(value) {
  if (value === undefined) return "—";
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

const mb = (bytes) => `${(bytes / 1048576).toFixed(0)} MB`;

function printTable(title, header, rows) {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => String(row[column] ?? "").length)));
  const line = (cells) => cells.map((cell, column) => String(cell ?? "").padEnd(widths[column])).join("  ").trimEnd();
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((width) => "─".repeat(width)).join("  "));
  for (const row of rows) console.log(line(row));
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * CPU ticks of the whole machine and of this process with its children (Linux /proc), so a run
 * can say how much of the CPU other processes took while it measured: on a shared 2-core box a
 * test suite running beside the bench doubles its figures.
 */
function cpuTicks() {
  try {
    const [line = ""] = readFileSync("/proc/stat", "utf8").split("\n");
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const self = readFileSync("/proc/self/stat", "utf8");
    const own = self.slice(self.lastIndexOf(")") + 2).split(" ").slice(11, 15).map(Number).reduce((sum, value) => sum + value, 0);
    return { total, busy: total - idle, own };
  } catch {
    return undefined;
  }
}

/** Percent of the machine's CPU that processes other than the bench used between two samples. */
function otherLoad(start, end) {
  if (!start || !end || end.total === start.total) return undefined;
  const other = end.busy - start.busy - (end.own - start.own);
  return Math.max(0, Math.round((100 * other) / (end.total - start.total)));
}

// ---------------------------------------------------------------------------------------------
// Measurements

function timeProcess(args, cwd, env) {
  const start = now();
  const result = spawnSync(process.execPath, args, { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
  const elapsed = now() - start;
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

/** 1. The whole CLI process, stdout to /dev/null, with and without the stat cache, beside a bare `node -e 0`. */
function benchCli(repo, runs) {
  const env = { ...process.env, BACKLOG_NOW: BENCH_NOW, NO_COLOR: "1" };
  const cachePath = join(repo, ".git", CACHE_FILE);
  const listArgs = [cli, "list", "+READY"];
  timeProcess(["-e", "0"], repo, env); // warm the file system cache for node itself
  const baseline = [];
  const noCache = [];
  const warm = [];
  for (let run = 0; run < runs; run++) baseline.push(timeProcess(["-e", "0"], repo, env));
  for (let run = 0; run < runs; run++) {
    rmSync(cachePath, { force: true });
    noCache.push(timeProcess(listArgs, repo, env));
  }
  timeProcess(listArgs, repo, env); // the cache exists now; one more run so it is also settled
  for (let run = 0; run < runs; run++) warm.push(timeProcess(listArgs, repo, env));
  // The everyday agent loop: a write, then a list. One file's stat no longer matches, so the
  // list re-reads that file and rewrites the whole cache. (mtime moved back in time, clear of
  // the cache's racy window, and never the same twice.)
  const oneChanged = [];
  const folder = join(repo, "backlog");
  const names = readdirSync(folder).filter((name) => name.endsWith(".md"));
  for (let run = 0; run < runs; run++) {
    const when = new Date(Date.now() - 60_000 - run * 1000);
    utimesSync(join(folder, names[(run * 7919) % names.length]), when, when);
    oneChanged.push(timeProcess(listArgs, repo, env));
  }
  // Scripts and agents ask for JSON: it must cost what the table costs (only printed bodies are read).
  const table = [];
  const json = [];
  const jsonArgs = [cli, "list", "+READY", "project:web", "--limit", "20"];
  for (let run = 0; run < runs; run++) {
    table.push(timeProcess(jsonArgs, repo, env));
    json.push(timeProcess([...jsonArgs, "--json"], repo, env));
  }
  return { baseline: stats(baseline), warmCache: stats(warm), oneChanged: stats(oneChanged), noCache: stats(noCache), table: stats(table), json: stats(json) };
}

/**
 * 1b. The same cold CLI calls while a live index runs for the repository (`watch`, as the MCP
 * server would): the CLI asks it over its socket instead of stat'ing every file.
 */
async function benchCliLive(repo, runs) {
  const env = { ...process.env, BACKLOG_NOW: BENCH_NOW, NO_COLOR: "1" };
  const watcher = spawn(process.execPath, [cli, "watch", "--json"], { cwd: repo, env, stdio: "ignore" });
  try {
    const folder = join(repo, ".git", "backlog-live");
    const started = now();
    while (!(existsSync(folder) && readdirSync(folder).some((name) => name.startsWith(`${watcher.pid}-`)))) {
      if (now() - started > 30_000) throw new Error("watch did not start serving reads within 30 s");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Its bodies load in the background: measure once they are in, as an agent session would find it.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const listArgs = [cli, "list", "+READY"];
    const jsonArgs = [cli, "list", "+READY", "project:web", "--limit", "20", "--json"];
    const countArgs = [cli, "count", "+READY"];
    timeProcess(listArgs, repo, env);
    const list = [];
    const json = [];
    const count = [];
    for (let run = 0; run < runs; run++) {
      list.push(timeProcess(listArgs, repo, env));
      json.push(timeProcess(jsonArgs, repo, env));
      count.push(timeProcess(countArgs, repo, env));
    }
    return { list: stats(list), json: stats(json), count: stats(count) };
  } finally {
    const exited = new Promise((resolve) => watcher.once("exit", resolve));
    watcher.kill("SIGINT");
    await exited;
  }
}

/** Where a cold `list +READY` spends its time (warm cache): bench/cli-phases.mjs in fresh processes, medians per phase. */
function benchPhases(repo, runs) {
  const env = { ...process.env, BACKLOG_NOW: BENCH_NOW, NO_COLOR: "1" };
  const samples = {};
  for (let run = 0; run < runs; run++) {
    const result = spawnSync(process.execPath, [join(here, "cli-phases.mjs")], { cwd: repo, env, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
    if (result.status !== 0) throw new Error(`cli-phases.mjs failed: ${result.stderr}`);
    const phases = JSON.parse(result.stderr.trim().split("\n").pop());
    for (const [name, value] of Object.entries(phases)) (samples[name] ??= []).push(value);
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, stats(values).median]));
}

/** 2 and 3. In-process: full load without cache, then filter queries on the open backlog with bodies. */
async function benchInProcess(repo, { loadRuns, queryRuns }) {
  const { openBacklog } = await import("../dist/service/backlog.js");
  const { listTasks } = await import("../dist/service/query.js");
  const { graphOf } = await import("../dist/service/derived.js");
  const env = { ...process.env, BACKLOG_NOW: BENCH_NOW };
  const cachePath = join(repo, ".git", CACHE_FILE);

  const loads = [];
  let backlog;
  for (let run = 0; run < loadRuns; run++) {
    rmSync(cachePath, { force: true });
    backlog = undefined;
    globalThis.gc?.();
    const start = now();
    backlog = await openBacklog({ cwd: repo, env, bodies: true });
    loads.push(now() - start);
  }

  const graphStart = now();
  graphOf(backlog);
  const graphMs = now() - graphStart;

  const queries = [];
  for (const filter of QUERIES) {
    const args = filter.split(" ");
    let count = 0;
    for (let warm = 0; warm < 5; warm++) count = (await listTasks(backlog, args)).length;
    const samples = [];
    for (let run = 0; run < queryRuns; run++) {
      const start = now();
      await listTasks(backlog, args);
      samples.push(now() - start);
    }
    queries.push({ filter, matches: count, ...stats(samples) });
  }
  return { loadNoCache: stats(loads), graphBuildMs: graphMs, tasks: backlog.index.tasks().length, problems: backlog.index.fileProblems().length, queries };
}

/** 4. Memory after a full load, in a fresh process so nothing else of the bench counts. */
function benchMemory(repo) {
  const script = `
    const { openBacklog } = await import(${JSON.stringify(new URL("../dist/service/backlog.js", import.meta.url).href)});
    const backlog = await openBacklog({ cwd: process.cwd(), env: process.env, bodies: true });
    globalThis.gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    console.log(JSON.stringify({ rss, heapUsed, tasks: backlog.index.tasks().length }));`;
  const result = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], {
    cwd: repo,
    env: { ...process.env, BACKLOG_NOW: BENCH_NOW },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`memory probe failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

// ---------------------------------------------------------------------------------------------
// Reporting

function verdict(value, target) {
  return value <= target.ms ? "PASS" : "MISS";
}

function range(stat) {
  return `${ms(stat.min)} – ${ms(stat.max)}`;
}

function report(size, result) {
  const { cli: c, live, inProcess: p, memory, repo } = result;
  const rows = [
    ["node -e 0 (baseline)", ms(c.baseline.median), range(c.baseline), c.baseline.runs, "", ""],
    ["CLI list +READY, warm cache", ms(c.warmCache.median), range(c.warmCache), c.warmCache.runs, TARGETS.cliWarm.label, verdict(c.warmCache.median, TARGETS.cliWarm)],
    ["  ratio to node -e 0", `${(c.warmCache.median / c.baseline.median).toFixed(1)}×`, "", "", "", ""],
    ["CLI list +READY, a live index running", ms(live.list.median), range(live.list), live.list.runs, TARGETS.cliWarm.label, verdict(live.list.median, TARGETS.cliWarm)],
    ["  ratio to the same without one", `${(live.list.median / c.warmCache.median).toFixed(2)}×`, "", "", "", ""],
    ["  count +READY, a live index running", ms(live.count.median), range(live.count), live.count.runs, "", ""],
    ["  list +READY project:web --limit 20 --json, a live index running", ms(live.json.median), range(live.json), live.json.runs, "", ""],
    ["CLI list +READY, warm cache, 1 file changed", ms(c.oneChanged.median), range(c.oneChanged), c.oneChanged.runs, "", ""],
    ["CLI list +READY, no cache", ms(c.noCache.median), range(c.noCache), c.noCache.runs, "", ""],
    ["CLI list +READY project:web --limit 20, table", ms(c.table.median), range(c.table), c.table.runs, "", ""],
    ["  the same --json", ms(c.json.median), range(c.json), c.json.runs, "≤ 1.2× table", c.json.median <= 1.2 * c.table.median ? "PASS" : "MISS"],
    ...p.queries.map((q) => [`query ${q.filter}  (${q.matches})`, ms(q.median), range(q), q.runs, TARGETS.query.label, verdict(q.median, TARGETS.query)]),
    ["graph + facts build (once)", ms(p.graphBuildMs), "", 1, "", ""],
    ["full load, bodies, no cache", ms(p.loadNoCache.median), range(p.loadNoCache), p.loadNoCache.runs, TARGETS.loadNoCache.label, verdict(p.loadNoCache.median, TARGETS.loadNoCache)],
    ["RSS after full load", mb(memory.rss), `heap ${mb(memory.heapUsed)}`, 1, "", ""],
  ];
  const title = `${size.toLocaleString("en")} tasks (${(repo.bytes / 1048576).toFixed(1)} MB of files; ${p.tasks} loaded, ${p.problems} problems; generated in ${ms(repo.generateMs)})${size === 10000 ? "" : "; targets are for 10,000"}`;
  printTable(title, ["measure", "median", "min – max", "runs", "target", "result"], rows);
  if (result.phases) {
    const { total, ...parts } = result.phases;
    printTable(
      `where a cold list +READY spends its time (warm cache, medians of bench/cli-phases.mjs; the CLI itself took ${ms(c.warmCache.median)})`,
      ["phase", "median", "share"],
      [...Object.entries(parts).map(([name, value]) => [name, ms(value), `${Math.round((100 * value) / total)}%`]), ["total", ms(total), ""]],
    );
  }
  if (result.otherCpuPercent !== undefined && result.otherCpuPercent >= 10) {
    console.log(`warning: other processes used ${result.otherCpuPercent}% of the machine's CPU during these measurements; the figures are inflated.`);
  } else if (result.otherCpuPercent !== undefined) {
    console.log(`other processes used ${result.otherCpuPercent}% of the CPU meanwhile.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Main

function parseFlags(argv) {
  const flags = { sizes: [1000, 10000], quick: false, keep: false, phases: false };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === "--quick") flags.quick = true;
    else if (arg === "--phases") flags.phases = true;
    else if (arg === "--keep") flags.keep = true;
    else if (arg === "--sizes" || arg.startsWith("--sizes=")) {
      const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[++index];
      flags.sizes = String(value ?? "")
        .split(",")
        .map((part) => Number(part.trim().replace(/_/g, "")));
      if (flags.sizes.some((size) => !Number.isInteger(size) || size <= 0)) throw new Error(`--sizes takes positive integers, e.g. --sizes 1000,10000 (got "${value}")`);
    } else throw new Error(`unknown flag ${arg}; flags: --sizes 1000[,10000] --quick --phases --keep`);
  }
  return flags;
}

/** Runs a companion bench module (git operations, the MCP server) in the same run, so its figures sit beside these. */
async function runCompanion(file, exported, options) {
  const path = join(here, file);
  if (!existsSync(path)) return { skipped: `bench/${file} does not exist` };
  try {
    const module = await import(`./${file}`);
    if (typeof module[exported] !== "function") return { skipped: `bench/${file} does not export ${exported}` };
    return (await module[exported](options)) ?? { done: true };
  } catch (error) {
    console.error(`\n${file} bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { error: String(error instanceof Error ? error.message : error) };
  }
}

async function main() {
  const flags = parseFlags(process.argv.slice(2));
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build (npm run bench does it).`);
  const runs = flags.quick ? { cli: 5, load: 3, query: 20 } : { cli: 11, load: 5, query: 60 };
  console.log(`git-backlog bench: node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${mb(totalmem())} RAM; BACKLOG_NOW=${BENCH_NOW}${flags.quick ? "; --quick" : ""}`);
  const root = realpathSync(mkdtempSync(join(tmpdir(), "git-backlog-bench-")));
  const results = { when: new Date().toISOString(), node: process.version, platform: `${process.platform}-${process.arch}`, cpus: cpus().length, backlogNow: BENCH_NOW, quick: flags.quick, targets: TARGETS, sizes: {} };
  try {
    for (const size of flags.sizes) {
      const dir = join(root, `tasks-${size}`);
      process.stderr.write(`generating ${size} tasks…\n`);
      const start = now();
      const repo = generateRepo(dir, { count: size });
      repo.generateMs = now() - start;
      process.stderr.write(`measuring the CLI…\n`);
      const ticks = cpuTicks();
      const cliResult = benchCli(dir, runs.cli);
      const live = await benchCliLive(dir, runs.cli);
      process.stderr.write(`measuring load and queries…\n`);
      const phases = flags.phases ? benchPhases(dir, runs.cli) : undefined;
      const inProcess = await benchInProcess(dir, { loadRuns: runs.load, queryRuns: runs.query });
      const memory = benchMemory(dir);
      const otherCpuPercent = otherLoad(ticks, cpuTicks());
      const result = { repo: { bytes: repo.bytes, statuses: repo.statuses, generateMs: repo.generateMs }, cli: cliResult, live, ...(phases && { phases }), inProcess, memory, otherCpuPercent };
      results.sizes[size] = result;
      report(size, result);
    }
  } finally {
    if (flags.keep) console.log(`\nrepositories kept in ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
  results.gitOps = await runCompanion("git-ops.mjs", "benchGitOps", { sizes: flags.sizes, quick: flags.quick });
  // The MCP targets are set at 10,000 tasks: measure the largest size asked for.
  results.mcp = await runCompanion("mcp.mjs", "benchMcp", { sizes: [Math.max(...flags.sizes)], quick: flags.quick });
  results.userCommits = await runCompanion("user-commits.mjs", "benchUserCommits", { seconds: flags.quick ? 8 : 20 });
  results.team = await runCompanion("team.mjs", "benchTeam", { size: 1000, runs: flags.quick ? 3 : 5 });
  results.board = await runCompanion("board.mjs", "benchBoard", { sizes: flags.sizes, runs: flags.quick ? 2 : 3 });
  results.plugin = await runCompanion("plugin.mjs", "benchPlugin", { size: 1000, runs: flags.quick ? 3 : 5 });
  const out = join(here, "results");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nresults: bench/results/latest.json`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
