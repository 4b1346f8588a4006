import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, startServer, type Session, type TaskJson } from "./server.js";

type One = { task: TaskJson };

let repo: { dir: string; cleanup: () => void };
let agentA: Session;
let agentB: Session;

/** Every task file with its bytes: a refused call writes nothing. */
function snapshot(): Record<string, string> {
  const folder = join(repo.dir, "backlog");
  return Object.fromEntries(readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => [entry.name, readFileSync(join(folder, entry.name), "utf8")]));
}

beforeAll(async () => {
  repo = backlogRepo();
  agentA = await startServer(repo.dir, { name: "agent-a", env: { BACKLOG_TOOLS: "all" } });
  agentB = await startServer(repo.dir, { name: "agent-b", env: { BACKLOG_TOOLS: "all" } });
});

afterAll(async () => {
  await agentA.close();
  await agentB.close();
  repo.cleanup();
});

async function claimedByA(title: string): Promise<number> {
  const { task } = await agentA.call<One>("task_add", { title, body: "The plan." });
  await agentA.call("task_start", { id: task.id });
  return task.id;
}

describe("a claim binds every write of another agent but notes", () => {
  const writes: [string, (id: number) => Record<string, unknown>][] = [
    ["task_stop", (id) => ({ id })],
    ["task_done", (id) => ({ id })],
    ["task_delete", (id) => ({ id })],
    ["task_modify", (id) => ({ filter: String(id), priority: "H" })],
    ["task_doc_write", (id) => ({ id, content: "Another plan." })],
    ["task_doc_delete", (id) => ({ id })],
  ];

  it.each(writes)("%s on agent-a's task is refused for agent-b, naming the holder, and writes nothing", async (tool, args) => {
    const id = await claimedByA(`Held for ${tool}`);
    const before = snapshot();
    expect(await agentB.fail(tool, args(id))).toBe(`task ${id} is claimed by agent-a since 2026-11-18T10:00:00Z, not by you (agent-b); force: true acts on it anyway.`);
    expect(snapshot()).toEqual(before);
  });

  it.each(writes)("%s with force: true goes through for agent-b", async (tool, args) => {
    const id = await claimedByA(`Forced ${tool}`);
    await agentB.call(tool, { ...args(id), force: true });
  });

  it("the holder needs no force, and anyone may annotate", async () => {
    const id = await claimedByA("Mine to change");
    await agentB.call<One>("task_annotate", { id, text: "saw this" });
    await agentA.call("task_modify", { filter: String(id), priority: "L" });
    await agentA.call("task_doc_write", { id, content: "My plan." });
    const { task } = await agentA.call<One>("task_done", { id });
    expect(task).toMatchObject({ status: "done", priority: "L" });
    expect(task.notes).toEqual([{ time: "2026-11-18T10:00:00Z", author: "agent-b", text: "saw this" }]);
  });

  it("a modify over several tasks is refused whole when one is another's", async () => {
    const free = (await agentB.call<One>("task_add", { title: "Free task" })).task.id;
    const held = await claimedByA("Held in a batch");
    const before = snapshot();
    expect(await agentB.fail("task_modify", { filter: `${free},${held}`, project: "web" })).toContain(`task ${held} is claimed by agent-a`);
    expect(snapshot()).toEqual(before);
  });
});

describe("task_start on a blocked task", () => {
  it("is refused, naming the open dependencies, unless force: true", async () => {
    const first = (await agentA.call<One>("task_add", { title: "Design the schema" })).task.id;
    const second = (await agentA.call<One>("task_add", { title: "Write the API", depends: [first] })).task.id;
    const before = snapshot();
    expect(await agentA.fail("task_start", { id: second })).toBe(
      `task ${second} is blocked: it depends on #${first} Design the schema, not done yet; task_next picks a ready task, or force: true starts it anyway.`,
    );
    expect(snapshot()).toEqual(before);
    expect((await agentA.call<One>("task_start", { id: second, force: true })).task.status).toBe("active");
  });

  it("starts once the dependency is done", async () => {
    const first = (await agentA.call<One>("task_add", { title: "Pick a name" })).task.id;
    const second = (await agentA.call<One>("task_add", { title: "Register the domain", depends: [first] })).task.id;
    await agentA.call("task_done", { id: first });
    expect((await agentA.call<One>("task_start", { id: second })).task.status).toBe("active");
  });
});

describe("annotations", () => {
  it("task_start, task_stop and task_done are destructive: with force they act on another agent's claim", async () => {
    const { tools } = await agentA.client.listTools();
    const hints = Object.fromEntries(tools.map((tool) => [tool.name, tool.annotations?.destructiveHint]));
    expect(hints).toMatchObject({ task_start: true, task_stop: true, task_done: true, task_add: false, task_annotate: false });
  });
});
