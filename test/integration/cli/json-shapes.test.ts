import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, runJson, taskProblems, writeTask, type JsonTask } from "../../helpers/cli.js";

/** The computed members every task carries, after its fields, body, notes and path (docs/reference/mcp.md, "The task object"). */
const COMPUTED = ["urgency", "blocked", "blocking", "ready"];

// Read-only tests run concurrently; the ones that write run alone, after them.
describe("--json shapes (docs/reference/mcp.md, The task object)", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "Base", "project:api", "priority:H", "+core", "estimate:3", "--body", "The doc."]);
    await cli(dir, ["add", "Follows", "depends:1"]);
    await cli(dir, ["annotate", "1", "a", "note"], { env: { BACKLOG_AGENT: "claude" } });
    // A user field named like a computed one: the computed value wins (README).
    writeTask(dir, "3-odd.md", "---\nid: 3\ntitle: Odd\nstatus: done\nready: maybe\n---\n");
  });
  afterAll(() => repo.cleanup());

  it.concurrent("a task: every field present in the file, then body, notes, path and the computed facts; missing fields omitted", async () => {
    const task = await cliJson<JsonTask>(dir, ["show", "1"]);
    expect(Object.keys(task)).toEqual(["id", "title", "status", "priority", "project", "tags", "created", "modified", "estimate", "body", "notes", "path", ...COMPUTED]);
    expect(task).toMatchObject({
      id: 1,
      title: "Base",
      status: "pending",
      priority: "H",
      project: "api",
      tags: ["core"],
      estimate: 3,
      body: "The doc.\n\n## Notes\n- 2026-11-18T10:00:00Z claude: a note\n",
      notes: [{ time: "2026-11-18T10:00:00Z", author: "claude", text: "a note" }],
      path: "backlog/1-base.md",
      blocked: false,
      blocking: true,
      ready: true,
    });
    expect(typeof task.urgency).toBe("number");
    const follows = await cliJson<JsonTask>(dir, ["show", "2"]);
    expect(follows).not.toHaveProperty("priority");
    expect(follows).not.toHaveProperty("tags");
    expect(follows).toMatchObject({ depends: [1], blocked: true, ready: false, body: "", notes: [] });
  });

  it.concurrent("a computed name wins over a user field of the same name", async () => {
    expect((await cliJson<JsonTask>(dir, ["show", "3"])).ready).toBe(false);
  });

  it.concurrent("list is a JSON array of tasks (empty when nothing matches)", async () => {
    const list = await cliJson<JsonTask[]>(dir, ["list"]);
    expect(Array.isArray(list)).toBe(true);
    expect(list.map((task) => task.id)).toEqual([1, 2]);
    expect(list[0]).toEqual(await cliJson<JsonTask>(dir, ["show", "1"]));
    expect(await cliJson(dir, ["list", "project:nothing"])).toEqual([]);
  });

  it.concurrent("count returns {count}", async () => {
    expect(await cliJson(dir, ["count"])).toEqual({ count: 2 });
    expect(await cliJson(dir, ["count", "status:done"])).toEqual({ count: 1 });
  });

  it.concurrent("next returns {task}, and {task: null} when nothing is ready", async () => {
    const next = await cliJson<{ task: JsonTask | null }>(dir, ["next"]);
    expect(Object.keys(next)).toEqual(["task"]);
    expect(next.task?.id).toBe(1);
    expect(await cliJson(dir, ["next", "project:nothing"])).toEqual({ task: null });
  });

  it("add returns the created task", async () => {
    const task = await cliJson<JsonTask>(dir, ["add", "Fresh", "+new"]);
    expect(task).toMatchObject({ id: 4, title: "Fresh", status: "pending", tags: ["new"], path: "backlog/4-fresh.md", body: "", notes: [] });
    expect(Object.keys(task).slice(-4)).toEqual(COMPUTED);
  });

  it("doctor returns {problems: [{file, line, code, message}]}", async () => {
    writeTask(dir, "5-bad.md", "---\nid: 5\ntitle: Bad\nstatus: wip\n---\n");
    const { code, json } = await runJson<{ problems: Record<string, unknown>[] }>(dir, ["doctor"]);
    expect(code).toBe(1);
    expect(Object.keys(json)).toEqual(["problems"]);
    expect(taskProblems(json.problems)).toEqual([expect.objectContaining({ file: "backlog/5-bad.md", line: 4, code: "bad-status", message: expect.stringContaining("wip") })]);
  });

  it("lifecycle commands and modify return what they changed", async () => {
    expect(await cliJson<JsonTask>(dir, ["start", "4"])).toMatchObject({ id: 4, status: "active" });
    expect(await cliJson<JsonTask>(dir, ["done", "4"])).toMatchObject({ id: 4, status: "done", ended: "2026-11-18T10:00:00Z" });
    const modified = await cliJson<{ tasks: JsonTask[] }>(dir, ["modify", "1,2", "+both"]);
    expect(modified.tasks.map((task) => [task.id, task.tags])).toEqual([
      [1, ["core", "both"]],
      [2, ["both"]],
    ]);
  });
});
