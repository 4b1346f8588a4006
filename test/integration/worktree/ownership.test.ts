import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli, cliJson, runCli } from "../../helpers/cli.js";
import { git } from "../../helpers/git-repo.js";
import { addTask, AGENT_A, commitWork, project, startInWorktree } from "./setup.js";

/** Only a worktree git-backlog created for a task is ever removed, whatever the tasks' `branch` and `worktree` fields say (docs/reference/git.md, "Task branches and worktrees"). */

interface Cleanup { branch: string; path: string; state: string; removed: boolean; reason?: string }

let repo: ReturnType<typeof project>;
beforeEach(() => {
  repo = project();
});
afterEach(() => repo.cleanup());

function gitEntry(path: string): string | undefined {
  return git(repo.dir, "worktree", "list", "--porcelain").split(/\n\n+/).find((block) => block.startsWith(`worktree ${path}\n`));
}

function ignoreDotEnv(): void {
  writeFileSync(join(repo.dir, ".gitignore"), ".env\n");
  git(repo.dir, "add", ".gitignore");
  git(repo.dir, "commit", "-q", "-m", "ignore .env");
}

describe("a worktree the user made", () => {
  it("survives modify branch:, start and done, with its ignored .env", async () => {
    ignoreDotEnv();
    const id = await addTask(repo.dir, "Work in the user's worktree");
    const wt = join(repo.tmp, "wt");
    git(repo.dir, "worktree", "add", "-q", "../wt", "-b", "userbranch");
    writeFileSync(join(wt, ".env"), "API_KEY=secret\n");

    await cli(repo.dir, ["modify", String(id), "branch:userbranch"]);
    await cli(repo.dir, ["start", String(id)]);
    const text = await cli(repo.dir, ["done", String(id)]);

    expect(text).toContain(`Kept worktree ${wt}: git-backlog did not create it`);
    expect(text).not.toContain("Removed worktree");
    expect(readFileSync(join(wt, ".env"), "utf8")).toBe("API_KEY=secret\n");
    expect(gitEntry(wt)).toContain("branch refs/heads/userbranch");
  });

  it("is kept by done --json, saying why, when the task's `worktree` field names it too", async () => {
    const id = await addTask(repo.dir, "Fields point at it");
    const wt = join(repo.tmp, "wt");
    git(repo.dir, "worktree", "add", "-q", "-b", "userbranch", wt);
    await cli(repo.dir, ["modify", String(id), "branch:userbranch", "worktree:../wt"]);
    await cli(repo.dir, ["start", String(id)]);
    const done = await cliJson<{ status: string; cleanup: Cleanup }>(repo.dir, ["done", String(id)]);
    expect(done).toMatchObject({ status: "done", cleanup: { branch: "userbranch", path: wt, state: "present", removed: false, reason: expect.stringContaining("git-backlog did not create it") as unknown } });
    expect(existsSync(join(wt, ".git"))).toBe(true);
  });

  it("is kept by stop and delete", async () => {
    const id = await addTask(repo.dir, "Stopped and deleted");
    const wt = join(repo.tmp, "wt");
    git(repo.dir, "worktree", "add", "-q", "-b", "userbranch", wt);
    await cli(repo.dir, ["modify", String(id), "branch:userbranch"]);
    await cli(repo.dir, ["start", String(id)]);
    await cli(repo.dir, ["stop", String(id)]);
    await cli(repo.dir, ["delete", String(id)]);
    expect(gitEntry(wt)).toContain("branch refs/heads/userbranch");
    expect(existsSync(join(wt, ".git"))).toBe(true);
  });

  it("named like a task branch is kept by prune, though the task is done and the branch merged", async () => {
    const id = await addTask(repo.dir, "Branch named by hand");
    const wt = join(repo.tmp, "by-hand");
    git(repo.dir, "worktree", "add", "-q", "-b", `${id}-by-hand`, wt);
    await cli(repo.dir, ["done", String(id)]);
    const pruned = await cliJson<Cleanup[]>(repo.dir, ["prune"]);
    expect(pruned).toEqual([{ branch: `${id}-by-hand`, path: wt, state: "present", removed: false, reason: expect.stringContaining("git-backlog did not create it") as unknown }]);
    expect(await cliJson<Cleanup[]>(repo.dir, ["prune", "--force"])).toEqual([expect.objectContaining({ path: wt, removed: false })]);
    expect(existsSync(join(wt, ".git"))).toBe(true);
  });

  it("whose folder is gone keeps git's entry: prune does not clear what is not ours", async () => {
    const id = await addTask(repo.dir, "Stale by hand");
    const wt = join(repo.tmp, "by-hand");
    git(repo.dir, "worktree", "add", "-q", "-b", `${id}-by-hand`, wt);
    rmSync(wt, { recursive: true, force: true });
    await cli(repo.dir, ["done", String(id)]);
    const pruned = await cliJson<Cleanup[]>(repo.dir, ["prune"]);
    expect(pruned).toEqual([expect.objectContaining({ path: wt, state: "missing", removed: false, reason: expect.stringContaining("git-backlog did not create it") as unknown })]);
    expect(gitEntry(wt)).toContain("prunable");
  });
  it("whose folder is gone and whose branch is the task's makes start --worktree refuse, leaving git's entry alone", async () => {
    const id = await addTask(repo.dir, "Users branch");
    const wt = join(repo.tmp, "users-folder");
    git(repo.dir, "worktree", "add", "-q", "-b", `${id}-users-branch`, wt);
    rmSync(wt, { recursive: true, force: true });
    const mainBefore = git(repo.dir, "rev-parse", "main");

    const result = await runCli(repo.dir, ["start", String(id), "--worktree"], { env: { BACKLOG_AGENT: "agent-a" } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`git lists a worktree of branch ${id}-users-branch at ${wt}`);
    expect(result.stderr).toContain("git-backlog did not create it");
    expect(result.stderr).toContain(`git worktree remove ${wt}`);
    expect(gitEntry(wt)).toContain("prunable");
    expect(existsSync(join(repo.tmp, `project-${id}-users-branch`))).toBe(false);
    expect(git(repo.dir, "rev-parse", "main")).toBe(mainBefore); // nothing claimed
  });
});

describe("a worktree git-backlog made for another task", () => {
  it("is kept by done of a task whose `branch` field names it", async () => {
    const owner = await addTask(repo.dir, "The owner");
    const other = await addTask(repo.dir, "Points at it");
    const { path, branch } = await startInWorktree(repo.dir, owner);
    commitWork(path, "owner.txt");
    git(repo.dir, "merge", "-q", "--no-edit", branch);
    await cli(repo.dir, ["modify", String(other), `branch:${branch}`], AGENT_A);
    const text = await cli(repo.dir, ["done", String(other)], AGENT_A);
    expect(text).toContain(`Kept worktree ${path}: git-backlog created it for task ${owner}, not task ${other}`);
    expect(existsSync(join(path, "owner.txt"))).toBe(true);
  });

  it("is kept by prune when a done task other than its own names its branch", async () => {
    const owner = await addTask(repo.dir, "Made it");
    const other = await addTask(repo.dir, "Claims it");
    const { path, branch } = await startInWorktree(repo.dir, owner);
    commitWork(path, "owner.txt");
    git(repo.dir, "merge", "-q", "--no-edit", branch);
    // The owner's fields no longer name the branch; the other task's do, and it is done.
    await cli(repo.dir, ["modify", String(owner), "branch:", "worktree:"], AGENT_A);
    await cli(repo.dir, ["modify", String(other), `branch:${branch}`], AGENT_A);
    await cli(repo.dir, ["done", String(other)], AGENT_A);
    const pruned = await cliJson<Cleanup[]>(repo.dir, ["prune"]);
    expect(pruned).toEqual([expect.objectContaining({ path, removed: false, reason: expect.stringContaining(`git-backlog created it for task ${owner}, not task ${other}`) as unknown })]);
    expect(existsSync(join(path, "owner.txt"))).toBe(true);
  });
});

describe("a worktree git-backlog made for the task", () => {
  it("made again after its folder was removed is still the task's, and goes when merged", async () => {
    const id = await addTask(repo.dir, "Made twice");
    const first = await startInWorktree(repo.dir, id);
    rmSync(first.path, { recursive: true, force: true });
    await startInWorktree(repo.dir, id);
    commitWork(first.path, "work.txt");
    git(repo.dir, "merge", "-q", "--no-edit", first.branch);
    const done = await cliJson<{ cleanup: Cleanup }>(repo.dir, ["done", String(id)], AGENT_A);
    expect(done.cleanup).toMatchObject({ path: first.path, removed: true });
    expect(existsSync(first.path)).toBe(false);
  });
});
