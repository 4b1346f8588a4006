// The Claude Code plugin at 1,000 tasks (issue 14): each hook as Claude Code runs it (node, the
// event on stdin) with a warm stat cache, against its 500 ms target; and the plugin's server
// (scripts/plugin-server.mjs, built) answering tools/list, started the three ways it can find the
// project: CLAUDE_PROJECT_DIR, the client's roots, the working directory. Needs the built CLI.
import { spawnSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { BENCH_NOW, GIT_ENV, generateRepo } from "./generate.mjs";

const root = new URL("..", import.meta.url).pathname;
const cli = join(root, "dist", "cli", "main.js");

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function runHook(script, event, env) {
  const start = performance.now();
  const result = spawnSync(process.execPath, [join(root, "hooks", script)], { input: JSON.stringify(event), env, encoding: "utf8" });
  const ms = performance.now() - start;
  if (result.status !== 0 || !result.stdout) throw new Error(`${script} printed nothing (exit ${result.status}): ${result.stderr}`);
  return ms;
}

async function startServer({ cwd, env, roots }) {
  const start = performance.now();
  const transport = new StdioClientTransport({ command: process.execPath, args: [join(root, "scripts", "plugin-server.mjs")], cwd, env, stderr: "ignore" });
  const client = new Client({ name: "bench", version: "1" }, roots ? { capabilities: { roots: {} } } : {});
  if (roots) client.setRequestHandler("roots/list", () => ({ roots: roots.map((uri) => ({ uri })) }));
  await client.connect(transport);
  await client.listTools();
  const ms = performance.now() - start;
  await client.close();
  return ms;
}

export async function benchPlugin({ size = 1000, runs = 5, print = console.log } = {}) {
  const tmp = realpathSync(mkdtempSync(join(tmpdir(), "git-backlog-bench-plugin-")));
  try {
    const dir = join(tmp, "repo");
    generateRepo(dir, { count: size });
    spawnSync("git", ["checkout", "-q", "-b", "1-some-task"], { cwd: dir, env: GIT_ENV });
    const outside = mkdtempSync(join(tmp, "cache-"));
    const env = { ...GIT_ENV, BACKLOG_NOW: BENCH_NOW };
    // A warm stat cache, as after any earlier command in the repository.
    spawnSync(process.execPath, [cli, "count"], { cwd: dir, env });
    const session = { session_id: "bench", cwd: dir, hook_event_name: "SessionStart", source: "startup" };
    const subagent = { session_id: "bench", cwd: dir, hook_event_name: "SubagentStart", agent_id: "a1", agent_type: "general-purpose" };
    const rows = [];
    const hookEnv = { ...env, CLAUDE_PROJECT_DIR: dir };
    for (const [name, script, event] of [["SessionStart", "session-start.mjs", session], ["SubagentStart", "subagent-start.mjs", subagent]]) {
      runHook(script, event, hookEnv);
      const times = Array.from({ length: runs }, () => runHook(script, event, hookEnv));
      rows.push({ name, ms: median(times), max: Math.max(...times) });
    }
    const node = median(Array.from({ length: runs }, () => {
      const start = performance.now();
      spawnSync(process.execPath, ["-e", "0"]);
      return performance.now() - start;
    }));
    const starts = [];
    for (const [name, options] of [
      ["CLAUDE_PROJECT_DIR", { cwd: outside, env: { ...env, CLAUDE_PROJECT_DIR: dir } }],
      ["client roots", { cwd: outside, env, roots: [pathToFileURL(dir).href] }],
      ["working directory", { cwd: dir, env }],
    ]) {
      await startServer(options);
      const times = [];
      for (let run = 0; run < runs; run += 1) times.push(await startServer(options));
      starts.push({ name, ms: median(times) });
    }
    print(`\nThe Claude Code plugin at ${size} tasks (median of ${runs}; node -e 0 takes ${node.toFixed(0)} ms)`);
    print("hook            time       max        target");
    for (const row of rows) print(`${row.name.padEnd(15)} ${`${row.ms.toFixed(0)} ms`.padStart(7)}   ${`${row.max.toFixed(0)} ms`.padStart(7)}    ≤ 500 ms ${row.ms <= 500 ? "ok" : "MISSED"}`);
    print("server found through    tools/list answered after");
    for (const row of starts) print(`${row.name.padEnd(23)} ${`${row.ms.toFixed(0)} ms`.padStart(7)}`);
    return { size, nodeMs: node, hooks: rows, starts };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchPlugin({ runs: process.argv.includes("--quick") ? 3 : 5 });
}
