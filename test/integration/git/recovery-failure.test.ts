import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { createGitWriter } from "../../../src/git/git-writer.js";
import type { CommitJournal } from "../../../src/git/journal.js";
import { cleanupAfterEach, git, GIT_TEST_ENV, gitRepo, tempDir } from "../../helpers/git-repo.js";

const track = cleanupAfterEach();

const DEAD_PID = 2 ** 22 + 12345; // above Linux's pid_max default: never alive
const TASK = "---\nid: 1\ntitle: A\nstatus: pending\n---\n";

/**
 * What a commit through a symbolic link task folder left before such folders were refused: the
 * branch holds `backlog/1-a.md` over the committed link, the index still holds the link, the
 * journal asks for a roll-forward git cannot do, and git's `index.lock` is marked by the dead
 * process. The user has since replaced the link with a real folder.
 */
it("a roll-forward that git refuses releases git's index.lock, and finishes once the user fixes the index", async () => {
  const { dir } = track(gitRepo());
  const outside = track(tempDir()).dir;
  symlinkSync(outside, join(dir, "backlog"));
  git(dir, "add", "backlog");
  git(dir, "commit", "-q", "-m", "link");
  const run = (args: string[], input?: string): string => execFileSync("git", args, { cwd: dir, env: GIT_TEST_ENV, input, encoding: "utf8" }).trim();
  const parent = run(["rev-parse", "HEAD"]);
  const blob = run(["hash-object", "-w", "--stdin"], TASK);
  const folder = run(["mktree"], `100644 blob ${blob}\t1-a.md\n`);
  const root = run(["mktree"], `040000 tree ${folder}\tbacklog\n`);
  const commit = run(["commit-tree", root, "-p", parent, "-m", "backlog: add #1 A"]);
  git(dir, "update-ref", "refs/heads/main", commit, parent);
  const journal: CommitJournal = {
    kind: "commit",
    token: "bb02",
    pid: DEAD_PID,
    root: dir,
    gitDir: join(dir, ".git"),
    ref: "refs/heads/main",
    expected: parent,
    next: commit,
    paths: [{ path: "backlog/1-a.md", before: null, after: blob, previous: null, mode: "100644" }],
  };
  writeFileSync(join(dir, ".git", "backlog-journal.json"), JSON.stringify(journal));
  writeFileSync(join(dir, ".git", "index.lock"), `git-backlog ${DEAD_PID} bb02\n`);
  rmSync(join(dir, "backlog"));
  mkdirSync(join(dir, "backlog"));
  writeFileSync(join(dir, "backlog", "1-a.md"), TASK);

  const writer = await createGitWriter({ cwd: dir });
  await expect(writer.withLock(() => Promise.resolve())).rejects.toThrow(/update-index/);
  expect(existsSync(join(dir, ".git", "index.lock"))).toBe(false);
  expect(existsSync(join(dir, ".git", "backlog-journal.json"))).toBe(true);

  // git works meanwhile, so the user can put the folder in the index; the next operation finishes.
  git(dir, "add", "-A", "backlog");
  await writer.withLock(() => Promise.resolve());
  expect(existsSync(join(dir, ".git", "backlog-journal.json"))).toBe(false);
  expect(existsSync(join(dir, ".git", "index.lock"))).toBe(false);
  expect(git(dir, "status", "--porcelain")).toBe("");
  await writer.close();
});
