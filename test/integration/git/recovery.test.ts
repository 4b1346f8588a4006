import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createGitWriter } from "../../../src/git/git-writer.js";
import type { CommitJournal } from "../../../src/git/journal.js";
import { runCli } from "../../helpers/cli.js";
import { cleanupAfterEach, git, GIT_TEST_ENV, gitRepo } from "../../helpers/git-repo.js";

/**
 * The states a killed process can leave, built by hand, and what the next operation makes of
 * them (the random kill -9 test in crash-safety.test.ts covers the same ground by chance).
 */

const track = cleanupAfterEach();

const DEAD_PID = 2 ** 22 + 12345; // above Linux's pid_max default: never alive
const V1 = "---\nid: 1\ntitle: A\nstatus: pending\n---\n";
const V2 = "---\nid: 1\ntitle: A\nstatus: done\n---\n";
const HAND = "---\nid: 1\ntitle: A edited by hand\nstatus: pending\n---\n";

function setup(): {
  dir: string;
  blob: (text: string) => string;
  journal: (value: CommitJournal) => void;
  /** A commit journal of a killed process on main; the fields given complete it. */
  commitJournal: (fields: Pick<CommitJournal, "token"> & Partial<CommitJournal>) => void;
  markIndexLock: (token: string) => void;
} {
  const made = gitRepo();
  track(made);
  const dir = made.dir;
  mkdirSync(join(dir, "backlog"));
  writeFileSync(join(dir, "backlog/1-a.md"), V1);
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "seed");
  const blob = (text: string): string => execFileSync("git", ["hash-object", "-w", "--stdin"], { cwd: dir, env: GIT_TEST_ENV, input: text, encoding: "utf8" }).trim();
  const journal = (value: CommitJournal): void => writeFileSync(join(dir, ".git", "backlog-journal.json"), JSON.stringify(value));
  return {
    dir,
    blob,
    journal,
    commitJournal: (fields) => journal({ kind: "commit", pid: DEAD_PID, root: dir, gitDir: join(dir, ".git"), ref: "refs/heads/main", ...fields }),
    markIndexLock: (token) => writeFileSync(join(dir, ".git", "index.lock"), `git-backlog ${DEAD_PID} ${token}\n`),
  };
}

/** A commit of V2 on main made with git itself; returns [parent, commit]. */
function commitV2Behind(dir: string, blob: (text: string) => string): [string, string] {
  const parent = git(dir, "rev-parse", "HEAD");
  const v2 = blob(V2);
  const tree = execFileSync("git", ["mktree"], { cwd: dir, env: GIT_TEST_ENV, input: `100644 blob ${v2}\t1-a.md\n`, encoding: "utf8" }).trim();
  const root = execFileSync("git", ["mktree"], { cwd: dir, env: GIT_TEST_ENV, input: `040000 tree ${tree}\tbacklog\n`, encoding: "utf8" }).trim();
  const commit = execFileSync("git", ["commit-tree", root, "-p", parent, "-m", "backlog: done #1"], { cwd: dir, env: GIT_TEST_ENV, encoding: "utf8" }).trim();
  return [parent, commit];
}

async function recover(dir: string): Promise<void> {
  const writer = await createGitWriter({ cwd: dir });
  await writer.withLock(() => Promise.resolve());
}

