import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, frontmatter, ids, runCli, type JsonTask } from "../../helpers/cli.js";
import { startServer, type Session, type TaskJson } from "../mcp/server.js";

/**
 * docs/reference/filters.md, "Which tasks a filter starts from": a filter that names no status and no id covers open tasks (pending and
 * active), for reads and writes, on the CLI and over MCP; `export` covers every status.
 */
describe("the default scope: open tasks", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  let mcp: Session;

  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "Pending", "chore", "+chore", "project:infra"]); // 1
    await cli(dir, ["add", "Active", "chore", "+chore", "project:infra"]); // 2
    await cli(dir, ["add", "Done", "chore", "+chore", "project:infra"]); // 3
    await cli(dir, ["add", "Deleted", "chore", "+chore", "project:infra"]); // 4
    await cli(dir, ["add", "Waiting", "chore", "+chore", "wait:2026-12-01"]); // 5
    await cli(dir, ["start", "2"]);
    await cli(dir, ["done", "3"]);
    await cli(dir, ["delete", "4"]);
    mcp = await startServer(dir);
  }, 120_000);

  afterAll(async () => {
    await mcp?.close();
    repo.cleanup();
  });

  it("a read with terms but no status covers pending and active tasks, waiting ones included", async () => {
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "+chore", "--sort", "id+"]))).toEqual([1, 2, 5]);
    expect(await cliJson(dir, ["count", "project:infra"])).toEqual({ count: 2 });
    const table = await cli(dir, ["list", "+chore"]);
    expect(table).toContain("Status");
    expect(table).not.toContain("Done chore");
  });

  it("an empty read means open tasks that are not waiting", async () => {
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "--sort", "id+"]))).toEqual([1, 2]);
    expect(await cliJson(dir, ["count"])).toEqual({ count: 2 });
  });

  it("a status term, +COMPLETED, +DELETED or ids widen the scope; status values ignore case", async () => {
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "+chore", "status:Done"]))).toEqual([3]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "+chore", "status.any:", "--sort", "id+"]))).toEqual([1, 2, 3, 4, 5]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "+COMPLETED"]))).toEqual([3]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "+DELETED"]))).toEqual([4]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "3,4", "--sort", "id+"]))).toEqual([3, 4]);
  });

  it("shows the Status column whenever a listed task is not pending, so a done task never looks pending", async () => {
    const done = (await cli(dir, ["list", "3"])).split("\n");
    expect(done[0]).toMatch(/^ID +Pri +Status +Title/);
    expect(done[1]).toMatch(/^ +3 +done +Done chore /);
    expect((await cli(dir, ["list", "status:active"])).split("\n")[1]).toMatch(/^ +2 +active +Active chore /);
    expect(await cli(dir, ["list", "status:pending"])).not.toContain("Status");
  });

  it("export covers every status, with or without a filter", async () => {
    expect(ids(await cliJson<JsonTask[]>(dir, ["export"]))).toEqual([1, 2, 3, 4, 5]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["export", "project:infra"]))).toEqual([1, 2, 3, 4]);
  });

  it("task_list and task_count use the same scope; an empty task_list includes active tasks", async () => {
    const all = await mcp.call<{ tasks: TaskJson[] }>("task_list", { sort: "id+" });
    expect(ids(all.tasks)).toEqual([1, 2]);
    const chores = await mcp.call<{ tasks: TaskJson[] }>("task_list", { filter: "+chore", sort: "id+" });
    expect(ids(chores.tasks)).toEqual([1, 2, 5]);
    expect(await mcp.call("task_count", { filter: "project:infra" })).toEqual({ count: 2 });
    expect(await mcp.call("task_count", { filter: "project:infra status.any:" })).toEqual({ count: 4 });
  });

  it("a write with terms but no status never reaches a done or deleted task", async () => {
    await cli(dir, ["modify", "project:infra", "priority:H"]);
    expect([1, 2, 3, 4].map((id) => frontmatter(dir, id).priority)).toEqual(["H", "H", undefined, undefined]);
    // Task 2 is claimed on the command line: another agent changes it only with force (docs/reference/changes.md, "Claims").
    await mcp.call("task_modify", { filter: "+chore", priority: "L", force: true });
    expect([1, 2, 3, 4, 5].map((id) => frontmatter(dir, id).priority)).toEqual(["L", "L", undefined, undefined, "L"]);
    await cli(dir, ["modify", "3", "+again"]);
    expect(frontmatter(dir, 3).tags).toEqual(["chore", "again"]);
  }, 60_000);
});

describe("sorting", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  let mcp: Session;

  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "Low", "priority:L"]); // 1
    await cli(dir, ["add", "High", "priority:H"]); // 2
    await cli(dir, ["add", "Plain"]); // 3
    await cli(dir, ["add", "Medium", "priority:M"]); // 4
    await cli(dir, ["add", "Also", "high", "priority:H"]); // 5
    await cli(dir, ["done", "5"]);
    mcp = await startServer(dir);
  }, 120_000);

  afterAll(async () => {
    await mcp?.close();
    repo.cleanup();
  });

  it("list sorts by urgency, highest first, then by id", async () => {
    expect(ids(await cliJson<JsonTask[]>(dir, ["list"]))).toEqual([2, 4, 1, 3]);
    const lines = (await cli(dir, ["list"])).split("\n").slice(1, 5);
    expect(lines.map((line) => Number(/^\s*(\d+)/.exec(line)?.[1]))).toEqual([2, 4, 1, 3]);
    expect(ids((await mcp.call<{ tasks: TaskJson[] }>("task_list", {})).tasks)).toEqual([2, 4, 1, 3]);
  });

  it("a done task has urgency 0", async () => {
    const [done] = await cliJson<JsonTask[]>(dir, ["list", "5"]);
    expect(done).toMatchObject({ id: 5, status: "done", urgency: 0 });
  });

  it("an unknown sort key is a usage error listing the valid keys", async () => {
    const bad = await runCli(dir, ["list", "--sort", "bogus"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"bogus"');
    expect(bad.stderr).toMatch(/urgency.*priority|priority.*urgency/);
    const tool = await mcp.fail("task_list", { sort: "bogus+" });
    expect(tool).toContain('"bogus"');
    expect(tool).toContain("urgency");
  });

  it("a user field some task has is a valid sort key", async () => {
    await cli(dir, ["modify", "3", "estimate:2"]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "--sort", "estimate+"]))[0]).toBe(3);
  });
});
