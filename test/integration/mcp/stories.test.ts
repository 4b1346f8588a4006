import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, startServer, type Session, type TaskJson } from "./server.js";

type One = { task: TaskJson };

let repo: { dir: string; cleanup: () => void };
let mcp: Session;

beforeAll(async () => {
  repo = backlogRepo();
  mcp = await startServer(repo.dir, { env: { BACKLOG_TOOLS: "all" } });
  await mcp.call("task_add", { title: "Checkout story", priority: "H" });
  await mcp.call("task_add", { title: "Cart page", set: { parent: "1" } });
  await mcp.call("task_add", { title: "Payment form", set: { parent: "1" } });
  await mcp.call("task_done", { id: 2 });
});

afterAll(async () => {
  await mcp.close();
  repo.cleanup();
});

describe("stories over MCP", () => {
  it("task_info gives a story's children with titles and statuses, and its progress", async () => {
    const { task } = await mcp.call<One>("task_info", { id: 1 });
    expect(task).toMatchObject({
      ready: false,
      children: [
        { id: 2, title: "Cart page", status: "done" },
        { id: 3, title: "Payment form", status: "pending" },
      ],
      progress: { done: 1, total: 2 },
    });
    expect((await mcp.call<One>("task_next")).task.id).toBe(3);
  });

  it("task_graph draws around a task on the side asked for, both by default", async () => {
    await mcp.call("task_add", { title: "Release", depends: [3] });
    await mcp.call("task_modify", { filter: "3", depends: [2] });
    const both = await mcp.call<{ graph: string }>("task_graph", { id: 3 });
    expect(both.graph).toBe("#3 Payment form [pending]\n├── depends on\n│   └── #2 Cart page [done]\n└── required by\n    └── #4 Release [pending]\n");
    expect((await mcp.call<{ graph: string }>("task_graph", { id: 3, direction: "down" })).graph).toBe("#3 Payment form [pending]\n└── required by\n    └── #4 Release [pending]\n");
    expect((await mcp.call<{ graph: string }>("task_graph", { id: 3, direction: "up", format: "mermaid" })).graph).toContain("  t2 --> t3\n");
    expect(await mcp.fail("task_graph", { direction: "up" })).toMatch(/needs a task id/);
  });
});
