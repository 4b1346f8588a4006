import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli, parseFrontmatter, runCli, taskPath } from "../../helpers/cli.js";
import { git } from "../../helpers/git-repo.js";
import { addTask, project, startInWorktree } from "./setup.js";

let repo: ReturnType<typeof project>;
beforeEach(() => {
  repo = project();
});
afterEach(() => repo.cleanup());

describe("start --worktree", () => {
  it("commits the claim on the base branch, then cuts the branch from that commit", async () => {
    const id = await addTask(repo.dir, "Fix the login page redirect");
    const started = await startInWorktree(repo.dir, id);
    expect(started).toMatchObject({ branch: `${id}-fix-the-login-page`, path: join(repo.tmp, `project-${id}-fix-the-login-page`), base: "main", reused: false });
    // The board on main shows the claim, with branch and folder.
    const onMain = parseFrontmatter(git(repo.dir, "show", `main:${taskPath(repo.dir, id)}`));
    expect(onMain).toMatchObject({ status: "active", assignee: "agent-a", branch: started.branch, worktree: `../project-${id}-fix-the-login-page` });
    // The claim commit is main's tip and exactly where the branch starts: it came first.
    expect(git(repo.dir, "rev-parse", "main")).toBe(started.sha);
    expect(git(repo.dir, "rev-parse", started.branch)).toBe(started.sha);
    expect(git(repo.dir, "log", "-1", "--format=%s", "main")).toMatch(/^backlog: start #1/);
    expect(git(started.path, "branch", "--show-current")).toBe(started.branch);
    expect(git(repo.dir, "worktree", "list", "--porcelain")).toContain(`branch refs/heads/${started.branch}`);
  });

  it("names the folder without the project with `worktree.prefix: none`, under `worktree.root`", async () => {
    writeFileSync(join(repo.dir, ".backlog"), "worktree:\n  prefix: none\n  root: ../trees\n");
    const id = await addTask(repo.dir, "Short one");
    const started = await startInWorktree(repo.dir, id);
    expect(started.path).toBe(join(repo.tmp, "trees", `${id}-short-one`));
    expect(existsSync(join(started.path, ".git"))).toBe(true);
  });

  it("gives valid, safe names for hostile titles", async () => {
    const titles = ["../../etc/passwd", "  spaces   everywhere  ", "Ünïcødé straße façade", "release.lock", "what @{upstream} ~1 ^", "🔥🔥🔥", `${"x".repeat(300)}`, "-leading dash .hidden"];
    for (const title of titles) {
      const id = await addTask(repo.dir, title);
      const { branch, path } = await startInWorktree(repo.dir, id);
      git(repo.dir, "check-ref-format", "--branch", branch);
      expect(branch).toMatch(/^(\d+-[a-z0-9]+(-[a-z0-9]+)*|task-\d+)$/);
      expect(branch.length).toBeLessThanOrEqual(100);
      expect(join(path, "..")).toBe(repo.tmp);
      expect(existsSync(path)).toBe(true);
    }
    expect(git(repo.dir, "branch", "--list", "--format=%(refname:short)").split("\n")).toEqual(
      expect.arrayContaining(["1-etc-passwd", "2-spaces-everywhere", "3-unicode-strasse-facade", "4-release-lock", "5-what-upstream-1", "task-6"]),
    );
  });

  it("reuses the worktree that exists for the branch, and says so", async () => {
    const id = await addTask(repo.dir, "Reuse me");
    const first = await startInWorktree(repo.dir, id);
    const again = await startInWorktree(repo.dir, id);
    expect(again).toMatchObject({ branch: first.branch, path: first.path, reused: true });
    expect(again.sha).toBeUndefined(); // nothing to commit: the claim already holds
    const text = await cli(repo.dir, ["start", String(id), "--worktree"], { env: { BACKLOG_AGENT: "agent-a" } });
    expect(text).toContain(`Reusing the existing worktree at ${first.path}`);
  });

  it("refuses a branch name that exists for something else, and writes nothing", async () => {
    const id = await addTask(repo.dir, "Taken name");
    git(repo.dir, "branch", `${id}-taken-name`);
    const before = git(repo.dir, "rev-parse", "main");
    const result = await runCli(repo.dir, ["start", String(id), "--worktree"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`branch ${id}-taken-name already exists`);
    expect(git(repo.dir, "rev-parse", "main")).toBe(before);
  });

  it("refuses a folder that exists, and never writes into it", async () => {
    const id = await addTask(repo.dir, "Taken path");
    const path = join(repo.tmp, `project-${id}-taken-path`);
    mkdirSync(path);
    writeFileSync(join(path, "mine.txt"), "keep\n");
    const result = await runCli(repo.dir, ["start", String(id), "--worktree"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("already exists");
    expect(git(repo.dir, "branch", "--list", `${id}-*`)).toBe("");
    expect(parseFrontmatter(git(repo.dir, "show", `main:${taskPath(repo.dir, id)}`)).status).toBe("pending");
  });

  it("rolls the claim back with a second commit when git cannot create the worktree", async () => {
    const id = await addTask(repo.dir, "Blocked folder");
    // worktree.root under a plain file: every check passes, then `git worktree add` fails.
    writeFileSync(join(repo.tmp, "blocker"), "a file, not a folder\n");
    writeFileSync(join(repo.dir, ".backlog"), "worktree:\n  root: ../blocker\n");
    const before = git(repo.dir, "rev-parse", "HEAD");
    const result = await runCli(repo.dir, ["start", String(id), "--worktree"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("could not be created");
    expect(result.stderr).toContain("rolled back");
    const commits = git(repo.dir, "log", "--format=%s", `${before}..HEAD`).split("\n");
    expect(commits).toEqual([`backlog: stop #${id} Blocked folder`, `backlog: start #${id} Blocked folder`]);
    const fields = parseFrontmatter(git(repo.dir, "show", `main:${taskPath(repo.dir, id)}`));
    expect(fields.status).toBe("pending");
    expect(fields).not.toHaveProperty("branch");
    expect(fields).not.toHaveProperty("worktree");
    expect(fields).not.toHaveProperty("started");
    expect(git(repo.dir, "branch", "--list", `${id}-*`)).toBe("");
    expect(git(repo.dir, "status", "--porcelain", "--", "backlog")).toBe("");
  });

  it("refuses a task someone else holds, naming them", async () => {
    const id = await addTask(repo.dir, "Held");
    await startInWorktree(repo.dir, id, "agent-a");
    const result = await runCli(repo.dir, ["start", String(id), "--worktree"], { env: { BACKLOG_AGENT: "agent-b" } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("claimed by agent-a");
  });
});

describe("current", () => {
  it("names the task of the worktree it runs in, and none on the base", async () => {
    const id = await addTask(repo.dir, "Current one");
    const { path, branch } = await startInWorktree(repo.dir, id);
    const here = JSON.parse(await cli(path, ["current", "--json"])) as { branch: string; task: { id: number } };
    expect(here).toMatchObject({ branch, task: { id } });
    expect(await cli(join(path, "backlog"), ["current"])).toContain(`${id} Current one [active] on ${branch}`);
    const base = await runCli(repo.dir, ["current", "--json"]);
    expect(base.code).toBe(1);
    expect(JSON.parse(base.stdout)).toEqual({ branch: "main", task: null });
  });

  it("finds the task from the branch name alone when the task names no branch", async () => {
    const id = await addTask(repo.dir, "By name");
    git(repo.dir, "worktree", "add", "-q", "-b", `${id}-by-hand`, join(repo.tmp, "by-hand"));
    const here = JSON.parse(await cli(join(repo.tmp, "by-hand"), ["current", "--json"])) as { task: { id: number } };
    expect(here.task.id).toBe(id);
  });
});
