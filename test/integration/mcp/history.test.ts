import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../../helpers/cli.js";
import { git } from "../../helpers/git-repo.js";
import { backlogRepo, startServer, type Session, type TaskJson } from "./server.js";

let repo: { dir: string; cleanup: () => void };
let mcp: Session;

beforeAll(async () => {
  repo = backlogRepo();
  mcp = await startServer(repo.dir, { name: "history-agent", env: { BACKLOG_TOOLS: "all" } });
});

afterAll(async () => {
  await mcp.close();
  repo.cleanup();
});

type LogEntry = { sha: string; op: string; tasks: number[]; agent?: string; time: string; message: string };

describe("history through git", () => {
  it("every tool write is one commit with the agent in its trailer; task_history reads them back", async () => {
    const before = Number(git(repo.dir, "rev-list", "--count", "HEAD"));
    const { task } = await mcp.call<{ task: TaskJson }>("task_add", { title: "Tracked task" });
    await mcp.call("task_modify", { filter: String(task.id), priority: "H" });
    expect(Number(git(repo.dir, "rev-list", "--count", "HEAD"))).toBe(before + 2);
    expect(git(repo.dir, "log", "-1", "--format=%B")).toMatch(/^backlog: modify #1 Tracked task\n[\s\S]*Backlog-Op: modify\nBacklog-Task: 1\nBacklog-Agent: history-agent/m);
    expect(git(repo.dir, "status", "--porcelain")).toBe("");

    const { entries } = await mcp.call<{ entries: LogEntry[] }>("task_history", {});
    expect(entries.map((entry) => [entry.op, entry.tasks, entry.agent])).toEqual([
      ["modify", [1], "history-agent"],
      ["add", [1], "history-agent"],
    ]);
    const one = await mcp.call<{ entries: LogEntry[] }>("task_history", { id: 1, limit: 1 });
    expect(one.entries).toHaveLength(1);
    const history = await mcp.call<{ path: string; entries: { sha: string; patch: string }[] }>("task_history", { id: 1, diff: true });
    expect(history).toMatchObject({ path: "backlog/1-tracked-task.md" });
    expect(history.entries[0]?.patch).toContain("+priority: H");
  });

  it("task_undo reverts the last operation as a new commit, task_redo re-applies it", async () => {
    const undone = await mcp.call<{ tasks: number[]; reverts: string[]; sha?: string }>("task_undo", {});
    expect(undone.tasks).toEqual([1]);
    expect((await mcp.call<{ task: TaskJson }>("task_info", { id: 1 })).task.priority).toBeUndefined();
    const redone = await mcp.call<{ tasks: number[] }>("task_redo", {});
    expect(redone.tasks).toEqual([1]);
    expect((await mcp.call<{ task: TaskJson }>("task_info", { id: 1 })).task.priority).toBe("H");
  });

  it("task_redo with nothing undone is refused with a reason", async () => {
    expect(await mcp.fail("task_redo")).toMatch(/redo|undo/i);
  });

  it("task_undo takes only this agent's operations and names another's it passed over; any: true includes them", async () => {
    const other = { env: { BACKLOG_AGENT: "other-agent" } };
    await cli(repo.dir, ["add", "Task of another agent"], other);
    await mcp.call("task_modify", { filter: "1", priority: "L" });
    await cli(repo.dir, ["modify", "2", "priority:H"], other);

    type Reverted = { tasks: number[]; reverted: LogEntry[]; passedOver: LogEntry[] };
    const own = await mcp.call<Reverted>("task_undo", {});
    expect(own.reverted.map((entry) => [entry.op, entry.tasks, entry.agent])).toEqual([["modify", [1], "history-agent"]]);
    expect(own.passedOver.map((entry) => [entry.op, entry.tasks, entry.agent])).toEqual([["modify", [2], "other-agent"]]);
    expect((await mcp.call<{ task: TaskJson }>("task_info", { id: 1 })).task.priority).toBe("H");
    expect((await mcp.call<{ task: TaskJson }>("task_info", { id: 2 })).task.priority).toBe("H");

    const refused = await mcp.fail("task_undo", { count: 9 });
    expect(refused).toContain("Only 2 of your backlog operations (test@example.com, agent history-agent) can be undone on this branch, not 9");
    expect(refused).toContain("any: true");
    expect(refused).not.toContain("--any");

    const any = await mcp.call<Reverted>("task_undo", { any: true });
    expect(any.reverted.map((entry) => [entry.op, entry.tasks, entry.agent])).toEqual([["modify", [2], "other-agent"]]);
    expect((await mcp.call<{ task: TaskJson }>("task_info", { id: 2 })).task.priority).toBeUndefined();
  });
});

describe("task_diff", () => {
  it("says what changed in the tasks over a range, with each change in words, and names a bad range", async () => {
    const base = git(repo.dir, "rev-parse", "HEAD").trim();
    const { task } = await mcp.call<{ task: TaskJson }>("task_add", { title: "Reviewed in a PR", priority: "M" });
    await mcp.call("task_modify", { filter: String(task.id), priority: "H", tags: ["security"] });
    const diff = await mcp.call<{ range: { from: string; to: string | null }; tasks: { kind: string; id: number; summary: string }[]; unreadable: unknown[] }>("task_diff", { range: `${base}..HEAD` });
    expect(diff.range.from).toBe(base);
    expect(diff.tasks).toEqual([expect.objectContaining({ kind: "added", id: task.id, summary: "new; priority H; +security" })]);
    const last = await mcp.call<{ tasks: { summary: string }[] }>("task_diff", { range: "HEAD^!" });
    expect(last.tasks.map((change) => change.summary)).toEqual(["priority M → H; +security"]);
    expect(await mcp.fail("task_diff", { range: "no-such-branch" })).toMatch(/"no-such-branch" is not a commit git knows/);
  });
});
