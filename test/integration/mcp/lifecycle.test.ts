import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, startServer, type Session, type TaskJson } from "./server.js";

type One = { task: TaskJson };

let repo: { dir: string; cleanup: () => void };
let mcp: Session;

beforeAll(async () => {
  repo = backlogRepo();
  mcp = await startServer(repo.dir, { name: "claude-code", env: { BACKLOG_TOOLS: "all" } });
});

afterAll(async () => {
  await mcp.close();
  repo.cleanup();
});

describe("the lifecycle through tools", () => {
  it("task_start claims for the client's name; task_stop releases; force takes a claim over", async () => {
    await mcp.call("task_add", { title: "Claim me" });
    const { task } = await mcp.call<One>("task_start", { id: 1 });
    expect(task).toMatchObject({ status: "active", assignee: "claude-code", started: "2026-11-18T10:00:00Z" });
    const taken = await mcp.call<One>("task_start", { id: 1, force: true });
    expect(taken.task.status).toBe("active");
    const stopped = await mcp.call<One>("task_stop", { id: 1 });
    expect(stopped.task).toMatchObject({ status: "pending", assignee: "claude-code" });
    expect(stopped.task.started).toBeUndefined();
  });

  it("task_done completes, and a recurring task spawns its next occurrence", async () => {
    const { task } = await mcp.call<One>("task_add", { title: "Weekly report", due: "2026-11-20", set: { recur: "weekly" } });
    const done = await mcp.call<{ task: TaskJson; spawned?: TaskJson }>("task_done", { id: task.id });
    expect(done.task).toMatchObject({ id: task.id, status: "done", ended: "2026-11-18T10:00:00Z" });
    expect(done.spawned).toMatchObject({ title: "Weekly report", status: "pending", due: "2026-11-27" });
  });

  it("a parent with open children needs force to be done", async () => {
    const parent = await mcp.call<One>("task_add", { title: "Story" });
    await mcp.call("task_add", { title: "Child", set: { parent: String(parent.task.id) } });
    expect(await mcp.fail("task_done", { id: parent.task.id })).toMatch(/child|open/i);
    const done = await mcp.call<One>("task_done", { id: parent.task.id, force: true });
    expect(done.task.status).toBe("done");
  });

  it("task_delete is soft; task_purge removes the file", async () => {
    const { task } = await mcp.call<One>("task_add", { title: "Throw away" });
    const deleted = await mcp.call<One>("task_delete", { id: task.id });
    expect(deleted.task.status).toBe("deleted");
    expect(existsSync(join(repo.dir, deleted.task.path))).toBe(true);
    expect(await mcp.call("task_purge", { id: task.id })).toEqual({ purged: task.id });
    expect(existsSync(join(repo.dir, deleted.task.path))).toBe(false);
    expect(await mcp.fail("task_info", { id: task.id })).toBe(`no task ${task.id}; task_list finds ids.`);
  });

  it("task_archive moves closed tasks into a quarter's segment; task_archive_list and task_archive_load read them", async () => {
    const { archived } = await mcp.call<{ archived: number[] }>("task_archive", { filter: "status:done" });
    expect(archived.length).toBeGreaterThan(0);
    const { segments } = await mcp.call<{ segments: { segment: string; count: number }[] }>("task_archive_list");
    expect(segments).toEqual([{ segment: "2026-Q4", count: archived.length }]);
    const { tasks } = await mcp.call<{ tasks: TaskJson[] }>("task_archive_load", { segment: "2026-Q4" });
    expect(tasks.map((task) => task.id).sort()).toEqual([...archived].sort());
    expect(readdirSync(join(repo.dir, "backlog", "archive", "2026-Q4"))).toHaveLength(archived.length);
    expect((await mcp.call<{ count: number }>("task_count", { filter: "status:done" })).count).toBe(0);
  });
});

describe("agent identity", () => {
  it("BACKLOG_AGENT wins over the client's name, for claims and notes", async () => {
    const other = await startServer(repo.dir, { name: "some-client", env: { BACKLOG_AGENT: "reviewer-bot" } });
    try {
      const { task } = await other.call<One>("task_add", { title: "Review the API" });
      const started = await other.call<One>("task_start", { id: task.id });
      expect(started.task.assignee).toBe("reviewer-bot");
      const noted = await other.call<One>("task_annotate", { id: task.id, text: "looks fine" });
      expect(noted.task.notes?.[0]?.author).toBe("reviewer-bot");
    } finally {
      await other.close();
    }
  });
});
