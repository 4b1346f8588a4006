import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, frontmatter, ids, readTask, runCli, taskFiles, type JsonTask } from "../../helpers/cli.js";
import { gitRepo } from "../../helpers/git-repo.js";

describe.concurrent("init", () => {
  let repo: { dir: string; cleanup: () => void };
  beforeAll(() => {
    repo = gitRepo();
  });
  afterAll(() => repo.cleanup());

  it.sequential("creates the task folder and the .gitattributes line, once", async () => {
    await cli(repo.dir, ["init"]);
    expect(existsSync(join(repo.dir, "backlog"))).toBe(true);
    expect(readFileSync(join(repo.dir, ".gitattributes"), "utf8")).toBe("backlog/*.md merge=backlog\n");
    expect(await cli(repo.dir, ["init"])).toContain('.gitattributes has "backlog/*.md merge=backlog" already\n');
    expect(readFileSync(join(repo.dir, ".gitattributes"), "utf8")).toBe("backlog/*.md merge=backlog\n");
  });
});

// Read-only tests run concurrently (it.concurrent); tests that write run alone, in order.
describe.concurrent("add and list", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "Set", "up", "the", "database", "project:backend", "priority:M"]);
    await cli(dir, ["add", "Implement", "user", "auth", "priority:H", "+auth", "+security", "depends:1", "due:friday", "project:backend", "estimate:3"]);
    await cli(dir, ["add", "Write", "the", "docs", "+docs", "priority:L"]);
    await cli(dir, ["add", "Old", "chore", "project:web"]);
    await cli(dir, ["done", "4"]);
  });
  afterAll(() => repo.cleanup());

  it.sequential("names each file <id>-<slug>.md", () => {
    expect(taskFiles(dir)).toEqual(["1-set-up-the-database.md", "2-implement-user-auth.md", "3-write-the-docs.md", "4-old-chore.md"]);
  });

  it.sequential("writes the changes into the frontmatter: priority, tags, depends, due:friday, project and a user field", () => {
    expect(frontmatter(dir, 2)).toEqual({
      id: 2,
      title: "Implement user auth",
      status: "pending",
      priority: "H",
      project: "backend",
      tags: ["auth", "security"],
      depends: [1],
      due: "2026-11-20",
      created: "2026-11-18T10:00:00Z",
      modified: "2026-11-18T10:00:00Z",
      estimate: 3,
    });
    expect(readTask(dir, 2).startsWith("---\nid: 2\ntitle: Implement user auth\n")).toBe(true);
  });

  it.sequential("prints what it created, and the task with --json", async () => {
    const out = await cli(dir, ["add", "Throwaway", "+tmp"]);
    expect(out).toBe("Created task 5: Throwaway (backlog/5-throwaway.md)\n");
    const task = await cliJson<JsonTask>(dir, ["add", "Another", "throwaway", "+tmp"]);
    expect(task).toMatchObject({ id: 6, title: "Another throwaway", status: "pending", tags: ["tmp"], path: "backlog/6-another-throwaway.md", ready: true });
    await cli(dir, ["delete", "5", "6"]);
    await cli(dir, ["purge", "5", "6"]);
  });

  it.concurrent("lists open tasks by default, most urgent first, done ones only when asked", async () => {
    expect(ids(await cliJson<JsonTask[]>(dir, ["list"]))).toEqual([1, 2, 3]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "status:done"]))).toEqual([4]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "project:web"]))).toEqual([]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "project:web", "status.any:"]))).toEqual([4]);
  });

  it.concurrent("lists +READY without the blocked task", async () => {
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "+READY"]))).toEqual([1, 3]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "+BLOCKED"]))).toEqual([2]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "+BLOCKING"]))).toEqual([1]);
  });

  it.concurrent("sorts with --sort and cuts with --limit", async () => {
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "--sort", "id-"]))).toEqual([3, 2, 1]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "--sort", "priority-"]))).toEqual([2, 1, 3]);
    const all = await cliJson<JsonTask[]>(dir, ["list"]);
    const byUrgency = [...all].sort((a, b) => b.urgency - a.urgency);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "--sort=urgency-", "--limit", "2"]))).toEqual(ids(byUrgency.slice(0, 2)));
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "--limit", "1"]))).toEqual([1]);
  });

  it.concurrent("filters by project, tag, id list and bare words", async () => {
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "project:backend"]))).toEqual([1, 2]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "+auth"]))).toEqual([2]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "-auth", "status:pending"]))).toEqual([1, 3]);
    // A filter without a status term or ids covers open tasks only (docs/reference/filters.md, "Which tasks a filter starts from"): not the done task 4.
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "-auth", "--sort", "id+"]))).toEqual([1, 3]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "1,3"]))).toEqual([1, 3]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "DOCS"]))).toEqual([3]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "(", "priority:H", "or", "priority:L", ")"]))).toEqual([2, 3]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "estimate:3"]))).toEqual([2]);
  });

  it.concurrent("counts", async () => {
    expect(await cli(dir, ["count"])).toBe("3\n");
    expect(await cli(dir, ["count", "project:backend"])).toBe("2\n");
  });

  it.concurrent("prints a human table with one row per task and a count", async () => {
    const lines = (await cli(dir, ["list"])).trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+Pri\s+Title\s+Project\s+Tags\s+Due\s+Urg$/);
    expect(lines).toHaveLength(6);
    expect(lines[2]).toMatch(/^ 2\s+H\s+Implement user auth ⧗\s+backend\s+auth security\s+2026-11-20\s+-?\d+\.\d$/);
    expect(lines[4]).toBe("⧗ blocked by an open dependency");
    expect(lines[5]).toBe("3 tasks");
    expect(await cli(dir, ["list", "nothing-matches-this"])).toBe("No matching tasks.\n");
  });

  it.sequential("takes Taskwarrior's word order: `+tag list`, `<id> done`", async () => {
    expect(ids(await cliJson<JsonTask[]>(dir, ["+docs", "list"]))).toEqual([3]);
    expect(await cli(dir, ["project:backend", "count"])).toBe("2\n");
    await cli(dir, ["3", "done"]);
    expect(frontmatter(dir, 3)).toMatchObject({ status: "done", ended: "2026-11-18T10:00:00Z" });
    await cli(dir, ["3", "restore"]);
    expect(frontmatter(dir, 3).status).toBe("pending");
    expect(frontmatter(dir, 3).ended).toBeUndefined();
  });

  it.sequential("refuses an add without a title, or with a dependency on a missing task, and writes nothing", async () => {
    const before = taskFiles(dir);
    expect((await runCli(dir, ["add", "priority:H"])).code).toBe(2);
    const missing = await runCli(dir, ["add", "Needs", "a", "ghost", "depends:99"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("#99");
    expect(missing.stderr).toContain("nothing was written");
    expect(taskFiles(dir)).toEqual(before);
  });

  it.sequential("starts a task from a template and takes a --body", async () => {
    const bug = await cliJson<JsonTask>(dir, ["add", "Crash", "on", "save", "--template", "bug", "+ui"]);
    expect(bug).toMatchObject({ type: "bug", priority: "M", tags: ["bug", "ui"] });
    expect(bug.body).toContain("## Steps to reproduce");
    const withBody = await cliJson<JsonTask>(dir, ["add", "Documented", "--body", "# Design\n\nUse Redis."]);
    expect(readTask(dir, withBody.id).endsWith("---\n# Design\n\nUse Redis.\n")).toBe(true);
    expect((await runCli(dir, ["add", "X", "--template", "../../etc/passwd"])).code).toBe(2);
    await cli(dir, ["delete", String(bug.id), String(withBody.id)]);
  });
});

describe.concurrent("concurrent adds", () => {
  let repo: { dir: string; cleanup: () => void };
  beforeAll(() => {
    repo = backlogRepo();
  });
  afterAll(() => repo.cleanup());

  it.sequential("never hand out one id twice", async () => {
    const created = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => cliJson<JsonTask>(repo.dir, ["add", `Parallel ${n}`])));
    expect(ids(created).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(taskFiles(repo.dir)).toHaveLength(6);
  });
});
