import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, startServer, type Session, type TaskJson } from "./server.js";

type One = { task: TaskJson };

let repo: { dir: string; cleanup: () => void };
let mcp: Session;

beforeAll(async () => {
  repo = backlogRepo();
  mcp = await startServer(repo.dir, { env: { BACKLOG_TOOLS: "all" } });
  await mcp.call("task_add", { title: "Login form" });
  await mcp.call("task_add", { title: "Session store" });
});

afterAll(async () => {
  await mcp.close();
  repo.cleanup();
});

const fileOf = (id: number): string => {
  const name = readdirSync(join(repo.dir, "backlog")).find((file) => file.startsWith(`${id}-`));
  if (!name) throw new Error(`no file for task ${id}`);
  return readFileSync(join(repo.dir, "backlog", name), "utf8");
};

describe("related over MCP", () => {
  it("task_add and task_modify take related as a JSON array of ids, like depends", async () => {
    const { task } = await mcp.call<One>("task_add", { title: "Auth docs", related: [1, 2] });
    expect(task).toMatchObject({ id: 3, related: [1, 2], blocked: false, ready: true });
    expect(fileOf(3)).toContain("\nrelated: [1, 2]\n");
    const { tasks } = await mcp.call<{ tasks: TaskJson[] }>("task_modify", { filter: "3", related: [-1] });
    expect(tasks[0]?.related).toEqual([2]);
    const copy = await mcp.call<One>("task_duplicate", { id: 3, related: [1] });
    expect(copy.task.related).toEqual([2, 1]);
  });

  it("refuses a task related to itself, and an id that is not one", async () => {
    expect(await mcp.fail("task_modify", { filter: "3", related: [3] })).toMatch(/#3 cannot be related to itself/);
    expect(await mcp.fail("task_add", { title: "X", related: [-2] })).toMatch(/Invalid arguments|not a task id/);
    expect(await mcp.fail("task_modify", { filter: "3", set: { related: "1" } })).toMatch(/give `related`/);
  });
});
