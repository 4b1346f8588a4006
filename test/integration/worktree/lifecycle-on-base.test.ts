import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli, cliJson, parseFrontmatter, taskPath } from "../../helpers/cli.js";
import { git } from "../../helpers/git-repo.js";
import { addTask, AGENT_A, commitWork, project, startInWorktree } from "./setup.js";

/**
 * `done`, `stop` and `delete` inside a task worktree commit on the task branch and on the base
 * branch, one commit each with the same field change, whether the branch was merged before or
 * after (docs/reference/git.md, "Task branches and worktrees"); `worktrees` shows the status of the base's board. The agent that claimed the
 * task takes each step: the claim binds anyone else's (docs/reference/changes.md, "Claims").
 */

interface Answer {
  status: string;
  base?: { branch: string; sha?: string; reason?: string };
  cleanup?: { removed: boolean; reason?: string };
}
interface Listed { base: string; worktrees: { id: number; status: string; merged: boolean }[] }

let repo: ReturnType<typeof project>;
beforeEach(() => {
  repo = project();
});
afterEach(() => repo.cleanup());

function fieldsOn(ref: string, id: number): Record<string, unknown> {
  return parseFrontmatter(git(repo.dir, "show", `${ref}:${taskPath(repo.dir, id)}`));
}

/** The subjects of the commits in `from..to`, newest first. */
function subjects(from: string, to: string): string[] {
  return git(repo.dir, "log", "--format=%s", `${from}..${to}`).split("\n").filter(Boolean);
}

/** What a commit changed in the task files, without its object ids: the same field change reads the same. */
function changeOf(sha: string): string {
  return git(repo.dir, "show", "--format=", "--no-color", sha, "--", "backlog").replace(/^index .*$/m, "");
}

describe("done inside a task worktree", () => {
  it("after the branch was merged: completes the task on main too, with the same change, and removes the worktree", async () => {
    const id = await addTask(repo.dir, "Merged first");
    const { path, branch } = await startInWorktree(repo.dir, id);
    commitWork(path, "src/work.txt");
    git(repo.dir, "merge", "-q", "--no-edit", branch);
    const mainBefore = git(repo.dir, "rev-parse", "main");
    const branchBefore = git(repo.dir, "rev-parse", branch);

    const done = await cliJson<Answer>(path, ["done", String(id)], AGENT_A);

    const mainAfter = git(repo.dir, "rev-parse", "main");
    expect(done).toMatchObject({ status: "done", base: { branch: "main", sha: mainAfter }, cleanup: { removed: true } });
    expect(subjects(mainBefore, "main")).toEqual([`backlog: done #${id} Merged first`]);
    expect(subjects(branchBefore, branch)).toEqual([`backlog: done #${id} Merged first`]);
    expect(changeOf(mainAfter)).toBe(changeOf(git(repo.dir, "rev-parse", branch)));
    expect(fieldsOn("main", id)).toMatchObject({ status: "done", ended: "2026-11-18T10:00:00Z" });
    // The main checkout's working file and index follow the commit.
    expect(parseFrontmatter(readFileSync(join(repo.dir, taskPath(repo.dir, id)), "utf8")).status).toBe("done");
    expect(git(repo.dir, "status", "--porcelain")).toBe("");
    expect(existsSync(path)).toBe(false);
    expect(await cliJson<Listed>(repo.dir, ["worktrees"])).toEqual({ base: "main", worktrees: [] });
  });

  it("before the branch is merged: completes the task on main too, keeps the worktree, and the later merge is clean", async () => {
    const id = await addTask(repo.dir, "Done first");
    const { path, branch } = await startInWorktree(repo.dir, id);
    commitWork(path, "src/work.txt");

    const done = await cliJson<Answer>(path, ["done", String(id)], AGENT_A);

    expect(done).toMatchObject({ status: "done", base: { branch: "main", sha: git(repo.dir, "rev-parse", "main") }, cleanup: { removed: false, reason: expect.stringContaining("neither merged into main") as unknown } });
    expect(fieldsOn("main", id)).toMatchObject({ status: "done" });
    expect(fieldsOn(branch, id)).toMatchObject({ status: "done" });
    expect(git(repo.dir, "status", "--porcelain")).toBe("");
    expect((await cliJson<Listed>(repo.dir, ["worktrees"])).worktrees).toEqual([expect.objectContaining({ id, status: "done", merged: false })]);

    git(repo.dir, "merge", "-q", "--no-edit", branch); // both sides made the same change: no conflict
    expect(fieldsOn("main", id)).toMatchObject({ status: "done" });
    expect(await cli(repo.dir, ["prune"])).toContain(`Removed worktree ${path}`);
  });

  it("spawns a recurring task's next occurrence on main too, the same file, so the later merge is clean", async () => {
    const id = Number(JSON.parse(await cli(repo.dir, ["add", "Weekly review", "recur:weekly", "due:2026-11-20", "--json"])).id);
    const { path, branch } = await startInWorktree(repo.dir, id);
    commitWork(path, "src/work.txt");

    const done = await cliJson<Answer & { spawned?: unknown }>(path, ["done", String(id)], AGENT_A);

    expect(done.base).toMatchObject({ branch: "main" });
    const next = id + 1;
    expect(fieldsOn("main", next)).toMatchObject({ status: "pending", due: "2026-11-27" });
    expect(git(repo.dir, "rev-parse", `main:${taskPath(repo.dir, next)}`)).toBe(git(repo.dir, "rev-parse", `${branch}:${taskPath(repo.dir, next)}`));
    git(repo.dir, "merge", "-q", "--no-edit", branch);
    expect(fieldsOn("main", id)).toMatchObject({ status: "done" });
  });

  it("says so when the task is done on main already, and commits only on its branch", async () => {
    const id = await addTask(repo.dir, "Done on both");
    const { path, branch } = await startInWorktree(repo.dir, id);
    commitWork(path, "src/work.txt");
    await cli(repo.dir, ["done", String(id)], AGENT_A);
    const mainBefore = git(repo.dir, "rev-parse", "main");

    const text = await cli(path, ["done", String(id)], AGENT_A);

    expect(text).toContain(`Not on main: task ${id} is already done`);
    expect(git(repo.dir, "rev-parse", "main")).toBe(mainBefore);
    expect(fieldsOn(branch, id)).toMatchObject({ status: "done" });
  });

  it("commits on the base branch alone when no worktree has it checked out", async () => {
    writeFileSync(join(repo.dir, ".backlog"), "worktree:\n  base: main\n");
    git(repo.dir, "add", ".backlog");
    git(repo.dir, "commit", "-q", "-m", "config");
    const id = await addTask(repo.dir, "Base elsewhere");
    const { path, branch } = await startInWorktree(repo.dir, id);
    commitWork(path, "src/work.txt");
    git(repo.dir, "switch", "-q", "-c", "other");
    const mainBefore = git(repo.dir, "rev-parse", "main");

    const done = await cliJson<Answer>(path, ["done", String(id)], AGENT_A);

    expect(done.base).toEqual({ branch: "main", sha: git(repo.dir, "rev-parse", "main") });
    expect(subjects(mainBefore, "main")).toEqual([`backlog: done #${id} Base elsewhere`]);
    expect(git(repo.dir, "rev-parse", "main^")).toBe(mainBefore);
    expect(changeOf("main")).toBe(changeOf(branch));
    expect(git(repo.dir, "log", "-1", "--format=%an <%ae>", "main")).toBe("Test User <test@example.com>");
    expect(git(repo.dir, "log", "-1", "--format=%(trailers:key=Backlog-Op,valueonly)", "main")).toBe("done");
    // The main checkout, on another branch, is not touched.
    expect(git(repo.dir, "branch", "--show-current")).toBe("other");
    expect(parseFrontmatter(readFileSync(join(repo.dir, taskPath(repo.dir, id)), "utf8")).status).toBe("active");
    expect(git(repo.dir, "status", "--porcelain")).toBe("");
    git(repo.dir, "fsck", "--no-progress");
  });
});

