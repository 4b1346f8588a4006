import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, parseFrontmatter, taskPath } from "../../helpers/cli.js";
import { git } from "../../helpers/git-repo.js";
import { addTask, commitWork, project } from "../worktree/setup.js";
import { eventually, startServerProcess, type Session, type TaskJson } from "./server.js";

/** Until no git process (nor a base server's repair look) holds the main worktree's index.lock. */
async function indexUnlocked(dir: string): Promise<void> {
  await eventually(() => (existsSync(join(dir, ".git", "index.lock")) ? undefined : true), 4_000);
}

type Started = { task: TaskJson; worktree: { branch: string; path: string; base: string; reused: boolean; recreated?: boolean; sha?: string } };

let repo: ReturnType<typeof project>;
let base: Session;
let inside: Session | undefined;
let merged: Session | undefined;

beforeAll(async () => {
  repo = project();
  base = await startServerProcess(repo.dir, { name: "claude-code" });
});

afterAll(async () => {
  await inside?.close();
  await merged?.close();
  await base.close();
  repo.cleanup();
});

function statusOn(ref: string, id: number): unknown {
  return parseFrontmatter(git(repo.dir, "show", `${ref}:${taskPath(repo.dir, id)}`)).status;
}

describe("worktrees through MCP", () => {
  it("task_start {worktree: true} claims on the base and opens the branch; backlog://current there names the task; task_done reports the cleanup", async () => {
    const id = await addTask(repo.dir, "Agent in a worktree");
    const started = await base.call<Started>("task_start", { id, worktree: true });
    expect(started.task).toMatchObject({ id, status: "active", assignee: "claude-code", branch: `${id}-agent-in-a-worktree` });
    expect(started.worktree).toMatchObject({ branch: `${id}-agent-in-a-worktree`, path: join(repo.tmp, `project-${id}-agent-in-a-worktree`), base: "main", reused: false });

    inside = await startServerProcess(started.worktree.path, { name: "claude-code" });
    const { contents } = await inside.client.readResource({ uri: "backlog://current" });
    expect(contents[0]).toMatchObject({ text: expect.stringContaining("title: Agent in a worktree") as unknown });
    const onBase = await base.client.readResource({ uri: "backlog://current" });
    expect(onBase.contents).toEqual([]);

    commitWork(started.worktree.path, "work.txt");
    const done = await inside.call<{ task: TaskJson; base?: { branch: string; sha?: string }; cleanup?: { removed: boolean; reason?: string } }>("task_done", { id });
    expect(done.task.status).toBe("done");
    expect(done.cleanup).toMatchObject({ removed: false, reason: expect.stringContaining("neither merged") as unknown });
    expect(git(repo.dir, "log", "-1", "--format=%s", started.worktree.branch)).toMatch(/^backlog: done #/);
    expect(existsSync(started.worktree.path)).toBe(true);
    // Done before the merge: main's board says so too, and the merge later is clean.
    expect(done.base).toEqual({ branch: "main", sha: git(repo.dir, "rev-parse", "main") });
    expect(git(repo.dir, "log", "-1", "--format=%s", "main")).toMatch(/^backlog: done #/);
    expect(statusOn("main", id)).toBe("done");
    await indexUnlocked(repo.dir); // a repair look of the base server may hold it for a moment
    git(repo.dir, "merge", "-q", "--no-edit", started.worktree.branch);
    expect(statusOn("main", id)).toBe("done");
  });

  it("task_done in a server that runs in the worktree keeps the folder, even when it is safe to remove, and prune from the base removes it later", async () => {
    const id = await addTask(repo.dir, "Server at home in its worktree");
    const started = await base.call<Started>("task_start", { id, worktree: true });
    commitWork(started.worktree.path, "merged.txt");
    await indexUnlocked(repo.dir); // a repair look of the base server may hold it for a moment
    git(repo.dir, "merge", "-q", "--no-edit", started.worktree.branch);
    merged = await startServerProcess(started.worktree.path, { name: "claude-code" });
    const done = await merged.call<{ task: TaskJson; base?: { branch: string; sha?: string }; cleanup?: { removed: boolean; reason?: string } }>("task_done", { id });
    expect(done.cleanup).toMatchObject({ removed: false, reason: expect.stringContaining("this MCP server runs in this worktree") as unknown });
    // Merged before done: the completion reaches main all the same, in its working file too.
    expect(done.base).toEqual({ branch: "main", sha: git(repo.dir, "rev-parse", "main") });
    expect(statusOn("main", id)).toBe("done");
    expect(parseFrontmatter(readFileSync(join(repo.dir, taskPath(repo.dir, id)), "utf8")).status).toBe("done");
    expect(existsSync(started.worktree.path)).toBe(true);
    expect((await merged.call<{ task: TaskJson }>("task_info", { id })).task.status).toBe("done"); // the session goes on
    await merged.close();
    merged = undefined;
    // `done` committed on the task branch as well: once that travels to main too, prune may remove the folder.
    git(repo.dir, "merge", "-q", "--no-edit", started.worktree.branch);
    expect(await cli(repo.dir, ["prune"])).toContain(started.worktree.path);
    expect(existsSync(started.worktree.path)).toBe(false);
    expect(git(repo.dir, "branch", "--list", started.worktree.branch)).toContain(started.worktree.branch);
  });

  it("task_done keeps a worktree the user made, and its ignored .env, though task_modify pointed the task at it", async () => {
    const id = await addTask(repo.dir, "Agent points at the user's worktree");
    const wt = join(repo.tmp, "users-own");
    git(repo.dir, "worktree", "add", "-q", "-b", "users-own", wt);
    appendFileSync(join(repo.dir, ".git", "info", "exclude"), ".env\n");
    writeFileSync(join(wt, ".env"), "API_KEY=secret\n");
    await base.call("task_modify", { filter: String(id), set: { branch: "users-own", worktree: "../users-own" } });
    await base.call("task_start", { id });
    const done = await base.call<{ task: TaskJson; cleanup?: { removed: boolean; reason?: string } }>("task_done", { id, force: true });
    expect(done.task.status).toBe("done");
    expect(done.cleanup).toMatchObject({ removed: false, reason: expect.stringContaining("git-backlog did not create it") as unknown });
    expect(readFileSync(join(wt, ".env"), "utf8")).toBe("API_KEY=secret\n");
    expect(git(repo.dir, "worktree", "list")).toContain(wt);
  });

  it("task_start {worktree: true} makes a worktree whose folder was removed by hand again, for the same branch", async () => {
    const id = await addTask(repo.dir, "Folder lost by the agent");
    const first = await base.call<Started>("task_start", { id, worktree: true });
    commitWork(first.worktree.path, "lost.txt");
    const tip = git(repo.dir, "rev-parse", first.worktree.branch);
    rmSync(first.worktree.path, { recursive: true, force: true });
    const again = await base.call<Started>("task_start", { id, worktree: true });
    expect(again.worktree).toMatchObject({ branch: first.worktree.branch, path: first.worktree.path, reused: false, recreated: true });
    expect(again.worktree.sha).toBeUndefined();
    expect(git(first.worktree.path, "rev-parse", "HEAD")).toBe(tip);
    expect(git(repo.dir, "worktree", "list", "--porcelain")).not.toContain("prunable");
  });
});
