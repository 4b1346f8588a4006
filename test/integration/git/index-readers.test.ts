import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { indexReaders, subcommand, whenGone } from "../../../src/git/index-readers.js";
import { cleanupAfterEach, GIT_TEST_ENV, gitRepo, tempDir } from "../../helpers/git-repo.js";

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
