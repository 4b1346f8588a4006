import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { createGitWriter } from "../../../src/git/git-writer.js";
import { indexReaders, subcommand, whenGone } from "../../../src/git/index-readers.js";
import { assertBuilt, CLI } from "../../helpers/cli.js";
import { eventually } from "../../helpers/eventually.js";
import { cleanupAfterEach, git, GIT_TEST_ENV, gitRepo, tempDir } from "../../helpers/git-repo.js";

/** The git processes the writer waits for before it lets `index.lock` go (Linux: /proc). */

const track = cleanupAfterEach();

/** A real git process that stays alive until its stdin ends. */
async function gitWaiting(cwd: string, args: string[], env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn("git", args, { cwd, env: { ...GIT_TEST_ENV, ...env }, stdio: ["pipe", "ignore", "ignore"] });
  // Until git has replaced the process image, /proc shows node's command line.
  for (let tries = 0; tries < 500; tries++) {
    let argv = "";
    try {
      argv = readFileSync(`/proc/${child.pid}/cmdline`, "utf8");
    } catch {
      // not there yet
    }
    if (argv.startsWith("git\0")) break;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return child;
}

function end(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.on("exit", () => resolve());
    child.stdin?.end();
  });
}

describe.runIf(process.platform === "linux")("git commands that may write back an index they read", () => {
  it("finds one running in the worktree, not plumbing that reads only, not one on another index or elsewhere", async () => {
    const dir = track(gitRepo()).dir;
    const elsewhere = track(tempDir()).dir;
    const reader = await gitWaiting(dir, ["stripspace"]);
    const plumbing = await gitWaiting(dir, ["hash-object", "--stdin"]);
    const ownIndex = await gitWaiting(dir, ["stripspace"], { GIT_INDEX_FILE: `${dir}/.git/other-index` });
    const outside = await gitWaiting(elsewhere, ["stripspace"]);
    const found = indexReaders(dir);
    expect(found).toContain(reader.pid);
    expect(found).not.toContain(plumbing.pid);
    expect(found).not.toContain(ownIndex.pid);
    expect(found).not.toContain(outside.pid);
    const gone = whenGone([reader.pid!], 5_000);
    await end(reader);
    await gone;
    expect(indexReaders(dir)).not.toContain(reader.pid);
    await Promise.all([plumbing, ownIndex, outside].map(end));
  });

  it("gives up waiting after the limit", async () => {
    const dir = track(gitRepo()).dir;
    const reader = await gitWaiting(dir, ["stripspace"]);
    const started = Date.now();
    await whenGone([reader.pid!], 50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    await end(reader);
  });
});

describe("subcommand", () => {
  it("skips git's own options", () => {
    expect(subcommand(["git", "-C", "/x", "-c", "a=b", "--no-pager", "commit", "-m", "x"])).toBe("commit");
    expect(subcommand(["git", "status"])).toBe("status");
    expect(subcommand(["git"])).toBe("");
  });
});

describe.runIf(process.platform === "linux")("the user's git goes first", () => {
  it("a git commit waiting in its editor while an operation commits goes in, and the operation lands on top of it", async () => {
    const dir = track(gitRepo()).dir;
    writeFileSync(join(dir, "notes.txt"), "the user's work\n");
    git(dir, "add", "notes.txt");
    const head = git(dir, "rev-parse", "HEAD");
    // git reads HEAD, then runs the editor (here 100 ms, within the 200 ms an operation lets it go first), then moves the branch from what it read.
    const user = spawn("git", ["commit", "-q"], { cwd: dir, env: { ...GIT_TEST_ENV, GIT_EDITOR: "sleep 0.1; echo 'user commit' >" }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    user.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number>((resolve) => user.on("exit", (code) => resolve(code ?? 1)));
    await eventually(() => (indexReaders(dir).length > 0 ? true : undefined), 4_000);
    const writer = await createGitWriter({ cwd: dir });
    const result = await writer.withLock(() => writer.apply([{ path: "backlog/1-a.md", content: "---\nid: 1\ntitle: A\nstatus: pending\n---\n" }], { op: "add", subject: "add #1", taskIds: [1], agent: "t" }));
    expect({ code: await exited, stderr }).toEqual({ code: 0, stderr: "" });
    expect(git(dir, "log", "--format=%s", `${head}..HEAD`).split("\n")).toEqual(["backlog: add #1", "user commit"]);
    expect(git(dir, "rev-parse", "HEAD")).toBe(result.sha);
    expect(git(dir, "status", "--porcelain")).toBe("");
  });
});

describe.runIf(process.platform === "linux")("the git commands backlog runs under", () => {
  it("are never waited for: `git backlog …` is git running git-backlog, and a hook runs under the user's git", () => {
    const dir = track(gitRepo()).dir;
    assertBuilt();
    const built = join(dirname(CLI), "..", "git", "index-readers.js");
    const probe = `!node -e 'import(process.argv[1]).then((m) => console.log(JSON.stringify(m.indexReaders(process.cwd()))))' ${built}`;
    // The git running the alias is a git process in the worktree whose command reads the index.
    const found = execFileSync("git", ["-c", `alias.probe=${probe}`, "probe"], { cwd: dir, env: GIT_TEST_ENV, encoding: "utf8" });
    expect(JSON.parse(found)).toEqual([]);
  });
});
