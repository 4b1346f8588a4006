import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitChanges } from "../../../src/git/commit-paths.js";
import { createContentFilter } from "../../../src/git/content-filter.js";
import { createConfigReader } from "../../../src/git/git-config.js";
import { createGitWriter } from "../../../src/git/git-writer.js";
import type { CommitJournal } from "../../../src/git/journal.js";
import { createObjectStore } from "../../../src/git/object-store.js";
import { findRepoPaths } from "../../../src/git/repo-paths.js";
import { createConflictGuard } from "../../../src/git/repo-state.js";
import { createTreeStore, type TreeStore } from "../../../src/git/tree-store.js";
import { cleanupAfterEach, git, GIT_TEST_ENV, gitRepo } from "../../helpers/git-repo.js";

/**
 * Putting working files back, or finishing them, after an operation that failed or was killed,
 * under core.autocrlf: the files are compared as git compares them and written as a checkout
 * would write them (CRLF), never as the raw blob.
 */

const track = cleanupAfterEach();

const DEAD_PID = 2 ** 22 + 12345; // above Linux's pid_max default: never alive
const PATH = "backlog/1-a.md";
const V1 = "---\nid: 1\ntitle: A\nstatus: pending\n---\n";
const V2 = "---\nid: 1\ntitle: A\nstatus: done\n---\n";
const crlf = (text: string): string => text.replace(/\n/g, "\r\n");

function setup(): { dir: string; blob: (text: string) => string; journal: (value: CommitJournal) => void } {
  const { dir } = track(gitRepo());
  git(dir, "config", "core.autocrlf", "true");
  mkdirSync(join(dir, "backlog"));
  writeFileSync(join(dir, PATH), V1);
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "seed");
  rmSync(join(dir, PATH));
  git(dir, "checkout", "--", PATH);
  expect(readFileSync(join(dir, PATH), "utf8")).toBe(crlf(V1));
  const blob = (text: string): string => execFileSync("git", ["hash-object", "-w", "--stdin"], { cwd: dir, env: GIT_TEST_ENV, input: text, encoding: "utf8" }).trim();
  writeFileSync(join(dir, ".git", "index.lock"), `git-backlog ${DEAD_PID} aa01\n`);
  return { dir, blob, journal: (value) => writeFileSync(join(dir, ".git", "backlog-journal.json"), JSON.stringify(value)) };
}

/** A commit of V2 on top of HEAD, made without touching the index or working tree; returns [parent, commit]. */
function commitV2Behind(dir: string, blob: (text: string) => string): [string, string] {
  const parent = git(dir, "rev-parse", "HEAD");
  const tree = execFileSync("git", ["mktree"], { cwd: dir, env: GIT_TEST_ENV, input: `100644 blob ${blob(V2)}\t1-a.md\n`, encoding: "utf8" }).trim();
  const root = execFileSync("git", ["mktree"], { cwd: dir, env: GIT_TEST_ENV, input: `040000 tree ${tree}\tbacklog\n`, encoding: "utf8" }).trim();
  return [parent, execFileSync("git", ["commit-tree", root, "-p", parent, "-m", "backlog: done #1"], { cwd: dir, env: GIT_TEST_ENV, encoding: "utf8" }).trim()];
}

async function recover(dir: string): Promise<void> {
  const writer = await createGitWriter({ cwd: dir });
  await writer.withLock(() => Promise.resolve());
}

describe("recovery under core.autocrlf", () => {
  it("finishes a killed operation's file as a checkout would write it", async () => {
    const { dir, blob, journal } = setup();
    const [parent, commit] = commitV2Behind(dir, blob);
    git(dir, "update-ref", "refs/heads/main", commit, parent);
    const paths = [{ path: PATH, before: blob(V1), after: blob(V2), previous: blob(V1), mode: "100644" }];
    journal({ kind: "commit", token: "aa01", pid: DEAD_PID, root: dir, gitDir: join(dir, ".git"), ref: "refs/heads/main", expected: parent, next: commit, paths });
    await recover(dir);
    expect(readFileSync(join(dir, PATH), "utf8")).toBe(crlf(V2));
    expect(git(dir, "status", "--porcelain")).toBe("");
  });

  it("puts back what a killed operation replaced, as a checkout would write it", async () => {
    const { dir, blob, journal } = setup();
    const head = git(dir, "rev-parse", "HEAD");
    writeFileSync(join(dir, PATH), crlf(V2)); // written before the commit point
    const paths = [{ path: PATH, before: blob(V1), after: blob(V2), previous: blob(V1), mode: "100644" }];
    journal({ kind: "commit", token: "aa01", pid: DEAD_PID, root: dir, gitDir: join(dir, ".git"), ref: "refs/heads/main", expected: head, next: commitV2Behind(dir, blob)[1], paths });
    await recover(dir);
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
    expect(readFileSync(join(dir, PATH), "utf8")).toBe(crlf(V1));
    expect(git(dir, "status", "--porcelain")).toBe("");
  });

  it("puts the working file back when a commit that landed meanwhile refuses the operation", async () => {
    const { dir, blob } = setup();
    rmSync(join(dir, ".git", "index.lock"));
    const paths = findRepoPaths(dir)!;
    const objects = createObjectStore(paths);
    const inner = createTreeStore(objects);
    let moved = false;
    // Moves the branch (changing our path) just before our first tree is written, after the working file was read.
    const trees: TreeStore = {
      read: (oid) => inner.read(oid),
      originOf: (oid) => inner.originOf(oid),
      write: (entries, origin) => {
        if (!moved) {
          moved = true;
          const [parent, commit] = commitV2Behind(dir, blob);
          git(dir, "update-ref", "refs/heads/main", commit, parent);
        }
        return inner.write(entries, origin);
      },
    };
    const config = createConfigReader(paths);
    const context = {
      ...{ paths, objects, trees, config, filter: createContentFilter({ paths, objects, config }), conflicts: createConflictGuard(paths) },
      ...{ prefix: "backlog:", journalPath: join(paths.commonDir, "backlog-journal.json"), commitTrees: new Map<string, string>() },
    };
    const change = { path: PATH, content: V1.replace("pending", "active") };
    await expect(commitChanges(context, [change], { op: "start", subject: "start #1", taskIds: [1] })).rejects.toMatchObject({ code: "conflict" });
    expect(readFileSync(join(dir, PATH), "utf8")).toBe(crlf(V1));
  });
});
