// How often the user's own `git commit` finds `index.lock` taken beside busy backlog writers: one
// and four CLI writers, each adding a task, pausing 100 ms, adding the next; meanwhile a "user"
// changes a file of theirs and runs `git add` + `git commit` at a person's pace (every 50–150 ms),
// counting the attempts git refuses with "index.lock exists". Goal: ≤ 2 % with one writer.
// Run alone: node bench/user-commits.mjs [--seconds 20]; npm run bench runs it as a companion.
import { execFile, execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const cli = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
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
  return execFileSync("git", args, { cwd, env: ENV, encoding: "utf8" }).trim();
}

function gitAsync(cwd, args) {
  return new Promise((resolve) => execFile("git", args, { cwd, env: ENV, encoding: "utf8" }, (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr })));
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function setUp() {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "git-backlog-user-commits-")));
  git(dir, "init", "-q", "-b", "main");
  git(dir, "config", "gc.auto", "0");
  mkdirSync(join(dir, "backlog"));
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "src", "work.txt"), "0\n");
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "seed");
  return dir;
}

/** One CLI writer: add, wait 100 ms, add, … until `stop()`; resolves with the number of adds. */
function startWriter(dir, name, isDone) {
  return (async () => {
    let adds = 0;
    while (!isDone()) {
      await new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [cli, "add", `Task by ${name} ${adds}`], { cwd: dir, env: { ...ENV, BACKLOG_AGENT: name }, stdio: "ignore" });
        child.on("error", reject);
        child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`git-backlog add exited ${code}`))));
      });
      adds++;
      await pause(100);
    }
    return adds;
  })();
}

async function measure(writers, seconds) {
  const dir = setUp();
  try {
    let done = false;
    const running = Array.from({ length: writers }, (_, at) => startWriter(dir, `agent-${at}`, () => done));
    await pause(500); // the writers are up
    const deadline = Date.now() + seconds * 1000;
    let attempts = 0;
    let refused = 0;
    let lockTaken = 0;
    let commits = 0;
    while (Date.now() < deadline) {
      writeFileSync(join(dir, "src", "work.txt"), `${commits + 1}\n`);
      attempts++;
      const added = await gitAsync(dir, ["add", "src/work.txt"]);
      const committed = added.code === 0 ? await gitAsync(dir, ["commit", "-q", "-m", `user ${commits + 1}`]) : added;
      if (committed.code === 0) commits++;
      // git's answers when it meets a backlog operation mid-way: the lock taken, or HEAD moved since it read it.
      else if (/index\.lock|cannot lock ref 'HEAD'/.test(committed.stderr)) {
        refused++;
        if (/index\.lock/.test(committed.stderr)) lockTaken++;
      }
      else throw new Error(`git failed for another reason: ${committed.stderr}`);
      await pause(50 + Math.random() * 100);
    }
    done = true;
    const adds = (await Promise.all(running)).reduce((sum, count) => sum + count, 0);
    const lost = adds - Number(git(dir, "rev-list", "--count", "--grep=^Backlog-Op: add", "main"));
    // A user commit must never carry a task file (a stale index written back would delete one).
    const mixed = Number(git(dir, "rev-list", "--count", "--grep=^user ", "main", "--", "backlog"));
    git(dir, "fsck", "--no-progress");
    return { writers, attempts, refused, lockTaken, percent: (100 * refused) / attempts, commits, adds, lost, mixed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchUserCommits({ seconds = 20 } = {}) {
  const rows = [];
  for (const writers of [1, 4]) {
    process.stderr.write(`user commits beside ${writers} writer(s) for ${seconds} s…\n`);
    rows.push(await measure(writers, seconds));
  }
  console.log("\nThe user's git commit beside busy backlog writers (CLI add every 100 ms per writer; goal ≤ 2 % refused with one writer)");
  console.log("writers  user attempts  refused               of which index.lock  user commits  backlog adds  adds lost  user commits touching tasks");
  for (const row of rows) {
    console.log(`${String(row.writers).padEnd(7)}  ${String(row.attempts).padEnd(13)}  ${`${row.refused} (${row.percent.toFixed(1)} %)`.padEnd(20)}  ${String(row.lockTaken).padEnd(19)}  ${String(row.commits).padEnd(12)}  ${String(row.adds).padEnd(12)}  ${String(row.lost).padEnd(9)}  ${row.mixed}`);
  }
  return { rows };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const at = process.argv.indexOf("--seconds");
  await benchUserCommits(at > 0 ? { seconds: Number(process.argv[at + 1]) } : {});
}
