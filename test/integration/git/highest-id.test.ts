import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createGitWriter } from "../../../src/git/git-writer.js";
import { createIdScanner } from "../../../src/git/highest-id.js";
import { createObjectStore, type ObjectStore } from "../../../src/git/object-store.js";
import { findRepoPaths } from "../../../src/git/repo-paths.js";
import { createTreeStore } from "../../../src/git/tree-store.js";
import { cleanupAfterEach, git, GIT_TEST_ENV, gitRepo, tempDir } from "../../helpers/git-repo.js";

const track = cleanupAfterEach();

function repo(): string {
  const made = gitRepo();
  track(made);
  return made.dir;
}

function commitFile(dir: string, path: string, message = `add ${path}`): void {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), "---\ntitle: x\n---\n");
  git(dir, "add", path);
  git(dir, "commit", "-q", "-m", message);
}

describe("highestKnownId", () => {
  it("sees other branches, remote-tracking branches, archives and other worktrees' uncommitted files", async () => {
    const dir = repo();
    commitFile(dir, "backlog/1-a.md");
    const writer = await createGitWriter({ cwd: dir });
    expect(await writer.highestKnownId("backlog")).toBe(1);

    git(dir, "checkout", "-q", "-b", "feature");
    commitFile(dir, "backlog/5-feature.md");
    commitFile(dir, "backlog/archive/2026-Q3/9-old.md");
    git(dir, "checkout", "-q", "main");
    expect(await writer.highestKnownId("backlog")).toBe(9);

    const remote = repo();
    commitFile(remote, "backlog/20-remote.md");
    git(dir, "fetch", "-q", remote, "main:refs/remotes/origin/main");
    expect(await writer.highestKnownId("backlog")).toBe(20);

    const holder = tempDir();
    track(holder);
    const worktree = join(holder.dir, "wt");
    git(dir, "worktree", "add", "-q", "-b", "wt", worktree);
    mkdirSync(join(worktree, "backlog", "archive", "2026-Q4"), { recursive: true });
    writeFileSync(join(worktree, "backlog", "archive", "2026-Q4", "31-uncommitted.md"), "x");
    expect(await writer.highestKnownId("backlog")).toBe(31);
    writeFileSync(join(worktree, "backlog", "40.md"), "x");
    expect(await writer.highestKnownId("backlog")).toBe(40);

    // From inside the worktree, the main checkout's folder counts, its own folder is the caller's.
    writeFileSync(join(dir, "backlog", "44-main-uncommitted.md"), "x");
    const inWorktree = await createGitWriter({ cwd: worktree });
    expect(await inWorktree.highestKnownId("backlog")).toBe(44);
    expect(await writer.highestKnownId("backlog")).toBe(40);

    // Ids in other folders or in non-archive subfolders do not count.
    commitFile(dir, "other/99-x.md");
    commitFile(dir, "backlog/templates/98-template.md");
    expect(await writer.highestKnownId("backlog")).toBe(40);
  });

  it("stays cheap with hundreds of branches: one tree walk per new tip, cached across processes", async () => {
    const dir = repo();
    // 1,000 tasks on main, and 300 branches that each add one task: 301 different task-folder trees.
    let script = "";
    let mark = 1;
    const blob = (text: string): string => {
      script += `blob\nmark :${mark}\ndata ${Buffer.byteLength(text)}\n${text}\n`;
      return `:${mark++}`;
    };
    const content = blob("---\ntitle: x\n---\n");
    script += `commit refs/heads/main\ncommitter T <t@e> 1700000000 +0000\ndata 4\nbase\nfrom refs/heads/main^0\n`;
    for (let id = 1; id <= 1000; id++) script += `M 100644 ${content} backlog/${id}-task.md\n`;
    script += `\n`;
    for (let branch = 1; branch <= 300; branch++) {
      script += `commit refs/heads/b${branch}\ncommitter T <t@e> 1700000000 +0000\ndata 2\nb\nfrom refs/heads/main^0\nM 100644 ${content} backlog/${1000 + branch}-branch.md\n\n`;
    }
    execFileSync("git", ["fast-import", "--quiet"], { cwd: dir, env: GIT_TEST_ENV, input: script });
    git(dir, "gc", "-q");

    const paths = findRepoPaths(dir)!;
    /** A scanner as a new process makes it, over the real object store, counting the objects it reads. */
    const scanner = () => {
      const real = createObjectStore(paths);
      const counted = { reads: 0 };
      const objects: ObjectStore = { ...real, read: (oid) => (counted.reads++, real.read(oid)) };
      return { counted, scan: createIdScanner({ paths, objects, trees: createTreeStore(objects) }) };
    };
    const first = scanner();
    expect(await first.scan.highestKnownId("backlog")).toBe(1300);
    expect(first.counted.reads).toBeGreaterThan(301); // every tip's commit and folder tree, cold
    const before = first.counted.reads;
    expect(await first.scan.highestKnownId("backlog")).toBe(1300);
    expect(first.counted.reads - before, "a second call").toBe(0);
    const fresh = scanner();
    expect(await fresh.scan.highestKnownId("backlog")).toBe(1300);
    expect(fresh.counted.reads, "a new process, with the cache file").toBe(0);
    git(dir, "update-ref", "refs/heads/b300", git(dir, "commit-tree", "-p", "b300", "-m", "x", `${git(dir, "rev-parse", "b300^{tree}")}`));
    expect(await fresh.scan.highestKnownId("backlog")).toBe(1300);
    expect(fresh.counted.reads, "one new tip: its commit and the trees down to the folder").toBeLessThanOrEqual(4);
  }, 60_000);
  it("takes another process's commit in from the entries that differ, and walks the tree when the highest id went", async () => {
    const dir = repo();
    mkdirSync(join(dir, "backlog", "archive", "2026-Q1"), { recursive: true });
    for (let id = 1; id <= 500; id++) writeFileSync(join(dir, "backlog", `${id}-task.md`), "---\ntitle: x\n---\n");
    writeFileSync(join(dir, "backlog", "archive", "2026-Q1", "7-old.md"), "x");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "500 tasks");
    const paths = findRepoPaths(dir)!;
    const real = createObjectStore(paths);
    const trees = createTreeStore(real);
    const parsed = { trees: 0 };
    const counting = { ...trees, read: (oid: string) => (parsed.trees++, trees.read(oid)) };
    const scan = createIdScanner({ paths, objects: real, trees: counting });
    expect(await scan.highestKnownId("backlog")).toBe(500);

    // Another process adds a task, then changes one: the folder tree is not parsed, only compared.
    commitFile(dir, "backlog/501-added.md");
    writeFileSync(join(dir, "backlog", "3-task.md"), "changed");
    git(dir, "commit", "-q", "-am", "change 3");
    parsed.trees = 0;
    expect(await scan.highestKnownId("backlog")).toBe(501);
    expect(parsed.trees, "trees parsed: the root's, not the 500-entry folder's").toBeLessThanOrEqual(1);

    // The highest id goes away: the answer is the walk's.
    git(dir, "rm", "-q", "backlog/501-added.md");
    git(dir, "commit", "-q", "-m", "remove 501");
    expect(await scan.highestKnownId("backlog")).toBe(500);
    // An id only in a new archive segment.
    commitFile(dir, "backlog/archive/2026-Q2/900-archived.md");
    expect(await scan.highestKnownId("backlog")).toBe(900);
  });
});
