import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git } from "../../helpers/git-repo.js";
import { backlogRepo, startServer, type Session, type TaskJson } from "./server.js";

let repo: { dir: string; cleanup: () => void };
let mcp: Session;

beforeAll(async () => {
  repo = backlogRepo();
  mcp = await startServer(repo.dir, { env: { BACKLOG_TOOLS: "all" } });
  await mcp.call("task_add", { title: "First" });
});

afterAll(async () => {
  await mcp.close();
  repo.cleanup();
});

const RANGE = /whole numbers from 1 to 2147483647/;

describe("tool inputs are held to the same limits as the CLI's", () => {
  it("refuses ids out of range, naming the value and the range", async () => {
    for (const [tool, args, value] of [
      ["task_info", { id: 2147483648 }, "2147483648"],
      ["task_done", { id: 0 }, "0"],
      ["task_add", { title: "x", depends: [9007199254740991] }, "9007199254740991"],
      ["task_modify", { filter: "1", depends: [-2147483648] }, "-2147483648"],
      ["task_modify", { filter: "1", set: { parent: "2147483648" } }, "2147483648"],
      ["task_list", { filter: "2147483648" }, "2147483648"],
      ["task_import", { tasks: [{ id: 2147483648, title: "x" }] }, "2147483648"],
    ] as const) {
      const text = await mcp.fail(tool, args);
      expect(text, `${tool} ${JSON.stringify(args)}`).toContain(value);
      expect(text, `${tool} ${JSON.stringify(args)}`).toMatch(RANGE);
    }
    await expect(mcp.client.readResource({ uri: "backlog://tasks/2147483648" })).rejects.toThrow(/"2147483648" is not a task id \(ids are whole numbers from 1 to 2147483647\)/);
    const { task } = await mcp.call<{ task: TaskJson }>("task_add", { title: "Second" });
    expect(task.id).toBe(2);
    expect(git(repo.dir, "status", "--porcelain")).toBe("");
  });

  it("refuses titles that are not one line, and a megabyte of title, without writing", async () => {
    const head = git(repo.dir, "rev-parse", "HEAD");
    expect(await mcp.fail("task_add", { title: "a\nb" })).toMatch(/title "a\\nb" holds a line break; a title is one line/);
    expect(await mcp.fail("task_modify", { filter: "1", title: "a\u2028b" })).toMatch(/holds a line break/);
    expect(await mcp.fail("task_duplicate", { id: 1, title: "tab\tin it" })).toMatch(/control character \(U\+0009\)/);
    const huge = await mcp.fail("task_add", { title: "x".repeat(1_000_000) });
    expect(huge).toMatch(/title is 1000000 characters long; titles are at most 500/);
    expect(huge.length).toBeLessThan(300);
    expect(git(repo.dir, "rev-parse", "HEAD")).toBe(head);
  });

  it("task_history of an id that names no task says so, its operations or its diffs", async () => {
    expect(await mcp.fail("task_history", { id: 99999 })).toMatch(/^no task 99999/);
    expect(await mcp.fail("task_history", { id: 99999, diff: true })).toMatch(/^no task 99999/);
    expect((await mcp.call<{ entries: unknown[] }>("task_history", { id: 1 })).entries).toHaveLength(1);
  });
});
