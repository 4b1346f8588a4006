// Benchmark of the git engine (issue 3): per-operation latency of add / modify / done through the
// Writer in one long-running process, side by side with the same change made by the porcelain
// (`git add <file> && git commit`), and the repository's growth per operation; plus the speed of
// reading 10,000 commits of history with the git CLI (what readLog uses) and with isomorphic-git.
// Needs the compiled engine: `npm run build` first (npm run bench does it).
import { execFile, execFileSync } from "node:child_process";
import fs, { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { log as isoLog } from "isomorphic-git";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { createGitWriter, readLog } from "../dist/git/index.js";
import { generateRepo } from "./generate.mjs";

const cli = new URL("../dist/cli/main.js", import.meta.url).pathname;

const run = promisify(execFile);
const ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_AUTHOR_NAME: "Bench",
  GIT_AUTHOR_EMAIL: "bench@example.com",
  GIT_COMMITTER_NAME: "Bench",
  GIT_COMMITTER_EMAIL: "bench@example.com",
};

function git(cwd, ...args) {
  return execFileSync("git", args, { cwd, env: ENV, encoding: "utf8", maxBuffer: 1 << 28 }).trim();
}

function task(id, status = "pending", title = `Task number ${id} of the benchmark`) {
  return `---\nid: ${id}\ntitle: ${title}\nstatus: ${status}\n---\nSome notes about task ${id}.\n`;
}

function name(id) {
  return `backlog/${id}-task-number-${id}.md`;
}

/** A repository with `size` task files committed, no gc in the way. */
function makeRepo(size) {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "git-backlog-bench-")));
  git(dir, "init", "-q", "-b", "main");
  for (const [key, value] of [["user.name", "Bench"], ["user.email", "bench@example.com"], ["gc.auto", "0"], ["maintenance.auto", "false"], ["commit.gpgsign", "false"]]) git(dir, "config", key, value);
  mkdirSync(join(dir, "backlog"));
  for (let id = 1; id <= size; id++) writeFileSync(join(dir, name(id)), task(id));
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "seed");
  return dir;
}