describe("stop and delete inside a task worktree", () => {
  it("stop releases the claim on main too and keeps a worktree with unmerged work", async () => {
    const id = await addTask(repo.dir, "Paused");
    const { path, branch } = await startInWorktree(repo.dir, id);
    commitWork(path, "src/work.txt");
    const mainBefore = git(repo.dir, "rev-parse", "main");

    const text = await cli(path, ["stop", String(id)], AGENT_A);

    expect(text).toContain(`Stopped on main too (commit ${git(repo.dir, "rev-parse", "main").slice(0, 12)})`);
    expect(text).toContain(`Kept worktree ${path}: branch ${branch} is neither merged`);
    expect(subjects(mainBefore, "main")).toEqual([`backlog: stop #${id} Paused`]);
    expect(fieldsOn("main", id)).toMatchObject({ status: "pending" });
    expect(fieldsOn("main", id)).not.toHaveProperty("started");
    expect(fieldsOn(branch, id)).toMatchObject({ status: "pending" });
  });

  it("delete marks the task deleted on main too, and removes a clean worktree with nothing unmerged", async () => {
    const id = await addTask(repo.dir, "Abandoned");
    const { path, branch } = await startInWorktree(repo.dir, id);

    const deleted = await cliJson<Answer>(path, ["delete", String(id)], AGENT_A);

    expect(deleted).toMatchObject({ status: "deleted", base: { branch: "main" }, cleanup: { removed: true } });
    expect(fieldsOn("main", id)).toMatchObject({ status: "deleted" });
    expect(fieldsOn(branch, id)).toMatchObject({ status: "deleted" });
    expect(existsSync(path)).toBe(false);
  });
});

describe("worktrees", () => {
  it("shows the status on the base's board right after stop on main, from main and from the worktree", async () => {
    const id = await addTask(repo.dir, "Stopped on main");
    const { path } = await startInWorktree(repo.dir, id);
    commitWork(path, "src/work.txt");

    await cli(repo.dir, ["stop", String(id)], AGENT_A);

    expect((await cliJson<Listed>(repo.dir, ["worktrees"])).worktrees).toEqual([expect.objectContaining({ id, status: "pending" })]);
    expect((await cliJson<Listed>(path, ["worktrees"])).worktrees).toEqual([expect.objectContaining({ id, status: "pending" })]);
    expect(await cli(repo.dir, ["worktrees"])).toContain(`Stopped on main [pending]`);
  });
});
