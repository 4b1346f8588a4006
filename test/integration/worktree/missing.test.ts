import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli, cliJson, parseFrontmatter, taskPath } from "../../helpers/cli.js";
import { git } from "../../helpers/git-repo.js";
import { addTask, AGENT_A, commitWork, project, startInWorktree } from "./setup.js";

/** A task worktree folder removed by hand (`rm -rf`), and what `worktrees`, `prune`, `done` and `start` make of it. */

interface Listed { base: string; worktrees: Record<string, unknown>[] }
interface Cleanup { branch: string; path: string; state: string; removed: boolean; reason?: string }
interface Started { started_worktree: { branch: string; path: string; reused: boolean; recreated?: boolean; sha?: string } }

let repo: ReturnType<typeof project>;
beforeEach(() => {
  repo = project();
});
afterEach(() => repo.cleanup());

/** `git worktree list --porcelain`, one block per worktree, keyed by path. */
function gitWorktrees(): Map<string, string> {
  const blocks = git(repo.dir, "worktree", "list", "--porcelain").split(/\n\n+/);
  return new Map(blocks.map((block) => [/^worktree (.*)$/m.exec(block)?.[1] ?? "", block]));
}

function fieldsOnMain(id: number): Record<string, unknown> {
  return parseFrontmatter(git(repo.dir, "show", `main:${taskPath(repo.dir, id)}`));
}