function looseAndPackedBytes(dir) {
  const stats = Object.fromEntries(git(dir, "count-objects", "-v").split("\n").map((line) => line.split(": ")));
  return (Number(stats.size) + Number(stats["size-pack"])) * 1024;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time(fn) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** The change each operation makes to task `id`, given the file's current text. */
const CHANGES = {
  modify: (text, id) => text.replace(/^title: .*$/m, `title: Task number ${id}, renamed`),
  done: (text) => text.replace(/^status: .*$/m, "status: done"),
};

async function benchSize(size, operations) {
  const dir = makeRepo(size);
  try {
    // A long-running process, as the MCP server opens it: each commit prepares the next refresh.
    const writer = await createGitWriter({ cwd: dir, prestartIndexRefresh: true });
    let nextId = size + 1;
    let nextTask = 1;
    const results = [];
    // `add, 100 ms apart`: an agent's pace, where the engine prepares each next commit while idle.
    for (const label of ["add", "modify", "done", "add, 100 ms apart"]) {
      const op = label.startsWith("add") ? "add" : label;
      const gap = label === "add, 100 ms apart" ? 100 : 0;
      // Through the engine: what the service does under the lock.
      const engine = [];
      let before = looseAndPackedBytes(dir);
      for (let index = 0; index < operations; index++) {
        const id = op === "add" ? nextId++ : nextTask++;
        if (gap) await new Promise((resolve) => setTimeout(resolve, gap));
        engine.push(
          await time(() =>
            writer.withLock(async () => {
              let content;
              if (op === "add") {
                await writer.highestKnownId("backlog");
                content = task(id);
              } else {
                content = CHANGES[op](readFileSync(join(dir, name(id)), "utf8"), id);
              }
              await writer.apply([{ path: name(id), content }], { op, subject: `${op} #${id} Task number ${id}`, taskIds: [id], agent: "bench" });
            }),
          ),
        );
      }
      await writer.close();
      const engineGrowth = (looseAndPackedBytes(dir) - before) / operations;
      // The porcelain: the same change, then `git add <file> && git commit`.
      const porcelain = [];
      before = looseAndPackedBytes(dir);
      for (let index = 0; index < operations; index++) {
        const id = op === "add" ? nextId++ : nextTask++;
        if (gap) await new Promise((resolve) => setTimeout(resolve, gap));
        porcelain.push(
          await time(async () => {
            const path = join(dir, name(id));
            writeFileSync(path, op === "add" ? task(id) : CHANGES[op](readFileSync(path, "utf8"), id));
            await run("git", ["add", name(id)], { cwd: dir, env: ENV });
            await run("git", ["commit", "-q", "-m", `backlog: ${op} #${id}`], { cwd: dir, env: ENV });
          }),
        );
      }
      const porcelainGrowth = (looseAndPackedBytes(dir) - before) / operations;
      results.push({ size, op: label, engineMs: median(engine), porcelainMs: median(porcelain), engineGrowth, porcelainGrowth });
    }
    git(dir, "fsck", "--strict", "--no-progress");
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One new task, the whole way a user or an agent makes it, beside the porcelain making the same
 * file: a cold `git-backlog add` process (what a person's `git backlog add` costs), alone and
 * run by the MCP server's live index (what it costs while an agent session is open), `task_add`
 * through the SDK client to a warm MCP server (what an agent waits for), and `git add <file> &&
 * git commit` (two spawned processes; the file written first). Interleaved round by round on one
 * generated repository, so the three share the machine's state.
 */
async function benchWholeAdds(size, rounds) {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "git-backlog-bench-add-")));
  const dir = join(root, `tasks-${size}`);
  generateRepo(dir, { count: size });
  const env = { ...ENV, BACKLOG_AGENT: "bench" };
  const transport = new StdioClientTransport({ command: process.execPath, args: [cli, "mcp"], cwd: dir, env, stderr: "inherit" });
  const client = new Client({ name: "bench", version: "1.0.0" });
  try {
    await client.connect(transport);
    await client.callTool({ name: "task_list", arguments: { filter: "+READY", limit: 1 } });
    const times = { cli: [], served: [], mcp: [], porcelain: [] };
    for (let round = 0; round < rounds; round++) {
      times.cli.push(await time(() => run(process.execPath, [cli, "add", `Whole add ${round} from the CLI`, "priority:M", "+bench"], { cwd: dir, env: { ...env, BACKLOG_LIVE_INDEX: "0" } })));
      times.served.push(await time(() => run(process.execPath, [cli, "add", `Whole add ${round} from the CLI, served`, "priority:M", "+bench"], { cwd: dir, env })));
      times.mcp.push(
        await time(async () => {
          const result = await client.callTool({ name: "task_add", arguments: { title: `Whole add ${round} from MCP`, priority: "M", tags: ["bench"] } });
          if (result.isError) throw new Error(`task_add failed: ${JSON.stringify(result.content)}`);
        }),
      );
      times.porcelain.push(
        await time(async () => {
          const path = `backlog/${100000 + round}-porcelain-${round}.md`;
          writeFileSync(join(dir, path), task(100000 + round));
          await run("git", ["add", path], { cwd: dir, env: ENV });
          await run("git", ["commit", "-q", "-m", `backlog: add #${100000 + round}`], { cwd: dir, env: ENV });
        }),
      );
    }
    git(dir, "fsck", "--strict", "--no-progress");
    return { size, rounds, cliMs: median(times.cli), servedMs: median(times.served), mcpMs: median(times.mcp), porcelainMs: median(times.porcelain) };
  } finally {
    await client.close();
    rmSync(root, { recursive: true, force: true });
  }
}

/** History of `commits` backlog commits: the last 20 and all of them, with the git CLI (readLog) and isomorphic-git's log. */
export async function benchLogWalk({ commits = 10000 } = {}) {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "git-backlog-bench-log-")));
  try {
    git(dir, "init", "-q", "-b", "main");
    let script = "";
    for (let id = 1; id <= commits; id++) {
      const content = task(id);
      const message = `backlog: add #${id} Task ${id}\n\nBacklog-Op: add\nBacklog-Task: ${id}\nBacklog-Agent: bench\n`;
      script += `commit refs/heads/main\ncommitter Bench <bench@example.com> ${1700000000 + id} +0000\ndata ${Buffer.byteLength(message)}\n${message}\n`;
      script += `M 100644 inline ${name(id)}\ndata ${Buffer.byteLength(content)}\n${content}\n`;
    }
    execFileSync("git", ["fast-import", "--quiet"], { cwd: dir, env: ENV, input: script, maxBuffer: 1 << 28 });
    git(dir, "checkout", "-q", "main");
    git(dir, "gc", "-q");
    const rows = [];
    for (const limit of [20, undefined]) {
      const cli = [];
      for (let round = 0; round < 3; round++) cli.push(await time(() => readLog({ root: dir, ...(limit ? { limit } : {}) })));
      const iso = [];
      for (let round = 0; round < 3; round++) {
        iso.push(
          await time(async () => {
            const entries = await isoLog({ fs, dir, ref: "HEAD", ...(limit ? { depth: limit } : {}), cache: {} });
            entries.filter((entry) => /^Backlog-Op:/m.test(entry.commit.message));
          }),
        );
      }
      rows.push({ commits, read: limit ? `last ${limit}` : "all", cliMs: median(cli), isomorphicGitMs: median(iso) });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs the benchmark, prints the tables and returns the rows. `quick` (from `npm run bench --
 * --quick`) takes 15 operations per kind and skips the history walk.
 */
export async function benchGitOps({ sizes = [1000, 10000], quick = false, operations = quick ? 15 : 41, logCommits = quick ? 0 : 10000, print = console.log } = {}) {
  const rows = [];
  for (const size of sizes) rows.push(...(await benchSize(size, operations)));
  const whole = [];
  for (const size of sizes) whole.push(await benchWholeAdds(size, quick ? 7 : 15));
  print("\nGit engine alone: median latency of writer.apply in one warm process (no CLI, no MCP, no service) vs `git add && git commit`");
  print("tasks   op                  engine ms  porcelain ms  ratio  growth/op engine  growth/op porcelain");
  for (const row of rows) {
    print(
      `${String(row.size).padEnd(7)} ${row.op.padEnd(19)} ${row.engineMs.toFixed(1).padStart(9)}  ${row.porcelainMs.toFixed(1).padStart(12)}  ${(row.engineMs / row.porcelainMs).toFixed(2).padStart(5)}  ` +
        `${kb(row.engineGrowth).padStart(16)}  ${kb(row.porcelainGrowth).padStart(19)}`,
    );
  }
  print("\nOne new task, the whole way (median, interleaved): a cold CLI process alone and run by the MCP server's index, task_add to a warm MCP server, the porcelain");
  print("tasks   git-backlog add ms  add, server running ms  MCP task_add ms  git add && git commit ms  CLI/porcelain  MCP/porcelain");
  for (const row of whole) {
    print(
      `${String(row.size).padEnd(7)} ${row.cliMs.toFixed(1).padStart(18)}  ${row.servedMs.toFixed(1).padStart(22)}  ${row.mcpMs.toFixed(1).padStart(15)}  ${row.porcelainMs.toFixed(1).padStart(24)}  ` +
        `${(row.cliMs / row.porcelainMs).toFixed(2).padStart(13)}  ${(row.mcpMs / row.porcelainMs).toFixed(2).padStart(13)}`,
    );
  }
  const history = logCommits > 0 ? await benchLogWalk({ commits: logCommits }) : [];
  if (history.length > 0) {
    print(`\nHistory walk over ${logCommits} backlog commits (median of 3)`);
    print("read        git CLI ms  isomorphic-git ms");
    for (const row of history) print(`${row.read.padEnd(11)} ${row.cliMs.toFixed(1).padStart(10)}  ${row.isomorphicGitMs.toFixed(1).padStart(17)}`);
  }
  return { operations: rows, wholeAdds: whole, history };
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const sizes = process.argv.slice(2).map(Number).filter(Boolean);
  await benchGitOps(sizes.length ? { sizes } : {});
}
