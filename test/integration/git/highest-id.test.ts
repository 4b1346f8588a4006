import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createGitWriter } from "../../../src/git/git-writer.js";
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

    const writer = await createGitWriter({ cwd: dir });
    let started = performance.now();
    expect(await writer.highestKnownId("backlog")).toBe(1300);
    const cold = performance.now() - started;
    started = performance.now();
    expect(await writer.highestKnownId("backlog")).toBe(1300);
    const warm = performance.now() - started;
    const fresh = await createGitWriter({ cwd: dir });
    started = performance.now();
    expect(await fresh.highestKnownId("backlog")).toBe(1300);
    const newProcess = performance.now() - started;
    git(dir, "branch", "-q", "b301", "b300");
    git(dir, "update-ref", "refs/heads/b300", git(dir, "commit-tree", "-p", "b300", "-m", "x", `${git(dir, "rev-parse", "b300^{tree}")}`));
    started = performance.now();
    expect(await fresh.highestKnownId("backlog")).toBe(1300);
    const oneNewTip = performance.now() - started;
    console.log(`highestKnownId over 301 branches: cold ${cold.toFixed(0)} ms, warm ${warm.toFixed(1)} ms, new process with the cache ${newProcess.toFixed(1)} ms, one new tip ${oneNewTip.toFixed(1)} ms`);
    expect(warm).toBeLessThan(100);
    expect(newProcess).toBeLessThan(150);
  }, 60_000);
});
