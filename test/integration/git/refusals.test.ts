import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createGitWriter } from "../../../src/git/git-writer.js";
import type { OperationRecord } from "../../../src/store/writer.js";
import { cleanupAfterEach, git, gitRepo, tempDir } from "../../helpers/git-repo.js";

const track = cleanupAfterEach();

function repo(): string {
  const made = gitRepo();
  track(made);
  return made.dir;
}

const add: OperationRecord = { op: "add", subject: "add #1 A", taskIds: [1] };
const change = [{ path: "backlog/1-a.md", content: "---\nid: 1\ntitle: A\n---\n" }];

/** Two branches that both change backlog/1-a.md, merged: a conflict on that file. */
function conflictedRepo(): string {
  const dir = repo();
  writeFileSync(join(dir, "base.txt"), "base\n");
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "base");
  git(dir, "checkout", "-q", "-b", "other");
  writeFileSync(join(dir, "base.txt"), "other\n");
  git(dir, "commit", "-q", "-am", "other");
  git(dir, "checkout", "-q", "main");
  writeFileSync(join(dir, "base.txt"), "main\n");
  git(dir, "commit", "-q", "-am", "main");
  return dir;
}

async function expectRefused(dir: string, code: string, pattern: RegExp, paths = ["backlog/1-a.md"]): Promise<void> {
  const head = git(dir, "rev-parse", "--verify", "-q", "HEAD");
  const writer = await createGitWriter({ cwd: dir });
  await expect(writer.assertWritable(paths)).rejects.toMatchObject({ code, message: expect.stringMatching(pattern) });
  await expect(writer.apply(change, add)).rejects.toMatchObject({ code, message: expect.stringMatching(pattern) });
  expect(git(dir, "rev-parse", "--verify", "-q", "HEAD")).toBe(head);
}

describe("refusals: nothing is written", () => {
  it("outside a repository, suggesting git init or commit: false", async () => {
    const folder = tempDir();
    track(folder);
    const writer = await createGitWriter({ cwd: folder.dir });
    await expect(writer.assertWritable([])).rejects.toMatchObject({ code: "git", message: expect.stringMatching(/git init.*commit: false/s) });
    await expect(writer.apply(change, add)).rejects.toMatchObject({ code: "git" });
  });

  it("on a detached HEAD", async () => {
    const dir = repo();
    git(dir, "checkout", "-q", "--detach");
    await expectRefused(dir, "git", /detached.*git switch/s);
  });

  it("while a merge is in progress", async () => {
    const dir = conflictedRepo();
    expect(() => git(dir, "merge", "-q", "other")).toThrow();
    await expectRefused(dir, "git", /merge is in progress.*git merge --abort/s);
  });

  it("while a rebase is in progress", async () => {
    const dir = conflictedRepo();
    expect(() => git(dir, "rebase", "-q", "other")).toThrow();
    await expectRefused(dir, "git", /rebase.*in progress/s);
  });

  it("while a cherry-pick is in progress", async () => {
    const dir = conflictedRepo();
    expect(() => git(dir, "cherry-pick", "other")).toThrow();
    await expectRefused(dir, "git", /cherry-pick is in progress/);
  });

  it("while a revert is in progress", async () => {
    const dir = conflictedRepo();
    git(dir, "commit", "-q", "--allow-empty", "-m", "spacer");
    writeFileSync(join(dir, "base.txt"), "later\n");
    git(dir, "commit", "-q", "-am", "later");
    expect(() => git(dir, "revert", "--no-edit", "HEAD~2")).toThrow();
    await expectRefused(dir, "git", /revert is in progress/);
  });

  it("when a task file is conflicted, naming it", async () => {
    const dir = repo();
    writeFileSync(join(dir, "x.md"), "base\n");
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "base");
    writeFileSync(join(dir, "x.md"), "stashed\n");
    git(dir, "stash", "-q");
    writeFileSync(join(dir, "x.md"), "committed\n");
    git(dir, "commit", "-q", "-am", "change");
    // A conflicted `stash pop` leaves unmerged entries and no merge state files.
    expect(() => git(dir, "stash", "pop", "-q")).toThrow();
    const writer = await createGitWriter({ cwd: dir });
    await expect(writer.assertWritable(["x.md"])).rejects.toMatchObject({ code: "git", message: expect.stringMatching(/x\.md has unresolved merge conflicts/) });
    await expect(writer.apply([{ path: "x.md", content: "mine\n" }], add)).rejects.toMatchObject({ code: "git" });
    // Other paths are still writable.
    await writer.assertWritable(["backlog/1-a.md"]);
  });

  it("without an identity, with the fix", async () => {
    const dir = repo();
    git(dir, "config", "--unset", "user.name");
    git(dir, "config", "--unset", "user.email");
    const env = { ...process.env };
    const saved = ["GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM"] as const;
    for (const key of saved) delete process.env[key];
    process.env.GIT_CONFIG_GLOBAL = "/dev/null";
    process.env.GIT_CONFIG_NOSYSTEM = "1";
    try {
      const writer = await createGitWriter({ cwd: dir });
      await expect(writer.apply(change, add)).rejects.toMatchObject({ code: "git", message: expect.stringMatching(/git config --global user\.name/) });
    } finally {
      for (const key of saved) {
        if (env[key] === undefined) delete process.env[key];
        else process.env[key] = env[key];
      }
    }
    expect(git(dir, "rev-list", "--count", "HEAD")).toBe("1");
    expect(git(dir, "status", "--porcelain")).toBe("");
  });
});
