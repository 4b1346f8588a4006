// The MCP server's benchmark: a generated backlog, the built server spawned over stdio, and the
// SDK client measuring what an agent waits for. Exports benchMcp({ sizes }) for bench/run.mjs;
// usable on its own:  node bench/mcp.mjs [--sizes 10000] [--quick]   (after npm run build)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { BENCH_NOW, GIT_ENV, generateRepo } from "./generate.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, "..", "dist", "cli", "main.js");

/** The targets at 10,000 tasks (issues 4 and 11). */
export const MCP_TARGETS = {
  query: { ms: 3, label: "≤ 3 ms" },
  add: { ms: 20, label: "≤ 20 ms" },
  coldStart: { ms: 700, label: "≤ 700 ms" },
  handEdit: { ms: 200, label: "≤ 200 ms" },
  rss: { bytes: 250 * 1048576, label: "≤ 250 MB" },
  idleCpu: { ms: 15, label: "≤ 15 ms" },
  writersRate: { ratio: 0.8, label: "≥ 0.8× one" },
  writersCpu: { ratio: 2, label: "≤ 2× one" },
  toolsAll: { bytes: 20_000, label: "≤ 20 KB" },
  toolsCore: { bytes: 5_000, label: "≤ 5 KB" },
};

const now = () => performance.now();
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};
const stats = (values) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values.length });

async function connect(dir, toolset = "all", { realClock = false } = {}) {
  const env = { ...GIT_ENV, ...(!realClock && { BACKLOG_NOW: BENCH_NOW }), BACKLOG_TOOLS: toolset, BACKLOG_AGENT: "bench" };
  const transport = new StdioClientTransport({ command: process.execPath, args: [cli, "mcp"], cwd: dir, env, stderr: "inherit" });
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(transport);
  return { client, pid: transport.pid };
}

