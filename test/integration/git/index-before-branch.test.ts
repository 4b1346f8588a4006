import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createGitWriter } from "../../../src/git/git-writer.js";
import { startIndexRefresh } from "../../../src/git/refresh-index.js";
import { eventually } from "../../helpers/eventually.js";
import { cleanupAfterEach, git, GIT_TEST_ENV, gitRepo } from "../../helpers/git-repo.js";

/**
 * `git commit` reads HEAD, then the index, and only then takes `index.lock`; it never reads the
 * index again. Had we moved the branch before putting our index in place, a commit reading in
 * between would take our commit as its parent and the index without our entries: its commit
 * would delete our task. So the index is put in place first, the branch moved second, both under
 * `index.lock`, and the index put back if the branch cannot be moved.
 */

const track = cleanupAfterEach();

const TASK = "---\nid: 1\ntitle: A\nstatus: pending\n---\n";

describe("the index is in place before the branch moves", () => {
  it("while the branch is locked, our entry is already staged; a commit reading the new branch reads it too", async () => {
    const made = gitRepo();
    track(made);
    const dir = made.dir;
    const head = git(dir, "rev-parse", "HEAD");
    const refLock = join(dir, ".git", "refs", "heads", "main.lock");
    writeFileSync(refLock, `${head}\n`); // another git process is moving the branch
    const writer = await createGitWriter({ cwd: dir });
    const applied = writer.withLock(() => writer.apply([{ path: "backlog/1-a.md", content: TASK }], { op: "add", subject: "add #1", taskIds: [1], agent: "t" }));
    await eventually(() => (git(dir, "ls-files", "backlog").includes("backlog/1-a.md") ? true : undefined), 4_000);
    expect(git(dir, "rev-parse", "HEAD")).toBe(head); // the branch has not moved yet
    unlinkSync(refLock);
    const result = await applied;
    expect(git(dir, "rev-parse", "HEAD")).toBe(result.sha);
    expect(git(dir, "status", "--porcelain")).toBe("");
  });

  it("puts the index back when the branch moved under it, and commits on the new tip", async () => {
    const made = gitRepo();
    track(made);
    const dir = made.dir;
    writeFileSync(join(dir, "notes.txt"), "staged by the user\n");
    git(dir, "add", "notes.txt");
    const head = git(dir, "rev-parse", "HEAD");
    // Someone else's commit, made without the index (as `git update-ref` or a push would).
    const tree = git(dir, "rev-parse", "HEAD^{tree}");
    const theirs = execFileSync("git", ["commit-tree", tree, "-p", head, "-m", "theirs"], { cwd: dir, env: GIT_TEST_ENV, encoding: "utf8" }).trim();
    const refLock = join(dir, ".git", "refs", "heads", "main.lock");
    writeFileSync(refLock, `${theirs}\n`);
    const writer = await createGitWriter({ cwd: dir });
    const applied = writer.withLock(() => writer.apply([{ path: "backlog/1-a.md", content: TASK }], { op: "add", subject: "add #1", taskIds: [1], agent: "t" }));
    await eventually(() => (git(dir, "ls-files", "backlog").includes("backlog/1-a.md") ? true : undefined), 4_000);
    renameSync(refLock, join(dir, ".git", "refs", "heads", "main")); // their update lands: our compare-and-swap fails
    const result = await applied;
    expect(git(dir, "rev-parse", "HEAD")).toBe(result.sha);
    expect(git(dir, "rev-parse", "HEAD^")).toBe(theirs);
    expect(git(dir, "diff-tree", "--no-commit-id", "--name-only", "-r", "HEAD")).toBe("backlog/1-a.md");
    expect(git(dir, "status", "--porcelain").split("\n").sort()).toEqual(["A  notes.txt"]);
    expect(existsSync(join(dir, ".git", "index.lock"))).toBe(false);
  });

  it("a publish not settled in puts back the very index it replaced, and the copy can be published again", async () => {
    const made = gitRepo();
    track(made);
    const dir = made.dir;
    writeFileSync(join(dir, "notes.txt"), "staged\n");
    git(dir, "add", "notes.txt");
    mkdirSync(join(dir, "backlog"));
    writeFileSync(join(dir, "backlog/1-a.md"), TASK);
    const paths = { root: dir, gitDir: join(dir, ".git"), commonDir: join(dir, ".git") };
    const indexFile = join(dir, ".git", "index");
    const before = readFileSync(indexFile);
    const oid = execFileSync("git", ["hash-object", "backlog/1-a.md"], { cwd: dir, env: GIT_TEST_ENV, encoding: "utf8" }).trim();
    const prepared = await startIndexRefresh(paths, "abcd").feed([{ path: "backlog/1-a.md", oid, mode: "100644" }]);
    const settle = prepared.publishRevertibly();
    expect(git(dir, "ls-files", "backlog")).toBe("backlog/1-a.md");
    settle(false);
    expect(readFileSync(indexFile).equals(before)).toBe(true);
    expect(git(dir, "ls-files", "backlog")).toBe("");
    prepared.publishRevertibly()(true);
    expect(git(dir, "status", "--porcelain").split("\n").sort()).toEqual(["A  backlog/1-a.md", "A  notes.txt"]);
    expect(readdirSync(join(dir, ".git")).filter((name) => name.startsWith("backlog-"))).toEqual([]);
  });
});
