import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, frontmatter, runCli, snapshot, type JsonTask } from "../../helpers/cli.js";
import { startServer, type Session } from "../mcp/server.js";

/**
 * Which fields a change may set is one policy (docs/reference/changes.md, "Fields that are
 * stamped"): the command line and the MCP server take the same decision for the same change, on
 * `add` and on `modify`, and a refusal names the field and writes nothing.
 */
let repo: { dir: string; cleanup: () => void };
let mcp: Session;

beforeAll(async () => {
  repo = backlogRepo();
  await cli(repo.dir, ["add", "First", "task"]); // 1
  mcp = await startServer(repo.dir, { name: "agent-one" });
});

afterAll(async () => {
  await mcp.close();
  repo.cleanup();
});

/** A CLI change word and the same change as MCP `set`. */
const REFUSED_EVERYWHERE: [string, string, string][] = [
  ["created", "created:2020-01-01", "2020-01-01"],
  ["modified", "modified:2019-01-01", "2019-01-01"],
  ["id", "id:7", "7"],
];

/** Fields a new task may be given, but a change of an existing one may not. */
const REFUSED_ON_MODIFY: [string, string, string][] = [
  ["status", "status:done", "done"],
  ["started", "started:2026-11-01", "2026-11-01"],
  ["ended", "ended:2026-11-01", "2026-11-01"],
];

describe("fields stamped by the backlog", () => {
  it.each(REFUSED_EVERYWHERE)("%s is refused by add and modify on both front ends, naming it", async (field, word, value) => {
    const before = snapshot(repo.dir);
    for (const args of [
      ["add", "Backdated", word],
      ["modify", "1", word],
    ]) {
      const result = await runCli(repo.dir, args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toContain(`${field} cannot be set`);
      expect(result.stderr).not.toContain("task_");
    }
    for (const [tool, args] of [
      ["task_add", { title: "Backdated", set: { [field]: value } }],
      ["task_modify", { id: 1, set: { [field]: value } }],
    ] as const) {
      const text = await mcp.fail(tool, args);
      expect(text, tool).toContain(`${field} cannot be set`);
      expect(text).not.toMatch(/--[a-z]/);
    }
    expect(snapshot(repo.dir)).toEqual(before);
  });

  it("refuses created and modified given together on the command line, naming the first, and drops neither silently", async () => {
    const before = snapshot(repo.dir);
    const result = await runCli(repo.dir, ["modify", "1", "created:2020-01-01", "modified:2019-01-01"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("created cannot be set");
    const mcpText = await mcp.fail("task_modify", { id: 1, set: { created: "2020-01-01", modified: "2019-01-01" } });
    expect(mcpText).toContain("created cannot be set");
    expect(snapshot(repo.dir)).toEqual(before);
  });

  it("takes Taskwarrior's names for them the same way", async () => {
    expect((await runCli(repo.dir, ["modify", "1", "entry:2020-01-01"])).stderr).toContain("created cannot be set");
    expect(await mcp.fail("task_modify", { id: 1, set: { entry: "2020-01-01" } })).toContain("created cannot be set");
  });
});

describe("the status and the lifecycle's stamps", () => {
  it.each(REFUSED_ON_MODIFY)("%s is refused by modify on both front ends, naming it", async (field, word, value) => {
    const before = snapshot(repo.dir);
    const result = await runCli(repo.dir, ["modify", "1", word]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^error: ${field} `));
    const text = await mcp.fail("task_modify", { id: 1, set: { [field]: value } });
    expect(text).toMatch(new RegExp(`^${field} `));
    expect(snapshot(repo.dir)).toEqual(before);
  });

  it("names the step that moves a task to the status asked for, in each front end's words", async () => {
    const result = await runCli(repo.dir, ["modify", "1", "status:done"]);
    expect(result.stderr).toContain("`done` moves it there");
    expect(await mcp.fail("task_modify", { id: 1, set: { status: "done" } })).toContain("task_done moves it there");
    expect(await mcp.fail("task_modify", { id: 1, set: { status: "active" } })).toContain("task_start moves it there");
  });

  it("a new task may be given a status and the dates its lifecycle would stamp, on both front ends", async () => {
    const fromCli = await cliJson<JsonTask>(repo.dir, ["add", "Done", "last", "week", "status:done", "ended:2026-11-11"]);
    expect(frontmatter(repo.dir, fromCli.id)).toMatchObject({ status: "done", ended: "2026-11-11" });
    const { task } = await mcp.call<{ task: JsonTask }>("task_add", { title: "Done before", set: { status: "done", ended: "2026-11-11" } });
    expect(frontmatter(repo.dir, task.id)).toMatchObject({ status: "done", ended: "2026-11-11" });
    const active = await mcp.call<{ task: JsonTask }>("task_add", { title: "Under way", set: { status: "active" } });
    expect(frontmatter(repo.dir, active.task.id)).toMatchObject({ status: "active", started: "2026-11-18T10:00:00Z", assignee: "agent-one" });
  });

  it("work logged as finished is done: another status is refused", async () => {
    const before = snapshot(repo.dir);
    expect(await mcp.fail("task_log", { title: "Finished", set: { status: "active" } })).toMatch(/^status/);
    expect(snapshot(repo.dir)).toEqual(before);
  });
});
