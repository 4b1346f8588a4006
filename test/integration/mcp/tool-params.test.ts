import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, NOW, startServer, type Session, type TaskJson } from "./server.js";

type One = { task: TaskJson };
type LogEntry = { sha: string; op: string; tasks: number[]; agent?: string };

let repo: { dir: string; cleanup: () => void };
let mcp: Session;

beforeAll(async () => {
  repo = backlogRepo();
  mcp = await startServer(repo.dir, { name: "params-agent", env: { BACKLOG_TOOLS: "all" } });
  await mcp.call("task_add", { title: "Estimated task", set: { estimate: "3" } }); // 1
  await mcp.call("task_add", { title: "Plain task" }); // 2
});

afterAll(async () => {
  await mcp.close();
  repo.cleanup();
});

describe("task_modify takes id or filter", () => {
  it("changes one task by id, quoted or not", async () => {
    const { tasks } = await mcp.call<{ tasks: TaskJson[] }>("task_modify", { id: "2", priority: "H" });
    expect(tasks.map((task) => [task.id, task.priority])).toEqual([[2, "H"]]);
    expect((await mcp.call<{ tasks: TaskJson[] }>("task_modify", { id: 2, priority: "L" })).tasks[0]?.priority).toBe("L");
  });

  it("refuses neither, both, and an id that is no task", async () => {
    expect(await mcp.fail("task_modify", { priority: "H" })).toBe("task_modify needs id (one task) or filter (ids such as 12,15, or a filter).");
    expect(await mcp.fail("task_modify", { id: 1, filter: "2", priority: "H" })).toBe("give task_modify id or filter, not both.");
    expect(await mcp.fail("task_modify", { id: 999, priority: "H" })).toBe("no task 999; task_list finds ids.");
  });
});

describe("task_list fields", () => {
  it("an unknown field is an error naming it and the valid ones", async () => {
    const text = await mcp.fail("task_list", { fields: ["title", "nonexistent"] });
    expect(text).toMatch(/^"nonexistent" is not a field; fields: id, title, status, .*, urgency, blocked, blocking, ready, and your own: estimate\.$/);
  });

  it("a user field of some task is a field", async () => {
    const { tasks } = await mcp.call<{ tasks: Record<string, unknown>[] }>("task_list", { fields: ["estimate"], sort: "id+" });
    // A typed user value keeps the type YAML reads it with: 3 is a number.
    expect(tasks).toEqual([{ id: 1, estimate: 3 }, { id: 2 }]);
  });
});

describe("task_log records finished work; task_history reads operations", () => {
  it("task_log creates a task that is already done, ended now", async () => {
    const { task } = await mcp.call<One>("task_log", { title: "Fixed the flaky login test", body: "It raced the session store.", project: "web" });
    expect(task).toMatchObject({ title: "Fixed the flaky login test", status: "done", project: "web", created: NOW, ended: NOW, body: "It raced the session store." });
  });

  it("task_history without an id is the whole backlog's, newest first; with one, that task's", async () => {
    const all = await mcp.call<{ entries: LogEntry[] }>("task_history", {});
    expect(all.entries.map((entry) => [entry.op, entry.tasks])).toEqual([
      ["log", [3]],
      ["modify", [2]],
      ["modify", [2]],
      ["add", [2]],
      ["add", [1]],
    ]);
    const one = await mcp.call<{ entries: LogEntry[] }>("task_history", { id: 1 });
    expect(one.entries.map((entry) => entry.op)).toEqual(["add"]);
  });

  it("task_history of a task that does not exist says so", async () => {
    expect(await mcp.fail("task_history", { id: 999 })).toBe("no task 999; task_list finds ids.");
    expect(await mcp.fail("task_history", { id: 999, diff: true })).toBe("no task 999; task_list finds ids.");
    expect(await mcp.fail("task_history", { diff: true })).toBe("diff shows one task file's changes: give its id.");
  });
});
