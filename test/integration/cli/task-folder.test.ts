import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, runCli, type CliResult } from "../../helpers/cli.js";
import { cleanupAfterEach, git, gitRepo, tempDir } from "../../helpers/git-repo.js";

const track = cleanupAfterEach();

/** A repository with `backlog/` a symbolic link to an empty folder outside it, committed. */
function linkedRepo(): { dir: string; outside: string } {
  const { dir } = track(gitRepo());
  const outside = track(tempDir()).dir;
  symlinkSync(outside, join(dir, "backlog"));
  git(dir, "add", "backlog");
  git(dir, "commit", "-q", "-m", "tasks live elsewhere");
  return { dir, outside };
}

/** Refused with exit 1, the message, and no stack trace. */
function expectRefused(result: CliResult, message: RegExp): void {
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at |unexpected failure/);
  expect(result.stdout).toBe("");
  expect(result.code).toBe(1);
}

/** Nothing of an operation is left in the git dir: no journal, no git index lock; git itself still commits. */
function expectNothingLeft(dir: string): void {
  expect(existsSync(join(dir, ".git", "backlog-journal.json"))).toBe(false);
  expect(existsSync(join(dir, ".git", "index.lock"))).toBe(false);
  git(dir, "commit", "-q", "--allow-empty", "-m", "the user's own commit");
}

describe("a task folder that is not a real folder of the repository", () => {
  it("refuses every command when backlog/ is a symbolic link to a folder outside, writing nothing there", async () => {
    const { dir, outside } = linkedRepo();
    const head = git(dir, "rev-parse", "HEAD");
    for (const args of [["add", "Escape"], ["list"], ["init"], ["doctor"]]) {
      expectRefused(await runCli(dir, args), /^error: backlog is a symbolic link \(to .+\): the task folder must be a real folder of this repository.*Replace the link with a folder/s);
    }
    expect(readdirSync(outside)).toEqual([]);
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
    expectNothingLeft(dir);
    expect(git(dir, "status", "--porcelain")).toBe("");
  });

  it("works again once the link is replaced by a folder and that is committed", async () => {
    const { dir } = linkedRepo();
    expect((await runCli(dir, ["add", "Escape"])).code).toBe(1);
    rmSync(join(dir, "backlog"));
    mkdirSync(join(dir, "backlog"));
    // The branch still holds the link: a commit over it is refused until the folder is committed.
    expectRefused(await runCli(dir, ["add", "Home"]), /backlog is a symbolic link in the branch's last commit.*git add backlog/s);
    expect(readdirSync(join(dir, "backlog"))).toEqual([]);
    expectNothingLeft(dir);
    writeFileSync(join(dir, "backlog", ".keep"), "");
    git(dir, "add", "-A", "backlog");
    git(dir, "commit", "-q", "-m", "a real task folder");
    await cli(dir, ["add", "Home"]);
    expect(git(dir, "ls-files", "backlog")).toBe("backlog/.keep\nbacklog/1-home.md");
    expect(git(dir, "status", "--porcelain")).toBe("");
  });

  it.each(["archive", "templates", "prompts"])("refuses backlog/%s as a symbolic link", async (sub) => {
    const { dir } = track(gitRepo());
    const outside = track(tempDir()).dir;
    mkdirSync(join(dir, "backlog"));
    symlinkSync(outside, join(dir, "backlog", sub));
    for (const args of [["add", "Escape"], ["list"]]) {
      expectRefused(await runCli(dir, args), new RegExp(`^error: backlog/${sub} is a symbolic link`));
    }
    expect(readdirSync(outside)).toEqual([]);
    expect(readdirSync(join(dir, "backlog"))).toEqual([sub]);
    expectNothingLeft(dir);
  });

  it("refuses a task folder that is a submodule checkout (its own .git)", async () => {
    const { dir } = track(gitRepo());
    mkdirSync(join(dir, "backlog"));
    git(join(dir, "backlog"), "init", "-q");
    const head = git(dir, "rev-parse", "HEAD");
    for (const args of [["add", "Elsewhere"], ["list"], ["init"]]) {
      expectRefused(await runCli(dir, args), /^error: backlog is a git submodule or a repository of its own \(it has a \.git\)/);
    }
    expect(readdirSync(join(dir, "backlog"))).toEqual([".git"]);
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
    expectNothingLeft(dir);
  });

  it("refuses to commit into a task folder the branch holds as a submodule (gitlink), even when its folder is empty", async () => {
    const { dir } = track(gitRepo());
    mkdirSync(join(dir, "backlog"));
    git(join(dir, "backlog"), "init", "-q", "-b", "main");
    git(join(dir, "backlog"), "commit", "-q", "--allow-empty", "-m", "inner");
    git(dir, "add", "backlog");
    git(dir, "commit", "-q", "-m", "a gitlink");
    expect(git(dir, "ls-files", "-s", "backlog")).toMatch(/^160000 /);
    // As in a clone whose submodule was never initialised: the folder is there and empty.
    rmSync(join(dir, "backlog"), { recursive: true });
    mkdirSync(join(dir, "backlog"));
    const head = git(dir, "rev-parse", "HEAD");
    expectRefused(await runCli(dir, ["add", "Elsewhere"]), /backlog is a submodule in the branch's last commit/);
    expect(readdirSync(join(dir, "backlog"))).toEqual([]);
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
    expectNothingLeft(dir);
  });

  it("refuses a task folder that is a regular file, naming it, on reads and writes", async () => {
    const { dir } = track(gitRepo());
    writeFileSync(join(dir, "backlog"), "not a folder\n");
    for (const args of [["list"], ["add", "X"], ["init"], ["doctor"]]) {
      expectRefused(await runCli(dir, args), /^error: backlog is a file, not a folder/);
    }
    expect(readFileSync(join(dir, "backlog"), "utf8")).toBe("not a folder\n");
    expectNothingLeft(dir);
  });

  it("refuses a folder on the way to the task folder that is a symbolic link (dir: docs/tasks)", async () => {
    const { dir } = track(gitRepo());
    const outside = track(tempDir()).dir;
    writeFileSync(join(dir, ".backlog"), "dir: docs/tasks\n");
    symlinkSync(outside, join(dir, "docs"));
    expectRefused(await runCli(dir, ["add", "X"]), /^error: docs is a symbolic link/);
    expect(readdirSync(outside)).toEqual([]);
    expectNothingLeft(dir);
  });

  it("works in a repository reached through a symbolic link", async () => {
    const { dir } = track(gitRepo());
    const holder = track(tempDir()).dir;
    const alias = join(holder, "alias");
    symlinkSync(dir, alias);
    await cli(alias, ["add", "Through", "a", "link"]);
    expect(git(dir, "ls-files", "backlog")).toBe("backlog/1-through-a-link.md");
    expect(await cli(alias, ["count"])).toBe("1\n");
  });

  it("never uses a task template that is a symbolic link, naming the file", async () => {
    const { dir } = track(gitRepo());
    const outside = track(tempDir()).dir;
    writeFileSync(join(outside, "secret.md"), "---\ntags: [leaked]\n---\nSECRET CONTENT\n");
    mkdirSync(join(dir, "backlog", "templates"), { recursive: true });
    symlinkSync(join(outside, "secret.md"), join(dir, "backlog", "templates", "bug.md"));
    expectRefused(await runCli(dir, ["add", "X", "--template", "bug"]), /backlog\/templates\/bug\.md: it is a symbolic link/);
    expect(readdirSync(join(dir, "backlog"))).toEqual(["templates"]);
    expectNothingLeft(dir);
  });
});
