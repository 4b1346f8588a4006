import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { backlogRepo, cli, runCli, type CliResult } from "../../helpers/cli.js";
import { cleanupAfterEach, git, tempDir } from "../../helpers/git-repo.js";

const track = cleanupAfterEach();

/** Refused with the exit code and the message, and no stack trace. */
function expectRefused(result: CliResult, message: RegExp, code = 1): void {
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at |unexpected failure/);
  expect(result.stdout).toBe("");
  expect(result.code).toBe(code);
}

describe("refusals with a clear message, never a stack trace, nothing written", () => {
  it("when .git/backlog.lock is a directory", async () => {
    const { dir } = track(backlogRepo());
    mkdirSync(join(dir, ".git", "backlog.lock"));
    expectRefused(await runCli(dir, ["add", "X"]), /^error: .*\.git\/backlog\.lock is a directory, where git-backlog keeps its lock file\. .*remove it \(rmdir .*backlog\.lock\)/);
    expect(readdirSync(join(dir, "backlog"))).toEqual([]);
    expect(readdirSync(join(dir, ".git")).filter((name) => name.startsWith("backlog.lock"))).toEqual(["backlog.lock"]);
    expect(git(dir, "rev-list", "--count", "HEAD")).toBe("1");
  });

  it("when the journal is a directory", async () => {
    const { dir } = track(backlogRepo());
    mkdirSync(join(dir, ".git", "backlog-journal.json"));
    expectRefused(await runCli(dir, ["add", "X"]), /^error: .*\.git\/backlog-journal\.json is a directory, where git-backlog keeps its journal\. .*remove it \(rmdir .*backlog-journal\.json\)/);
    expect(readdirSync(join(dir, "backlog"))).toEqual([]);
    expect(existsSync(join(dir, ".git", "backlog.lock"))).toBe(false);
    expect(git(dir, "rev-list", "--count", "HEAD")).toBe("1");
  });

  it("in a bare repository, saying so and to use a clone or a worktree", async () => {
    const { dir } = track(tempDir());
    git(dir, "init", "-q", "--bare", "-b", "main");
    const before = readdirSync(dir).sort();
    for (const args of [["init"], ["list"], ["add", "X"]]) {
      expectRefused(await runCli(dir, args), /^error: .* is a bare git repository: it has no working tree.*git clone.*git worktree add/s);
    }
    expectRefused(await runCli(join(dir, "refs"), ["list"]), /is a bare git repository/);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it("when .backlog has dir: \".\" (the repository itself), at config load, for every command", async () => {
    const { dir } = track(backlogRepo());
    writeFileSync(join(dir, ".backlog"), 'dir: "."\n');
    for (const args of [["list"], ["add", "X"], ["init"]]) {
      expectRefused(await runCli(dir, args), /^error: \.backlog: dir "\." must name a folder inside the repository, such as "backlog"/);
    }
    expect(readdirSync(dir).sort()).toEqual([".backlog", ".git", "backlog"]);
    expect(git(dir, "rev-list", "--count", "HEAD")).toBe("1");
  });

  it.each(["./", "..", "../elsewhere", "tasks/../..", "/tmp/tasks", ".git", ".git/tasks", ".GIT"])("when .backlog has dir: %j", async (value) => {
    const { dir } = track(backlogRepo());
    writeFileSync(join(dir, ".backlog"), `dir: ${JSON.stringify(value)}\n`);
    expectRefused(await runCli(dir, ["add", "X"]), /^error: \.backlog: dir ".*" must name a folder inside the repository/);
    expect(readdirSync(dir).sort()).toEqual([".backlog", ".git", "backlog"]);
    expect(git(dir, "rev-list", "--count", "HEAD")).toBe("1");
  });

  it("when BACKLOG_DIR is the repository itself", async () => {
    const { dir } = track(backlogRepo());
    expectRefused(await runCli(dir, ["add", "X"], { env: { BACKLOG_DIR: "." } }), /^error: BACKLOG_DIR: dir "\." must name a folder inside the repository/);
    expect(git(dir, "status", "--porcelain")).toBe("");
  });

  it("accepts a dir that is a plain relative folder written loosely", async () => {
    const { dir } = track(backlogRepo());
    writeFileSync(join(dir, ".backlog"), "dir: ./work//tasks/\n");
    await cli(dir, ["add", "Loose"]);
    expect(git(dir, "ls-files", "work")).toBe("work/tasks/1-loose.md");
  });

  it("outside any git repository, saying so and what to do, for reads and writes alike", async () => {
    const { dir } = track(tempDir());
    for (const args of [["list"], ["init"], ["add", "X"], ["count"]]) {
      expectRefused(await runCli(dir, args), /^error: .* is not inside a git repository.*git init.*commit: false/s);
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});
