import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitChanges, type CommitContext } from "../../../src/git/commit-paths.js";
import { createContentFilter } from "../../../src/git/content-filter.js";
import { createConfigReader } from "../../../src/git/git-config.js";
import { createObjectStore } from "../../../src/git/object-store.js";
import { findRepoPaths } from "../../../src/git/repo-paths.js";
import { createConflictGuard } from "../../../src/git/repo-state.js";
import { createTreeStore, type TreeStore } from "../../../src/git/tree-store.js";
import { cleanupAfterEach, git, GIT_TEST_ENV, gitRepo } from "../../helpers/git-repo.js";

/** The compare-and-swap of the branch, with the branch moved by someone else mid-operation. */

const track = cleanupAfterEach();

/** A context whose tree store moves the branch (once) just before our first tree is written. */
function racingContext(dir: string, moveBranch: () => void): CommitContext {
  const paths = findRepoPaths(dir)!;
  const objects = createObjectStore(paths);
  const inner = createTreeStore(objects);
  let moved = false;
  const trees: TreeStore = {
    read: (oid) => inner.read(oid),
    originOf: (oid) => inner.originOf(oid),
    write: (entries, origin) => {
      if (!moved) {
        moved = true;
        moveBranch();
      }
      return inner.write(entries, origin);
    },
  };
  const config = createConfigReader(paths);
  return { paths, objects, filter: createContentFilter({ paths, objects, config }), trees, config, conflicts: createConflictGuard(paths), prefix: "backlog:", journalPath: join(paths.commonDir, "backlog-journal.json"), commitTrees: new Map() };
}

/** A commit on top of main, made without touching the index or working tree (like a push or update-ref would). */
function commitBehindTheBack(dir: string, path: string, content: string): string {
  const blob = execFileSync("git", ["hash-object", "-w", "--stdin"], { cwd: dir, env: GIT_TEST_ENV, input: content, encoding: "utf8" }).trim();
  const index = join(dir, ".git", "side-index");
  const env = { ...GIT_TEST_ENV, GIT_INDEX_FILE: index };
  execFileSync("git", ["read-tree", "HEAD"], { cwd: dir, env });
  execFileSync("git", ["update-index", "--add", "--cacheinfo", `100644,${blob},${path}`], { cwd: dir, env });
  const tree = execFileSync("git", ["write-tree"], { cwd: dir, env, encoding: "utf8" }).trim();
  const parent = git(dir, "rev-parse", "HEAD");
  const commit = git(dir, "commit-tree", tree, "-p", parent, "-m", "someone else");
  git(dir, "update-ref", "refs/heads/main", commit, parent);
  return commit;
}

function repo(): string {
  const made = gitRepo();
  track(made);
  writeFileSync(join(made.dir, "a.md"), "a\n");
  git(made.dir, "add", ".");
  git(made.dir, "commit", "-q", "-m", "base");
  return made.dir;
}

describe("commitChanges when the branch moves underneath", () => {
  it("rebuilds on the new tip when the move did not touch our paths", async () => {
    const dir = repo();
    let theirs = "";
    const context = racingContext(dir, () => (theirs = commitBehindTheBack(dir, "other.md", "theirs\n")));
    const result = await commitChanges(context, [{ path: "backlog/1-a.md", content: "ours\n" }], { op: "add", subject: "add #1", taskIds: [1] });
    expect(git(dir, "rev-parse", "HEAD")).toBe(result.sha);
    expect(git(dir, "rev-parse", "HEAD^")).toBe(theirs);
    expect(git(dir, "diff-tree", "--no-commit-id", "--name-only", "-r", "HEAD")).toBe("backlog/1-a.md");
    expect(git(dir, "show", "HEAD:other.md")).toBe("theirs");
    git(dir, "fsck", "--strict");
  });

  it("refuses, puts the working file back and commits nothing when the move changed our path", async () => {
    const dir = repo();
    writeFileSync(join(dir, "a.md"), "a, edited and not committed\n");
    let theirs = "";
    const context = racingContext(dir, () => (theirs = commitBehindTheBack(dir, "a.md", "theirs\n")));
    await expect(commitChanges(context, [{ path: "a.md", content: "ours\n" }], { op: "modify", subject: "modify", taskIds: [1] })).rejects.toMatchObject({
      code: "conflict",
    });
    expect(git(dir, "rev-parse", "HEAD")).toBe(theirs);
    expect(readFileSync(join(dir, "a.md"), "utf8")).toBe("a, edited and not committed\n");
    expect(git(dir, "ls-files", "-s", "a.md")).toContain(git(dir, "rev-parse", "HEAD~1:a.md")); // index untouched
  });
});