describe("recovery of an operation a killed process left", () => {
  it("finishes one killed after the branch moved: files, index and index.lock", async () => {
    const { dir, blob, commitJournal, markIndexLock } = setup();
    const [parent, commit] = commitV2Behind(dir, blob);
    git(dir, "update-ref", "refs/heads/main", commit, parent);
    markIndexLock("aa01");
    commitJournal({
      token: "aa01",
      expected: parent,
      next: commit,
      paths: [{ path: "backlog/1-a.md", before: blob(V1), after: blob(V2), previous: blob(V1), mode: "100644" }],
    });
    await recover(dir);
    expect(readFileSync(join(dir, "backlog/1-a.md"), "utf8")).toBe(V2);
    expect(existsSync(join(dir, ".git", "index.lock"))).toBe(false);
    expect(existsSync(join(dir, ".git", "backlog-journal.json"))).toBe(false);
    expect(git(dir, "status", "--porcelain")).toBe("");
    expect(git(dir, "diff-files", "--name-only")).toBe("");
  });

  it("puts back what the working tree held when the branch never moved", async () => {
    const { dir, blob, commitJournal, markIndexLock } = setup();
    const head = git(dir, "rev-parse", "HEAD");
    writeFileSync(join(dir, "backlog/1-a.md"), V2); // written before the commit point
    markIndexLock("aa02");
    commitJournal({
      token: "aa02",
      expected: head,
      next: commitV2Behind(dir, blob)[1], // made, never published
      paths: [{ path: "backlog/1-a.md", before: blob(V1), after: blob(V2), previous: blob(HAND), mode: "100644" }],
    });
    await recover(dir);
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
    expect(readFileSync(join(dir, "backlog/1-a.md"), "utf8")).toBe(HAND); // the user's uncommitted edit is back
    expect(existsSync(join(dir, ".git", "index.lock"))).toBe(false);
    expect(git(dir, "status", "--porcelain")).toBe(" M backlog/1-a.md");
  });

  it("puts a file back that was killed aside in the instant of its compare-and-swap, then rolls forward", async () => {
    const { dir, blob, commitJournal, markIndexLock } = setup();
    const [parent, commit] = commitV2Behind(dir, blob);
    git(dir, "update-ref", "refs/heads/main", commit, parent);
    // store/replace-file.ts step 1 done, step 2 not: the name is free, the hand edit is aside.
    writeFileSync(join(dir, "backlog/1-a.md"), HAND);
    renameSync(join(dir, "backlog/1-a.md"), join(dir, `backlog/.1-a.md.aside-${DEAD_PID}-0a0b0c0d`));
    markIndexLock("aa05");
    commitJournal({
      token: "aa05",
      expected: parent,
      next: commit,
      paths: [{ path: "backlog/1-a.md", before: blob(V1), after: blob(V2), previous: blob(HAND), mode: "100644" }],
    });
    await recover(dir);
    expect(readdirSync(join(dir, "backlog"))).toEqual(["1-a.md"]);
    // The edit was what the operation read: the committed operation's content replaces it.
    expect(readFileSync(join(dir, "backlog/1-a.md"), "utf8")).toBe(V2);
    expect(git(dir, "status", "--porcelain")).toBe("");
  });

  it("puts back the index entries too when killed after the index was in place but before the branch moved", async () => {
    const { dir, blob, commitJournal, markIndexLock } = setup();
    const head = git(dir, "rev-parse", "HEAD");
    writeFileSync(join(dir, "notes.txt"), "staged by the user\n");
    git(dir, "add", "notes.txt");
    writeFileSync(join(dir, "backlog/2-b.md"), V2);
    writeFileSync(join(dir, "backlog/1-a.md"), V2);
    git(dir, "add", "backlog"); // our index, published: 1 changed, 2 new
    markIndexLock("aa07");
    commitJournal({
      token: "aa07",
      expected: head,
      next: commitV2Behind(dir, blob)[1], // made, the branch never moved to it
      paths: [
        { path: "backlog/1-a.md", before: blob(V1), after: blob(V2), previous: blob(V1), mode: "100644" },
        { path: "backlog/2-b.md", before: null, after: blob(V2), previous: null, mode: "100644" },
      ],
    });
    await recover(dir);
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
    expect(readFileSync(join(dir, "backlog/1-a.md"), "utf8")).toBe(V1);
    expect(existsSync(join(dir, "backlog/2-b.md"))).toBe(false);
    expect(existsSync(join(dir, ".git", "index.lock"))).toBe(false);
    expect(git(dir, "status", "--porcelain")).toBe("A  notes.txt"); // the user's staging stays; ours is gone
  });

  it("leaves a file the user changed since the crash alone, and the index takes the committed blob", async () => {
    const { dir, blob, commitJournal, markIndexLock } = setup();
    const [parent, commit] = commitV2Behind(dir, blob);
    git(dir, "update-ref", "refs/heads/main", commit, parent);
    writeFileSync(join(dir, "backlog/1-a.md"), HAND);
    markIndexLock("aa03");
    commitJournal({
      token: "aa03",
      expected: parent,
      next: commit,
      paths: [{ path: "backlog/1-a.md", before: blob(V1), after: blob(V2), previous: blob(V1), mode: "100644" }],
    });
    await recover(dir);
    expect(readFileSync(join(dir, "backlog/1-a.md"), "utf8")).toBe(HAND);
    expect(git(dir, "status", "--porcelain")).toBe(" M backlog/1-a.md"); // not staged: the index holds the commit
    expect(git(dir, "diff", "--cached", "--name-only")).toBe("");
  });

  it("leaves an index.lock that is not ours alone", async () => {
    const { dir, journal } = setup();
    writeFileSync(join(dir, ".git", "index.lock"), "");
    journal({ kind: "commit", token: "aa04", pid: DEAD_PID, root: dir, gitDir: join(dir, ".git") });
    await recover(dir);
    expect(existsSync(join(dir, ".git", "index.lock"))).toBe(true);
    expect(existsSync(join(dir, ".git", "backlog-journal.json"))).toBe(false);
  });

  it("removes a backlog index.lock whose process is gone", async () => {
    const { dir, markIndexLock } = setup();
    markIndexLock("aa05");
    await recover(dir);
    expect(existsSync(join(dir, ".git", "index.lock"))).toBe(false);
  });

  it("finishes a commit: false batch from its journal", async () => {
    const { dir, blob } = setup();
    writeFileSync(
      join(dir, ".git", "backlog-journal.json"),
      JSON.stringify({
        kind: "files",
        token: "",
        pid: DEAD_PID,
        root: dir,
        files: [
          { path: "backlog/1-a.md", before: blob(V1), content: V2 },
          { path: "backlog/2-b.md", before: null, content: "---\nid: 2\ntitle: B\n---\n" },
        ],
      }),
    );
    const writer = await createGitWriter({ cwd: dir, commit: false });
    await writer.withLock(() => Promise.resolve());
    expect(readFileSync(join(dir, "backlog/1-a.md"), "utf8")).toBe(V2);
    expect(readFileSync(join(dir, "backlog/2-b.md"), "utf8")).toBe("---\nid: 2\ntitle: B\n---\n");
  });

  it("leaves a half-done change the user committed themselves alone: no stray revert", async () => {
    // Killed after writing the working file, before the commit point; the user then did what git
    // advises for a stale lock and committed everything.
    const { dir, blob, commitJournal, markIndexLock } = setup();
    const head = git(dir, "rev-parse", "HEAD");
    writeFileSync(join(dir, "backlog/1-a.md"), V2);
    markIndexLock("aa06");
    commitJournal({
      token: "aa06",
      expected: head,
      next: commitV2Behind(dir, blob)[1],
      paths: [{ path: "backlog/1-a.md", before: blob(V1), after: blob(V2), previous: blob(V1), mode: "100644" }],
    });
    rmSync(join(dir, ".git", "index.lock"));
    git(dir, "commit", "-q", "-am", "x");
    const userCommit = git(dir, "rev-parse", "HEAD");
    await recover(dir);
    expect(git(dir, "rev-parse", "HEAD")).toBe(userCommit);
    expect(readFileSync(join(dir, "backlog/1-a.md"), "utf8")).toBe(V2);
    expect(git(dir, "status", "--porcelain")).toBe("");
  });

  it("is done by a read command too: list finishes the operation and frees index.lock", async () => {
    const { dir, blob, commitJournal, markIndexLock } = setup();
    const [parent, commit] = commitV2Behind(dir, blob);
    git(dir, "update-ref", "refs/heads/main", commit, parent);
    markIndexLock("aa07");
    commitJournal({
      token: "aa07",
      expected: parent,
      next: commit,
      paths: [{ path: "backlog/1-a.md", before: blob(V1), after: blob(V2), previous: blob(V1), mode: "100644" }],
    });
    const listed = await runCli(dir, ["list", "status:done", "--json"]);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { id: number }[]).map((task) => task.id)).toEqual([1]);
    expect(existsSync(join(dir, ".git", "index.lock"))).toBe(false);
    expect(existsSync(join(dir, ".git", "backlog-journal.json"))).toBe(false);
    expect(git(dir, "status", "--porcelain")).toBe("");
    git(dir, "commit", "-q", "--allow-empty", "-m", "the user's own commit works at once");
  });

  it("takes over the lock of a dead holder at once", async () => {
    const { dir } = setup();
    writeFileSync(join(dir, ".git", "backlog.lock"), JSON.stringify({ pid: DEAD_PID, host: (await import("node:os")).hostname(), time: "x", token: "dead" }));
    const started = performance.now();
    await recover(dir);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(existsSync(join(dir, ".git", "backlog.lock"))).toBe(false);
  });
});
