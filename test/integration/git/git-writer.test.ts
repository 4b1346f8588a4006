import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createGitWriter } from "../../../src/git/git-writer.js";
import type { OperationRecord } from "../../../src/store/writer.js";
import { eventually } from "../../helpers/eventually.js";
import { cleanupAfterEach, git, gitRepo, tempDir } from "../../helpers/git-repo.js";

const track = cleanupAfterEach();

function repo(options: { initialCommit?: boolean } = {}): string {
  const made = gitRepo(options);
  track(made);
  return made.dir;
}

function task(id: number, title: string, status = "pending"): string {
  return `---\nid: ${id}\ntitle: ${title}\nstatus: ${status}\n---\nBody of ${id}\n`;
}

function record(op: string, ids: number[], subject = `${op} #${ids.join(",")}`): OperationRecord {
  return { op, subject, taskIds: ids, agent: "tester" };
}

function commitCount(dir: string): number {
  return Number(git(dir, "rev-list", "--count", "HEAD"));
}

describe("createGitWriter: one commit per operation", () => {
  it("commits exactly the given paths, with the message and trailers, and leaves them clean", async () => {
    const dir = repo();
    writeFileSync(join(dir, "README.md"), "hello\n");
    const writer = await createGitWriter({ cwd: dir });
    const before = commitCount(dir);
    const result = await writer.withLock(() =>
      writer.apply(
        [
          { path: "backlog/1-first.md", content: task(1, "First") },
          { path: "backlog/2-second.md", content: task(2, "Second") },
        ],
        record("add", [1, 2], "add 2 tasks"),
      ),
    );
    expect(result.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(git(dir, "rev-parse", "HEAD")).toBe(result.sha);
    expect(commitCount(dir)).toBe(before + 1);
    expect(git(dir, "diff-tree", "--no-commit-id", "--name-only", "-r", "HEAD").split("\n")).toEqual(["backlog/1-first.md", "backlog/2-second.md"]);
    expect(git(dir, "log", "-1", "--format=%B")).toBe(
      "backlog: add 2 tasks\n\nBacklog-Op: add\nBacklog-Task: 1\nBacklog-Task: 2\nBacklog-Agent: tester",
    );
    expect(git(dir, "log", "-1", "--format=%an <%ae>|%cn <%ce>")).toBe("Test User <test@example.com>|Test User <test@example.com>");
    expect(readFileSync(join(dir, "backlog/1-first.md"), "utf8")).toBe(task(1, "First"));
    expect(git(dir, "status", "--porcelain")).toBe("?? README.md");
    expect(git(dir, "diff-files", "--name-only")).toBe("");
    git(dir, "fsck", "--strict");
  });

  it("keeps what the user staged staged, and out of our commit", async () => {
    const dir = repo();
    writeFileSync(join(dir, "notes.txt"), "mine\n");
    git(dir, "add", "notes.txt");
    writeFileSync(join(dir, "unstaged.txt"), "v1\n");
    git(dir, "add", "unstaged.txt");
    git(dir, "commit", "-q", "-m", "user");
    writeFileSync(join(dir, "unstaged.txt"), "v2\n");
    writeFileSync(join(dir, "staged.txt"), "staged\n");
    git(dir, "add", "staged.txt");
    const writer = await createGitWriter({ cwd: dir });
    await writer.apply([{ path: "backlog/1-a.md", content: task(1, "A") }], record("add", [1]));
    expect(git(dir, "diff-tree", "--no-commit-id", "--name-only", "-r", "HEAD")).toBe("backlog/1-a.md");
    expect(git(dir, "status", "--porcelain").split("\n").sort()).toEqual([" M unstaged.txt", "A  staged.txt"]);
    // Held only while the index is updated: the user's git is free the moment the operation returns.
    expect(existsSync(join(dir, ".git", "index.lock"))).toBe(false);
    await writer.close();
    git(dir, "commit", "-q", "-m", "user commit");
    // The user's next commit carries only their staged file: ours is not reverted.
    expect(git(dir, "diff-tree", "--no-commit-id", "--name-only", "-r", "HEAD")).toBe("staged.txt");
    expect(git(dir, "show", "HEAD:backlog/1-a.md")).toBe(task(1, "A").trimEnd());
  });

  it("works with every index format: v4, split index, untracked cache", async () => {
    const dir = repo();
    git(dir, "config", "feature.manyFiles", "true");
    git(dir, "config", "core.splitIndex", "true");
    git(dir, "config", "core.untrackedCache", "true");
    writeFileSync(join(dir, "tracked.txt"), "t\n");
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "files");
    git(dir, "update-index", "--index-version", "4", "--split-index", "--untracked-cache");
    writeFileSync(join(dir, "staged.txt"), "s\n");
    git(dir, "add", "staged.txt");
    const writer = await createGitWriter({ cwd: dir });
    for (let id = 1; id <= 3; id++) await writer.apply([{ path: `backlog/${id}-t.md`, content: task(id, "T") }], record("add", [id]));
    await writer.close();
    expect(git(dir, "status", "--porcelain")).toBe("A  staged.txt");
    expect(git(dir, "diff-files", "--name-only")).toBe("");
    expect(git(dir, "ls-files", "backlog").split("\n")).toEqual(["backlog/1-t.md", "backlog/2-t.md", "backlog/3-t.md"]);
    git(dir, "commit", "-q", "-m", "user");
    expect(git(dir, "diff-tree", "--no-commit-id", "--name-only", "-r", "HEAD")).toBe("staged.txt");
    git(dir, "fsck", "--strict");
  });

  it("modifies and deletes, each as one commit", async () => {
    const dir = repo();
    const writer = await createGitWriter({ cwd: dir });
    await writer.apply([{ path: "backlog/1-a.md", content: task(1, "A") }], record("add", [1]));
    await writer.apply([{ path: "backlog/1-a.md", content: task(1, "A", "done") }], record("done", [1]));
    expect(git(dir, "show", "HEAD:backlog/1-a.md")).toContain("status: done");
    await writer.apply([{ path: "backlog/1-a.md", content: null }], record("purge", [1]));
    expect(existsSync(join(dir, "backlog/1-a.md"))).toBe(false);
    expect(git(dir, "ls-tree", "-r", "--name-only", "HEAD")).toBe("");
    expect(git(dir, "status", "--porcelain")).toBe("");
    expect(commitCount(dir)).toBe(4);
    git(dir, "fsck", "--strict");
  });

  it("makes the first commit on an unborn branch", async () => {
    const dir = repo({ initialCommit: false });
    const writer = await createGitWriter({ cwd: dir });
    const result = await writer.apply([{ path: "backlog/1-a.md", content: task(1, "A") }], record("add", [1]));
    expect(git(dir, "rev-parse", "refs/heads/main")).toBe(result.sha);
    expect(git(dir, "log", "--format=%P", "-1")).toBe("");
    expect(git(dir, "status", "--porcelain")).toBe("");
    git(dir, "fsck", "--strict");
  });

  it("commits on a linked worktree's branch, visible from the main checkout", async () => {
    const dir = repo();
    const holder = tempDir();
    track(holder);
    const worktree = join(holder.dir, "wt");
    git(dir, "worktree", "add", "-q", "-b", "feature", worktree);
    const writer = await createGitWriter({ cwd: worktree });
    const result = await writer.apply([{ path: "backlog/5-wt.md", content: task(5, "In worktree") }], record("add", [5]));
    expect(git(dir, "rev-parse", "feature")).toBe(result.sha);
    expect(git(dir, "log", "-1", "--format=%s", "feature")).toBe("backlog: add #5");
    expect(git(dir, "rev-list", "--count", "main")).toBe("1");
    expect(git(worktree, "status", "--porcelain")).toBe("");
    expect(git(dir, "status", "--porcelain")).toBe("");
    git(dir, "fsck", "--strict");
  });

  it("writes reflog entries like git does", async () => {
    const dir = repo();
    const writer = await createGitWriter({ cwd: dir });
    const result = await writer.apply([{ path: "backlog/1-a.md", content: task(1, "A") }], record("add", [1]));
    expect(git(dir, "reflog", "-1", "--format=%H %gs", "main")).toBe(`${result.sha} commit: backlog: add #1`);
    expect(git(dir, "reflog", "-1", "--format=%H", "HEAD")).toBe(result.sha);
  });

  it("honours the commit prefix option", async () => {
    const dir = repo();
    const writer = await createGitWriter({ cwd: dir, prefix: "chore(backlog):" });
    await writer.apply([{ path: "backlog/1-a.md", content: task(1, "A") }], record("add", [1]));
    expect(git(dir, "log", "-1", "--format=%s")).toBe("chore(backlog): add #1");
  });

  it("signs through git when commit.gpgsign is set (ssh signing here)", async () => {
    const dir = repo();
    const keys = tempDir();
    track(keys);
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", join(keys.dir, "key")]);
    writeFileSync(join(keys.dir, "allowed"), `test@example.com ${readFileSync(join(keys.dir, "key.pub"), "utf8")}`);
    git(dir, "config", "gpg.format", "ssh");
    git(dir, "config", "user.signingkey", join(keys.dir, "key"));
    git(dir, "config", "gpg.ssh.allowedSignersFile", join(keys.dir, "allowed"));
    git(dir, "config", "commit.gpgsign", "true");
    const writer = await createGitWriter({ cwd: dir });
    const result = await writer.apply([{ path: "backlog/1-a.md", content: task(1, "A") }], record("add", [1]));
    expect(git(dir, "log", "-1", "--format=%G?", result.sha!)).toBe("G");
    expect(git(dir, "log", "-1", "--format=%B")).toContain("Backlog-Op: add");
    expect(git(dir, "status", "--porcelain")).toBe("");
    // A broken signing setup refuses, with nothing committed.
    git(dir, "config", "user.signingkey", join(keys.dir, "missing-key"));
    await expect(writer.apply([{ path: "backlog/2-b.md", content: task(2, "B") }], record("add", [2]))).rejects.toMatchObject({
      code: "git",
      message: expect.stringMatching(/Signing the backlog commit failed/),
    });
    expect(git(dir, "rev-parse", "HEAD")).toBe(result.sha);
    expect(existsSync(join(dir, "backlog/2-b.md"))).toBe(false);
  });

  it("with commit: false only writes the files", async () => {
    const dir = repo();
    const writer = await createGitWriter({ cwd: dir, commit: false });
    const result = await writer.apply([{ path: "backlog/1-a.md", content: task(1, "A") }], record("add", [1]));
    expect(result.sha).toBeUndefined();
    expect(readFileSync(join(dir, "backlog/1-a.md"), "utf8")).toBe(task(1, "A"));
    expect(commitCount(dir)).toBe(1);
    expect(git(dir, "status", "--porcelain")).toBe("?? backlog/");
  });

  it("with commit: false works outside any repository", async () => {
    const folder = tempDir();
    track(folder);
    mkdirSync(join(folder.dir, "backlog"));
    const writer = await createGitWriter({ cwd: folder.dir, commit: false });
    await writer.withLock(() => writer.apply([{ path: "backlog/1-a.md", content: task(1, "A") }], record("add", [1])));
    expect(readFileSync(join(folder.dir, "backlog/1-a.md"), "utf8")).toBe(task(1, "A"));
    expect(existsSync(join(folder.dir, ".backlog.lock"))).toBe(false);
    expect(await writer.highestKnownId("backlog")).toBe(0);
  });

  it("refuses paths that leave the working tree", async () => {
    const dir = repo();
    const writer = await createGitWriter({ cwd: dir });
    for (const path of ["../x.md", "/etc/x.md", "backlog/../../x.md", ".git/config", "backlog\\x.md", "a//b.md"]) {
      await expect(writer.apply([{ path, content: "x" }], record("add", [1]))).rejects.toMatchObject({ code: "invalid" });
    }
    expect(commitCount(dir)).toBe(1);
  });
});