async function call(client, name, args) {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name} failed: ${result.content.map((block) => block.text).join("")}`);
  return result.structuredContent;
}

/** Spawn to the answer of the first task_list: what an agent waits for when its session starts. */
async function coldStart(dir, runs) {
  const times = [];
  for (let run = 0; run < runs; run++) {
    const start = now();
    const { client } = await connect(dir, "standard");
    await call(client, "task_list", { filter: "project:web +bug" });
    times.push(now() - start);
    await client.close();
  }
  return stats(times);
}

/** Medians of `runs` calls of `fn`; a `fn` that returns a number reports its own time (to leave out a pause). */
async function timed(runs, fn) {
  const times = [];
  for (let run = 0; run < runs; run++) {
    const start = now();
    const own = await fn(run);
    times.push(typeof own === "number" ? own : now() - start);
  }
  return stats(times);
}

/**
 * A task file edited on disk by hand (as an editor saves it), then task_list polled until it
 * shows the edit: how long the watcher takes to make a hand edit visible. Issue 4: p95 ≤ 200 ms.
 */
async function handEdits(client, dir, runs) {
  const folder = join(dir, "backlog");
  const name = readdirSync(folder).find((file) => file.startsWith("2-"));
  const path = join(folder, name);
  const original = readFileSync(path, "utf8");
  const times = [];
  for (let run = 0; run < runs; run++) {
    const title = `Edited by hand ${run}`;
    const start = now();
    writeFileSync(path, original.replace(/^title: .*$/m, `title: ${title}`));
    for (;;) {
      const { tasks } = await call(client, "task_list", { filter: "2", fields: ["title"] });
      if (tasks[0]?.title === title) break;
      if (now() - start > 5000) throw new Error("a hand edit was not visible after 5 s");
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    times.push(now() - start);
  }
  writeFileSync(path, original);
  const sorted = [...times].sort((a, b) => a - b);
  return { ...stats(times), p95: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] };
}

/**
 * task_list at an agent's pace (a call every 1.5 s) with the real clock, as a session runs:
 * the fixed BACKLOG_NOW of the other rows never lets time pass between calls.
 */
async function pacedQueries(dir, runs) {
  const { client } = await connect(dir, "standard", { realClock: true });
  await call(client, "task_list", { filter: "project:web +bug" });
  const result = await timed(runs, async () => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const start = now();
    await call(client, "task_list", { filter: "project:web +bug" });
    return now() - start;
  });
  await client.close();
  return result;
}

/** CPU time (user + system) a process has used so far, in ms (/proc's clock ticks: 10 ms each). */
function cpuMsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * What an idle server spends when another process commits: `git commit --allow-empty` (a commit
 * that leaves the task folder alone) and another process's `add` through the CLI, each `runs`
 * times, 300 ms apart so the server takes each in by itself. The server's CPU over the same
 * time with nothing happening is taken off.
 */
async function idleCpu(pid, dir, runs) {
  const pause = () => new Promise((resolve) => setTimeout(resolve, 300));
  const window = async (act) => {
    const start = cpuMsOf(pid);
    for (let run = 0; run < runs; run++) {
      act?.(run);
      await pause();
    }
    return cpuMsOf(pid) - start;
  };
  const quiet = await window();
  const empty = await window(() => execFileSync("git", ["commit", "-q", "--allow-empty", "-m", "unrelated"], { cwd: dir, env: GIT_ENV }));
  // Another process's own add (not run by this server's index, which would then do the work itself).
  const adds = await window((run) => execFileSync(process.execPath, [cli, "add", `Added elsewhere ${run}`], { cwd: dir, env: { ...GIT_ENV, BACKLOG_NOW: BENCH_NOW, BACKLOG_LIVE_INDEX: "0" } }));
  return { emptyCommit: Math.max(0, empty - quiet) / runs, foreignAdd: Math.max(0, adds - quiet) / runs, quietPerRun: quiet / runs };
}

/**
 * Several agents writing at once: `servers` MCP servers on one clone, each adding `adds` tasks
 * back to back, all started together. Aggregate adds per second, the servers' CPU per add, and
 * what landed: one task file per add, distinct ids, one commit each, `git fsck` clean.
 */
async function writers(dir, servers, adds) {
  const clients = await Promise.all(Array.from({ length: servers }, async (_, at) => {
    const env = { ...GIT_ENV, BACKLOG_NOW: BENCH_NOW, BACKLOG_TOOLS: "all", BACKLOG_AGENT: `writer-${at}` };
    const transport = new StdioClientTransport({ command: process.execPath, args: [cli, "mcp"], cwd: dir, env, stderr: "inherit" });
    const client = new Client({ name: `writer-${at}`, version: "1.0.0" });
    await client.connect(transport);
    await call(client, "task_count", { filter: "okta" }); // bodies loaded: the steady state
    return { client, pid: transport.pid };
  }));
  const filesBefore = readdirSync(join(dir, "backlog")).length;
  const commitsBefore = Number(execFileSync("git", ["rev-list", "--count", "HEAD"], { cwd: dir, env: GIT_ENV, encoding: "utf8" }));
  const cpuBefore = clients.map(({ pid }) => cpuMsOf(pid));
  const latencies = [];
  const ids = [];
  const start = now();
  await Promise.all(clients.map(async ({ client }, at) => {
    for (let run = 0; run < adds; run++) {
      const begun = now();
      const { task } = await call(client, "task_add", { title: `Writer ${at} task ${run}`, tags: ["bench"] });
      latencies.push(now() - begun);
      ids.push(task.id);
    }
  }));
  const seconds = (now() - start) / 1000;
  const cpu = clients.reduce((sum, { pid }, at) => sum + cpuMsOf(pid) - cpuBefore[at], 0);
  await Promise.all(clients.map(({ client }) => client.close()));
  const total = servers * adds;
  const files = readdirSync(join(dir, "backlog")).length - filesBefore;
  const commits = Number(execFileSync("git", ["rev-list", "--count", "HEAD"], { cwd: dir, env: GIT_ENV, encoding: "utf8" })) - commitsBefore;
  let fsck = "clean";
  try {
    execFileSync("git", ["fsck", "--no-progress"], { cwd: dir, env: GIT_ENV, stdio: "pipe" });
  } catch (error) {
    fsck = String(error.stderr).trim().split("\n")[0];
  }
  const intact = files === total && new Set(ids).size === total && commits === total && fsck === "clean";
  return { servers, adds: total, rate: total / seconds, latency: stats(latencies), cpuPerAdd: cpu / total, files, distinctIds: new Set(ids).size, commits, fsck, intact };
}

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
  return { rss: field("VmRSS"), peak: field("VmHWM") };
}

async function toolsBytes(dir) {
  const sizes = {};
  for (const toolset of ["core", "standard", "all"]) {
    const { client } = await connect(dir, toolset);
    const { tools } = await client.listTools();
    sizes[toolset] = { tools: tools.length, bytes: JSON.stringify({ tools }).length };
    await client.close();
  }
  return sizes;
}

async function benchSize(size, { quick }) {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "git-backlog-bench-mcp-")));
  const dir = join(root, `tasks-${size}`);
  try {
    process.stderr.write(`mcp: generating ${size} tasks…\n`);
    generateRepo(dir, { count: size });
    const runs = quick ? { cold: 3, query: 20, add: 10, edits: 10, paced: 5, foreign: 10, writerAdds: 10 } : { cold: 5, query: 60, add: 30, edits: 20, paced: 10, foreign: 20, writerAdds: 25 };
    // First ever start: no stat cache yet (it parses every file, and writes the cache).
    const cache = join(dir, ".git", "backlog-stat-cache.json");
    const first = await coldStart(dir, 1);
    const cold = await coldStart(dir, runs.cold);
    const { client, pid } = await connect(dir, "all");
    // Steady state: the bodies loaded (a text search waits for them) and the graph built.
    const warmStart = now();
    await call(client, "task_count", { filter: "okta" });
    const bodiesMs = now() - warmStart;
    await call(client, "task_list", { filter: "+READY", limit: 1 });
    const ids = [];
    for (let id = 1; id <= size; id += Math.max(1, Math.floor(size / 97))) ids.push(id);
    const queries = {
      list: await timed(runs.query, () => call(client, "task_list", { filter: "project:web +bug" })),
      listText: await timed(runs.query, () => call(client, "task_list", { filter: "okta", limit: 20 })),
      count: await timed(runs.query, () => call(client, "task_count", { filter: "+READY" })),
      info: await timed(runs.query, (run) => call(client, "task_info", { id: ids[run % ids.length] })),
    };
    const handEdit = await handEdits(client, dir, runs.edits);
    const idle = await idleCpu(pid, dir, runs.foreign);
    const add = await timed(runs.add, (run) => call(client, "task_add", { title: `Bench task ${run}`, priority: "M", tags: ["bench"] }));
    // An agent's pace: a model thinks between calls. Only the call is timed.
    const pacedAdd = await timed(runs.add, async (run) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const start = now();
      await call(client, "task_add", { title: `Paced task ${run}`, priority: "M", tags: ["bench"] });
      return now() - start;
    });
    const afterAdd = await timed(5, () => call(client, "task_list", { filter: "project:web +bug" }));
    const memory = rssOf(pid);
    await client.close();
    const paced = await pacedQueries(dir, runs.paced);
    // One server alone, then four at once, on the same data: the ratio is the figure.
    const one = await writers(dir, 1, runs.writerAdds * 4);
    const four = await writers(dir, 4, runs.writerAdds);
    const commits = Number(execFileSync("git", ["rev-list", "--count", "HEAD"], { cwd: dir, env: GIT_ENV, encoding: "utf8" }).trim()) - 1;
    return { size, firstStart: first, coldStart: cold, bodiesMs, queries, paced, handEdit, idle, writers: { one, four }, add, pacedAdd, listAfterAdds: afterAdd, memory, commits, cacheWritten: existsSync(cache), tools: await toolsBytes(dir) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const ms = (value) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const mb = (bytes) => `${(bytes / 1048576).toFixed(0)} MB`;
const verdict = (ok) => (ok ? "ok" : "MISSED");

function writerRows({ one, four }) {
  const landed = (run) => `${run.files}/${run.adds} files, ${run.distinctIds} ids, ${run.commits} commits, fsck ${run.fsck}`;
  const rateRatio = four.rate / one.rate;
  const cpuRatio = four.cpuPerAdd / one.cpuPerAdd;
  return [
    [`1 server, ${one.adds} task_add: adds/s (median add)`, `${one.rate.toFixed(1)}/s (${ms(one.latency.median)})`, "", ""],
    ["  CPU per add", ms(one.cpuPerAdd), "", ""],
    [`4 servers at once, ${four.adds} task_add: adds/s (median add)`, `${four.rate.toFixed(1)}/s (${ms(four.latency.median)})`, "", ""],
    ["  aggregate rate, ratio to one server", `${rateRatio.toFixed(2)}×`, MCP_TARGETS.writersRate.label, verdict(rateRatio >= MCP_TARGETS.writersRate.ratio)],
    ["  CPU per add", `${ms(four.cpuPerAdd)} (${cpuRatio.toFixed(2)}×)`, MCP_TARGETS.writersCpu.label, verdict(cpuRatio <= MCP_TARGETS.writersCpu.ratio)],
    ["  nothing lost", landed(four), "", verdict(four.intact && one.intact)],
  ];
}

function report(result) {
  const { queries: q, tools: t } = result;
  const rows = [
    ["cold start → first task_list (stat cache)", ms(result.coldStart.median), MCP_TARGETS.coldStart.label, verdict(result.coldStart.median <= MCP_TARGETS.coldStart.ms)],
    ["first start ever (no stat cache)", ms(result.firstStart.median), "", ""],
    ["bodies loaded (first text search)", ms(result.bodiesMs), "", ""],
    ["task_list project:web +bug (50 shown)", ms(q.list.median), MCP_TARGETS.query.label, verdict(q.list.median <= MCP_TARGETS.query.ms)],
    ["task_list project:web +bug, calls 1.5 s apart, real clock", ms(result.paced.median), MCP_TARGETS.query.label, verdict(result.paced.median <= MCP_TARGETS.query.ms)],
    ["task_list okta (text search)", ms(q.listText.median), "", ""],
    ["task_count +READY", ms(q.count.median), MCP_TARGETS.query.label, verdict(q.count.median <= MCP_TARGETS.query.ms)],
    ["task_info", ms(q.info.median), MCP_TARGETS.query.label, verdict(q.info.median <= MCP_TARGETS.query.ms)],
    ["hand edit visible to task_list (p95)", ms(result.handEdit.p95), MCP_TARGETS.handEdit.label, verdict(result.handEdit.p95 <= MCP_TARGETS.handEdit.ms)],
    ["idle server CPU per foreign git commit --allow-empty", ms(result.idle.emptyCommit), MCP_TARGETS.idleCpu.label, verdict(result.idle.emptyCommit <= MCP_TARGETS.idleCpu.ms)],
    ["idle server CPU per another process's CLI add", ms(result.idle.foreignAdd), MCP_TARGETS.idleCpu.label, verdict(result.idle.foreignAdd <= MCP_TARGETS.idleCpu.ms)],
    [`task_add, back to back (${result.commits} commits made)`, ms(result.add.median), MCP_TARGETS.add.label, verdict(result.add.median <= MCP_TARGETS.add.ms)],
    ["task_add, calls 200 ms apart (an agent's pace)", ms(result.pacedAdd.median), MCP_TARGETS.add.label, verdict(result.pacedAdd.median <= MCP_TARGETS.add.ms)],
    ["task_list right after the adds", ms(result.listAfterAdds.median), "", ""],
    ...writerRows(result.writers),
    ["server RSS (peak)", `${mb(result.memory.rss)} (${mb(result.memory.peak)})`, MCP_TARGETS.rss.label, verdict(result.memory.peak <= MCP_TARGETS.rss.bytes)],
    [`tools/list core (${t.core.tools} tools)`, `${t.core.bytes} B`, MCP_TARGETS.toolsCore.label, verdict(t.core.bytes <= MCP_TARGETS.toolsCore.bytes)],
    [`tools/list standard (${t.standard.tools} tools)`, `${t.standard.bytes} B`, "", ""],
    [`tools/list all (${t.all.tools} tools)`, `${t.all.bytes} B`, MCP_TARGETS.toolsAll.label, verdict(t.all.bytes <= MCP_TARGETS.toolsAll.bytes)],
  ];
  const width = rows.reduce((max, row) => Math.max(max, row[0].length), 0);
  console.log(`\nMCP server, ${result.size.toLocaleString("en")} tasks (medians, through the SDK client over stdio)`);
  for (const [name, value, target, ok] of rows) console.log(`  ${name.padEnd(width)}  ${value.padStart(16)}  ${target.padEnd(9)} ${ok}`);
}

export async function benchMcp({ sizes = [10000], quick = false } = {}) {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first.`);
  const results = {};
  for (const size of sizes) {
    results[size] = await benchSize(size, { quick });
    report(results[size]);
  }
  return { targets: MCP_TARGETS, sizes: results };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--sizes");
  const sizes = at >= 0 ? String(args[at + 1]).split(",").map(Number) : [10000];
  benchMcp({ sizes, quick: args.includes("--quick") }).catch((error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  });
}
