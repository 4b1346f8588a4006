import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, startServer, type Session, type TaskJson } from "./server.js";

type One = { task: TaskJson };

let repo: { dir: string; cleanup: () => void };
let mcp: Session;

beforeAll(async () => {
  repo = backlogRepo();
  mcp = await startServer(repo.dir, { env: { BACKLOG_TOOLS: "all" } });
});

afterAll(async () => {
  await mcp.close();
  repo.cleanup();
});

describe("task_restore", () => {
  it("reopens a done task and a deleted one as pending, clearing ended", async () => {
    const done = (await mcp.call<One>("task_add", { title: "Finished too early" })).task;
    await mcp.call("task_done", { id: done.id });
    const deleted = (await mcp.call<One>("task_add", { title: "Deleted by mistake" })).task;
    await mcp.call("task_delete", { id: deleted.id });
    for (const id of [done.id, deleted.id]) {
      const { task } = await mcp.call<One>("task_restore", { id });
      expect(task).toMatchObject({ id, status: "pending" });
      expect(task.ended).toBeUndefined();
    }
  });

  it("brings an archived task back into the task folder, as it was archived", async () => {
    const { task } = await mcp.call<One>("task_add", { title: "Archived work" });
    await mcp.call("task_done", { id: task.id });
    await mcp.call("task_archive", { filter: String(task.id) });
    expect(await mcp.fail("task_info", { id: task.id })).toBe(`task ${task.id} is archived, in 2026-Q4; task_restore brings it back.`);
    const restored = await mcp.call<One>("task_restore", { id: task.id });
    expect(restored.task).toMatchObject({ id: task.id, status: "done", path: "backlog/3-archived-work.md" });
    expect(existsSync(join(repo.dir, "backlog", "archive", "2026-Q4", "3-archived-work.md"))).toBe(false);
    expect((await mcp.call<One>("task_restore", { id: task.id })).task.status).toBe("pending");
  });

  it("refuses an open task and names its status", async () => {
    const { task } = await mcp.call<One>("task_add", { title: "Still open" });
    expect(await mcp.fail("task_restore", { id: task.id })).toMatch(`task ${task.id} is pending; only a done or deleted task can be restored`);
  });
});