describe("a long-running writer starts the next index refresh ahead", () => {
  const copies = (dir: string): string[] => readdirSync(join(dir, ".git")).filter((name) => /^backlog-index-\d+-[0-9a-f]+$/.test(name));
  /** The next refresh is prepared once the writer is idle (after its repair look): wait for its copy. */
  const prepared = (dir: string): Promise<unknown> => eventually(() => (copies(dir).length === 1 ? true : undefined), 5_000);

  it("prepares it while idle, and commits cleanly with it", async () => {
    const dir = repo();
    writeFileSync(join(dir, "staged.txt"), "s\n");
    git(dir, "add", "staged.txt");
    const writer = await createGitWriter({ cwd: dir, prestartIndexRefresh: true });
    await writer.apply([{ path: "backlog/1-a.md", content: task(1, "A") }], record("add", [1]));
    await prepared(dir); // the next refresh waits, copied and with git started
    expect(copies(dir)).toHaveLength(1);
    for (let id = 2; id <= 4; id++) {
      await writer.apply([{ path: `backlog/${id}-t.md`, content: task(id, "T") }], record("add", [id]));
      await prepared(dir);
    }
    expect(git(dir, "status", "--porcelain")).toBe("A  staged.txt");
    expect(git(dir, "diff-files", "--name-only")).toBe("");
    expect(git(dir, "ls-files", "backlog").split("\n")).toEqual(["backlog/1-a.md", "backlog/2-t.md", "backlog/3-t.md", "backlog/4-t.md"]);
    await writer.close();
    expect(copies(dir)).toEqual([]);
    git(dir, "fsck", "--strict");
  });

  it("throws it away when the user changed the index meanwhile, so their staging is never lost", async () => {
    const dir = repo();
    // The writer's look at the index after a commit comes at once here, before the user acts below:
    // a `git rm --cached` of our new file within that look would read as a stale write and be undone.
    const writer = await createGitWriter({ cwd: dir, prestartIndexRefresh: true, repairDelayMs: 0 });
    await writer.apply([{ path: "backlog/1-a.md", content: task(1, "A") }], record("add", [1]));
    await new Promise((resolve) => setTimeout(resolve, 0)); // one turn: the look, due at once, has run
    await prepared(dir);
    expect(copies(dir)).toHaveLength(1); // a copy of the index as it was then
    writeFileSync(join(dir, "later.txt"), "staged after the copy\n");
    git(dir, "add", "later.txt");
    git(dir, "rm", "-q", "--cached", "backlog/1-a.md"); // the user even unstages our file
    await writer.apply([{ path: "backlog/2-b.md", content: task(2, "B") }], record("add", [2]));
    await writer.close();
    expect(git(dir, "status", "--porcelain").split("\n").sort()).toEqual(["?? backlog/1-a.md", "A  later.txt", "D  backlog/1-a.md"]);
    expect(git(dir, "diff-files", "--name-only")).toBe("");
    expect(copies(dir)).toEqual([]);
  });
});