describe("a task worktree whose folder was removed by hand", () => {
  it("is listed as missing, with its branch's ahead/behind and no clean flag", async () => {
    const id = await addTask(repo.dir, "Lost folder");
    const { path, branch } = await startInWorktree(repo.dir, id);
    commitWork(path, "src/lost.txt");
    rmSync(path, { recursive: true, force: true });
    expect(gitWorktrees().get(path)).toContain("prunable");

    const listed = await cliJson<Listed>(repo.dir, ["worktrees"]);
    expect(listed.worktrees).toEqual([expect.objectContaining({ id, branch, path, status: "active", state: "missing", registered: true, branchExists: true, ahead: 1, behind: 0, merged: false })]);
    expect(listed.worktrees[0]).not.toHaveProperty("clean");
    const text = await cli(repo.dir, ["worktrees"]);
    expect(text).toContain("missing: the folder is gone");
    expect(text).toContain(`\`start ${id} --worktree\` makes it again`);
  });

  it("prune clears git's stale entry only, keeping the branch, the task's fields and other stale entries", async () => {
    const id = await addTask(repo.dir, "Prune the entry");
    const { path, branch } = await startInWorktree(repo.dir, id);
    commitWork(path, "src/pruned.txt");
    const tip = git(repo.dir, "rev-parse", branch);
    const other = join(repo.tmp, "not-a-task");
    git(repo.dir, "worktree", "add", "-q", "-b", "not-a-task", other);
    rmSync(path, { recursive: true, force: true });
    rmSync(other, { recursive: true, force: true });
    const mainBefore = git(repo.dir, "rev-parse", "main");

    const pruned = await cliJson<Cleanup[]>(repo.dir, ["prune"]);
    expect(pruned).toEqual([{ branch, path, state: "missing", removed: true }]);
    const left = gitWorktrees();
    expect(left.has(path)).toBe(false);
    expect(left.get(other)).toContain("prunable"); // not ours to clear
    expect(git(repo.dir, "rev-parse", branch)).toBe(tip);
    expect(git(repo.dir, "rev-parse", "main")).toBe(mainBefore); // no commit: the `worktree` field stays
    expect(fieldsOnMain(id)).toMatchObject({ status: "active", branch, worktree: `../project-${id}-prune-the-entry` });

    // Still listed (open task, field names a gone folder), now as git no longer knows it.
    const listed = await cliJson<Listed>(repo.dir, ["worktrees"]);
    expect(listed.worktrees).toEqual([expect.objectContaining({ id, state: "missing", registered: false, branchExists: true })]);
    expect(await cli(repo.dir, ["prune"])).toBe("No task has a worktree.\n");
  });

  it("start --worktree makes the folder again for the existing branch, with its commits", async () => {
    const id = await addTask(repo.dir, "Bring it back");
    const first = await startInWorktree(repo.dir, id);
    commitWork(first.path, "src/kept.txt", "kept work\n");
    const tip = git(repo.dir, "rev-parse", first.branch);
    rmSync(first.path, { recursive: true, force: true });
    const mainBefore = git(repo.dir, "rev-parse", "main");

    const again = await cliJson<Started>(repo.dir, ["start", String(id), "--worktree"], { env: { BACKLOG_AGENT: "agent-a" } });
    expect(again.started_worktree).toMatchObject({ branch: first.branch, path: first.path, reused: false, recreated: true });
    expect(again.started_worktree.sha).toBeUndefined(); // the claim already holds: nothing to commit
    expect(git(repo.dir, "rev-parse", "main")).toBe(mainBefore);
    expect(git(repo.dir, "rev-parse", first.branch)).toBe(tip);
    expect(git(first.path, "branch", "--show-current")).toBe(first.branch);
    expect(readFileSync(join(first.path, "src/kept.txt"), "utf8")).toBe("kept work\n");
    const entry = gitWorktrees().get(first.path);
    expect(entry).toContain(`branch refs/heads/${first.branch}`);
    expect(entry).not.toContain("prunable");
    const listed = await cliJson<Listed>(repo.dir, ["worktrees"]);
    expect(listed.worktrees).toEqual([expect.objectContaining({ id, state: "present", clean: true, ahead: 1 })]);
  });

  it("start --worktree also brings back a worktree git no longer lists, and says so", async () => {
    const id = await addTask(repo.dir, "Removed with git");
    const first = await startInWorktree(repo.dir, id);
    git(repo.dir, "worktree", "remove", first.path);
    const text = await cli(repo.dir, ["start", String(id), "--worktree"], { env: { BACKLOG_AGENT: "agent-a" } });
    expect(text).toContain(`Re-created the worktree of branch ${first.branch} (its folder was gone) at ${first.path}`);
    expect(existsSync(join(first.path, ".git"))).toBe(true);
    expect(gitWorktrees().get(first.path)).toContain(`branch refs/heads/${first.branch}`);
  });

  it("done on the base clears the stale entry and keeps the branch", async () => {
    const id = await addTask(repo.dir, "Done without folder");
    const { path, branch } = await startInWorktree(repo.dir, id);
    commitWork(path, "src/unmerged.txt");
    rmSync(path, { recursive: true, force: true });
    const done = await cliJson<{ status: string; cleanup: Cleanup }>(repo.dir, ["done", String(id)], AGENT_A);
    expect(done).toMatchObject({ status: "done", cleanup: { branch, path, state: "missing", removed: true } });
    expect(gitWorktrees().has(path)).toBe(false);
    expect(git(repo.dir, "branch", "--list", branch)).toContain(branch);
    expect(fieldsOnMain(id)).toMatchObject({ status: "done", worktree: `../project-${id}-done-without-folder` });
    // A done task whose folder is gone is cleaned up, not missing.
    expect((await cliJson<Listed>(repo.dir, ["worktrees"])).worktrees).toEqual([]);
  });

  it("leaves out a done task whose worktree `done` removed, though its `worktree` field stays", async () => {
    const id = await addTask(repo.dir, "Merged and gone");
    const { path, branch } = await startInWorktree(repo.dir, id);
    commitWork(path, "src/merged.txt");
    git(repo.dir, "merge", "-q", "--no-edit", branch);
    await cli(path, ["done", String(id)], AGENT_A);
    expect(existsSync(path)).toBe(false);
    expect(fieldsOnMain(id)).toMatchObject({ status: "done", worktree: `../project-${id}-merged-and-gone` });
    expect((await cliJson<Listed>(repo.dir, ["worktrees"])).worktrees).toEqual([]);
    // Done on the task branch alone, as before `done` committed on the base too: main says active, the branch done.
    git(repo.dir, "reset", "-q", "--hard", "main^");
    expect(fieldsOnMain(id).status).toBe("active");
    expect((await cliJson<Listed>(repo.dir, ["worktrees"])).worktrees).toEqual([]);
    git(repo.dir, "merge", "-q", "--no-edit", branch);
    expect(fieldsOnMain(id)).toMatchObject({ status: "done", worktree: `../project-${id}-merged-and-gone` });
    expect((await cliJson<Listed>(repo.dir, ["worktrees"])).worktrees).toEqual([]);
  });

  it("keeps the stale entry when the branch is gone too and its work is on no other ref, until the branch is restored", async () => {
    const id = await addTask(repo.dir, "Only in the reflog");
    const { path, branch } = await startInWorktree(repo.dir, id);
    commitWork(path, "src/precious.txt");
    const last = git(path, "rev-parse", "HEAD");
    rmSync(path, { recursive: true, force: true });
    git(repo.dir, "update-ref", "-d", `refs/heads/${branch}`);

    const listed = await cliJson<Listed>(repo.dir, ["worktrees"]);
    expect(listed.worktrees).toEqual([expect.objectContaining({ id, state: "missing", branchExists: false, lastCommit: last })]);
    const kept = await cliJson<Cleanup[]>(repo.dir, ["prune"]);
    expect(kept).toEqual([expect.objectContaining({ state: "missing", removed: false, reason: expect.stringContaining(`git branch ${branch} ${last}`) as unknown })]);
    expect(gitWorktrees().has(path)).toBe(true);
    const start = await cli(repo.dir, ["start", String(id), "--worktree"], { env: { BACKLOG_AGENT: "agent-a" } }).catch((error: Error) => error.message);
    expect(start).toContain(`git branch ${branch} ${last}`);

    git(repo.dir, "branch", branch, last);
    expect(await cliJson<Cleanup[]>(repo.dir, ["prune"])).toEqual([expect.objectContaining({ state: "missing", removed: true })]);
    expect(gitWorktrees().has(path)).toBe(false);
    expect(git(repo.dir, "rev-parse", branch)).toBe(last);
  });
});
