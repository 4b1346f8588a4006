import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli, parseFrontmatter, taskPath } from "../../helpers/cli.js";
import { git } from "../../helpers/git-repo.js";
import { addTask, AGENT_A, commitWork, project, startInWorktree } from "./setup.js";

interface Cleanup { branch: string; path: string; removed: boolean; reason?: string }

let repo: ReturnType<typeof project>;
beforeEach(() => {
  repo = project();
});
afterEach(() => repo.cleanup());

async function done(cwd: string, id: number): Promise<{ status: string; cleanup?: Cleanup }> {
  return JSON.parse(await cli(cwd, ["done", String(id), "--json"], AGENT_A)) as { status: string; cleanup?: Cleanup };
}

/** The task's status as committed on `branch`. */
function statusOn(branch: string, id: number): unknown {
  return parseFrontmatter(git(repo.dir, "show", `${branch}:${taskPath(repo.dir, id)}`)).status;
}

describe("done inside a task worktree", () => {
  it("commits on the task branch and on main, and keeps an unmerged, unpushed worktree, saying why", async () => {
    const id = await addTask(repo.dir, "Unmerged work");
    const { path, branch } = await startInWorktree(repo.dir, id);
    commitWork(path, "src/feature.txt");
    const mainBefore = git(repo.dir, "rev-parse", "main");
    const result = await done(path, id);
    expect(result.status).toBe("done");
    expect(result.cleanup).toMatchObject({ branch, removed: false, reason: expect.stringContaining("neither merged into main nor pushed") as unknown });
    expect(statusOn(branch, id)).toBe("done");
    expect(git(repo.dir, "log", "-1", "--format=%s", branch)).toMatch(/^backlog: done #/);
    expect(git(repo.dir, "rev-parse", "main^")).toBe(mainBefore); // and one commit on main, for its board
    expect(statusOn("main", id)).toBe("done");
    expect(existsSync(path)).toBe(true);
  });

  it("says how to push the kept branch to the remote the repository has, or that it has none", async () => {
    const lonely = await addTask(repo.dir, "No remote");
    const first = await startInWorktree(repo.dir, lonely);
    commitWork(first.path, "src/a.txt");
    const alone = (await done(first.path, lonely)).cleanup?.reason ?? "";
    expect(alone).toContain("this repository has no remote to push to, so merge it, then run `git-backlog prune`");
    expect(alone).not.toContain("origin");

    git(repo.tmp, "init", "-q", "--bare", join(repo.tmp, "shared.git"));
    git(repo.dir, "remote", "add", "upstream", join(repo.tmp, "shared.git"));
    const id = await addTask(repo.dir, "One remote");
    const second = await startInWorktree(repo.dir, id);
    commitWork(second.path, "src/b.txt");
    expect((await done(second.path, id)).cleanup?.reason).toContain(`push it (git push -u upstream ${second.branch}) or merge it, then run \`git-backlog prune\``);
  });

  it("keeps a dirty worktree", async () => {
    const id = await addTask(repo.dir, "Dirty work");
    const { path } = await startInWorktree(repo.dir, id);
    writeFileSync(join(path, "scratch.txt"), "not committed\n");
    const text = await cli(path, ["done", String(id)], AGENT_A);
    expect(text).toContain(`Kept worktree ${path}: it has uncommitted changes`);
    expect(existsSync(join(path, "scratch.txt"))).toBe(true);
    expect(statusOn(git(path, "branch", "--show-current"), id)).toBe("done");
  });

  it("removes a clean worktree whose work is merged into the base, and keeps the branch", async () => {
    const id = await addTask(repo.dir, "Merged work");
    const { path, branch } = await startInWorktree(repo.dir, id);
    commitWork(path, "src/merged.txt");
    git(repo.dir, "merge", "-q", "--no-edit", branch);
    const result = await done(path, id);
    expect(result).toMatchObject({ status: "done", cleanup: { branch, path, removed: true } });
    expect(existsSync(path)).toBe(false);
    expect(git(repo.dir, "branch", "--list", branch)).toContain(branch);
    expect(statusOn(branch, id)).toBe("done");
    expect(git(repo.dir, "worktree", "list")).not.toContain(path);
  });

  it("removes a clean worktree whose branch is pushed to its upstream", async () => {
    const remote = join(repo.tmp, "remote.git");
    git(repo.tmp, "init", "-q", "--bare", remote);
    git(repo.dir, "remote", "add", "origin", remote);
    const id = await addTask(repo.dir, "Pushed work");
    const { path, branch } = await startInWorktree(repo.dir, id);
    commitWork(path, "src/pushed.txt");
    git(path, "push", "-q", "-u", "origin", branch);
    const result = await done(path, id);
    expect(result.cleanup).toMatchObject({ removed: true });
    expect(existsSync(path)).toBe(false);
  });

  it("done on the base for a task whose worktree is merged removes it too", async () => {
    const id = await addTask(repo.dir, "Done from main");
    const { path, branch } = await startInWorktree(repo.dir, id);
    commitWork(path, "src/from-main.txt");
    git(repo.dir, "merge", "-q", "--no-edit", branch);
    const result = await done(repo.dir, id);
    expect(result).toMatchObject({ status: "done", cleanup: { removed: true } });
    expect(statusOn("main", id)).toBe("done");
  });
});

describe("worktrees and prune", () => {
  it("lists task worktrees with their state, and prunes only done, clean, merged ones", async () => {
    const kept = await addTask(repo.dir, "Still active");
    const merged = await addTask(repo.dir, "Done and merged");
    const a = await startInWorktree(repo.dir, kept);
    const b = await startInWorktree(repo.dir, merged);
    commitWork(a.path, "a.txt");
    commitWork(b.path, "b.txt");
    writeFileSync(join(a.path, "dirty.txt"), "x\n");
    await done(b.path, merged); // kept: not merged yet
    git(repo.dir, "merge", "-q", "--no-edit", b.branch);

    const listed = JSON.parse(await cli(repo.dir, ["worktrees", "--json"])) as { base: string; worktrees: Record<string, unknown>[] };
    expect(listed.base).toBe("main");
    expect(listed.worktrees).toEqual([
      expect.objectContaining({ id: kept, status: "active", branch: a.branch, clean: false, ahead: 1, merged: false }),
      expect.objectContaining({ id: merged, status: "done", branch: b.branch, clean: true, ahead: 0, merged: true }),
    ]);

    const pruned = JSON.parse(await cli(repo.dir, ["prune", "--json"])) as Cleanup[];
    expect(pruned).toEqual([
      expect.objectContaining({ branch: a.branch, removed: false, reason: `task ${kept} is active, not done` }),
      expect.objectContaining({ branch: b.branch, removed: true }),
    ]);
    expect(existsSync(a.path)).toBe(true);
    expect(existsSync(b.path)).toBe(false);
  });
});
