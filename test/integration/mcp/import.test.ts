import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, startServer, type Session, type TaskJson } from "./server.js";

describe("task_import is idempotent", () => {
  let repo: { dir: string; cleanup: () => void };
  let mcp: Session;
  beforeAll(async () => {
    repo = backlogRepo();
    mcp = await startServer(repo.dir, { name: "claude-test", env: { BACKLOG_TOOLS: "all" } });
  });
  afterAll(async () => {
    await mcp.close();
    repo.cleanup();
  });

  it("changes nothing for the same tasks again, names them as already here, and updates one that changed", async () => {
    const tasks = [{ id: 70, title: "Imported once", created: "2026-11-01T00:00:00Z", estimate: 2 }];
    const first = await mcp.call<{ tasks: TaskJson[] }>("task_import", { tasks });
    expect(first.tasks.map((task) => task.id)).toEqual([70]);
    expect(await mcp.call("task_import", { tasks })).toEqual({ tasks: [], updated: [], unchanged: [70], renumbered: {} });
    const changed = await mcp.call<{ tasks: TaskJson[]; updated: number[] }>("task_import", { tasks: [{ ...tasks[0], estimate: 3 }] });
    expect(changed.updated).toEqual([70]);
    expect(changed.tasks[0]).toMatchObject({ id: 70, estimate: 3 });
  });
});
