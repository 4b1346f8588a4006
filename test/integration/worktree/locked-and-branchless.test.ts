import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli, cliJson, runCli } from "../../helpers/cli.js";
import { git } from "../../helpers/git-repo.js";
import { addTask, AGENT_A, commitWork, project, startInWorktree } from "./setup.js";

/** Task worktrees that git holds locked, or whose branch was deleted: listed with their state, never removed. */

interface Listed { base: string; worktrees: Record<string, unknown>[] }
interface Cleanup { branch: string; path: string; state: string; removed: boolean; reason?: string }

let repo: ReturnType<typeof project>;
beforeEach(() => {
  repo = project();
});
afterEach(() => repo.cleanup());

function gitEntry(path: string): string | undefined {
  return git(repo.dir, "worktree", "list", "--porcelain").split(/\n\n+/).find((block) => block.startsWith(`worktree ${path}\n`));
}

/** A task worktree with one commit, merged into main. */
async function mergedWork(title: string): Promise<{ id: number; path: string; branch: string }> {
  const id = await addTask(repo.dir, title);
  const { path, branch } = await startInWorktree(repo.dir, id);
  commitWork(path, "src/work.txt");
  git(repo.dir, "merge", "-q", "--no-edit", branch);
  return { id, path, branch };
}

describe("a locked task worktree", () => {
  it("is listed as locked and kept by prune, though done, clean and merged", async () => {
    const id = await addTask(repo.dir, "Locked away");
    const { path, branch } = await startInWorktree(repo.dir, id);
    commitWork(path, "src/locked.txt");
    git(repo.dir, "merge", "-q", "--no-edit", branch);
    git(repo.dir, "worktree", "lock", "--reason", "on a usb stick", path);
    await cli(path, ["done", String(id)], AGENT_A);
    git(repo.dir, "merge", "-q", "--no-edit", branch);

    const listed = await cliJson<Listed>(repo.dir, ["worktrees"]);
    expect(listed.worktrees).toEqual([expect.objectContaining({ id, status: "done", state: "locked", locked: "on a usb stick", clean: true, merged: true })]);
    const pruned = await cliJson<Cleanup[]>(repo.dir, ["prune"]);
    expect(pruned).toEqual([expect.objectContaining({ branch, state: "locked", removed: false, reason: expect.stringContaining(`git worktree unlock ${path}`) as unknown })]);
    expect(existsSync(join(path, "src/locked.txt"))).toBe(true);
    expect(gitEntry(path)).toContain("locked on a usb stick");

    git(repo.dir, "worktree", "unlock", path);
    expect(await cliJson<Cleanup[]>(repo.dir, ["prune"])).toEqual([expect.objectContaining({ state: "present", removed: true })]);
    expect(existsSync(path)).toBe(false);
    expect(git(repo.dir, "branch", "--list", branch)).toContain(branch);
  });

  it("whose folder is gone is kept by prune, and start --worktree refuses to replace it", async () => {
    const id = await addTask(repo.dir, "Locked and gone");
    const { path, branch } = await startInWorktree(repo.dir, id);
    git(repo.dir, "worktree", "lock", path);
    rmSync(path, { recursive: true, force: true });

    const listed = await cliJson<Listed>(repo.dir, ["worktrees"]);
    expect(listed.worktrees).toEqual([expect.objectContaining({ id, state: "locked", locked: "", branchExists: true })]);
    expect(listed.worktrees[0]).not.toHaveProperty("clean");
    expect(await cli(repo.dir, ["worktrees"])).toContain("locked, folder not found");
    expect(await cliJson<Cleanup[]>(repo.dir, ["prune"])).toEqual([expect.objectContaining({ state: "locked", removed: false })]);
    const mainBefore = git(repo.dir, "rev-parse", "main");
    const start = await runCli(repo.dir, ["start", String(id), "--worktree"], { env: { BACKLOG_AGENT: "agent-a" } });
    expect(start.code).toBe(1);
    expect(start.stderr).toContain(`is locked and its folder is not there`);
    expect(start.stderr).toContain(`git worktree unlock ${path}`);
    expect(git(repo.dir, "rev-parse", "main")).toBe(mainBefore);
    expect(gitEntry(path)).toMatch(/^locked$/m);
    expect(existsSync(path)).toBe(false);
    expect(git(repo.dir, "branch", "--list", branch)).toContain(branch);
  });
});

describe("a task worktree whose branch was deleted", () => {
  it("is listed as branch-missing with its last commit, kept by prune, and start refuses it", async () => {
    const { id, path, branch } = await mergedWork("Branch deleted");
    commitWork(path, "src/after-merge.txt", "only here\n");
    writeFileSync(join(path, "notes.txt"), "uncommitted\n");
    const last = git(path, "rev-parse", "HEAD");
    git(repo.dir, "update-ref", "-d", `refs/heads/${branch}`);
    expect(gitEntry(path)).toContain(`branch refs/heads/${branch}`);

    const listed = await cliJson<Listed>(repo.dir, ["worktrees"]);
    expect(listed.worktrees).toEqual([expect.objectContaining({ id, state: "branch-missing", branchExists: false, lastCommit: last, clean: false, merged: false })]);
    expect(await cli(repo.dir, ["worktrees"])).toContain(`branch deleted (last commit ${last.slice(0, 12)})`);

    const pruned = await cliJson<Cleanup[]>(repo.dir, ["prune"]);
    expect(pruned).toEqual([expect.objectContaining({ branch, state: "branch-missing", removed: false, reason: expect.stringContaining(`git branch ${branch} ${last}`) as unknown })]);
    expect(readFileSync(join(path, "src/after-merge.txt"), "utf8")).toBe("only here\n");
    expect(readFileSync(join(path, "notes.txt"), "utf8")).toBe("uncommitted\n");

    const mainBefore = git(repo.dir, "rev-parse", "main");
    const start = await runCli(repo.dir, ["start", String(id), "--worktree", "--force"], { env: { BACKLOG_AGENT: "agent-a" } });
    expect(start.code).toBe(1);
    expect(start.stderr).toContain(`branch ${branch} was deleted`);
    expect(git(repo.dir, "rev-parse", "main")).toBe(mainBefore);
    expect(git(repo.dir, "branch", "--list", branch)).toBe("");
    expect(existsSync(join(path, "notes.txt"))).toBe(true);
  });

  it("never removes a dirty worktree of a done, merged task", async () => {
    const { id, path } = await mergedWork("Dirty but merged");
    writeFileSync(join(path, "scratch.txt"), "not committed\n");
    expect(await cli(repo.dir, ["done", String(id)], AGENT_A)).toContain(`Kept worktree ${path}: it has uncommitted changes`);
    expect(await cli(repo.dir, ["prune"])).toContain(`Kept worktree ${path}: it has uncommitted changes`);
    expect(readFileSync(join(path, "scratch.txt"), "utf8")).toBe("not committed\n");
    expect(gitEntry(path)).toBeDefined();
  });
});
