import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, startServer, type Session } from "./server.js";

let repo: { dir: string; cleanup: () => void };
let mcp: Session;

/** Every file under backlog/ with its bytes: a refused call writes nothing. */
function snapshot(): Record<string, string> {
  const folder = join(repo.dir, "backlog");
  return Object.fromEntries(readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => [entry.name, readFileSync(join(folder, entry.name), "utf8")]));
}

beforeAll(async () => {
  repo = backlogRepo();
  mcp = await startServer(repo.dir, { name: "agent-one", env: { BACKLOG_TOOLS: "all" } });
  await mcp.call("task_add", { title: "Pending task" }); // 1
  await mcp.call("task_add", { title: "Done task" }); // 2
  await mcp.call("task_done", { id: 2 });
  await mcp.call("task_add", { title: "Claimed task" }); // 3
  await mcp.call("task_start", { id: 3 });
  await mcp.call("task_add", { title: "Noted task" }); // 4
  await mcp.call("task_annotate", { id: 4, text: "a note" });
  await mcp.call("task_add", { title: "Deleted task" }); // 5
  await mcp.call("task_delete", { id: 5 });
  await mcp.call("task_add", { title: "Parent task" }); // 6
  await mcp.call("task_add", { title: "Child task", set: { parent: "6" } }); // 7
});

afterAll(async () => {
  await mcp.close();
  repo.cleanup();
});

describe("refusals name the problem and the next step, and write nothing", () => {
  const cases: [string, string, Record<string, unknown>, RegExp][] = [
    ["an unknown id", "task_info", { id: 42 }, /^no task 42; task_list finds ids\.$/],
    ["done on a done task", "task_done", { id: 2 }, /task 2 is already done/],
    ["start on a done task", "task_start", { id: 2 }, /^task 2 is done; task_restore reopens it first\.$/],
    ["start on a claimed task, naming the holder", "task_start", { id: 3 }, /^task 3 is already active, claimed by agent-one since .*; task_next picks another, or force: true takes it over\.$/],
    ["stop on a pending task", "task_stop", { id: 1 }, /task 1 is pending, not active/],
    ["denotate of a missing note", "task_denotate", { id: 4, text: "no such note" }, /task 4 has no note matching "no such note"/],
    ["denotate on a task without notes", "task_denotate", { id: 1, text: "x" }, /task 1 has no notes/],
    ["purge of a task that is not deleted", "task_purge", { id: 1 }, /^task 1 is pending; purge removes deleted tasks only; task_delete deletes it first\.$/],
    ["delete of a deleted task", "task_delete", { id: 5 }, /^task 5 is already deleted; task_purge removes the file\.$/],
    ["done of a deleted task", "task_done", { id: 5 }, /^task 5 is deleted; task_restore reopens it first, if it was done after all\.$/],
    ["a parent done with an open child", "task_done", { id: 6 }, /#6 cannot be done while its child #7 is open\. Finish or delete it first; force: true writes it anyway\.$/],
    ["modify with no match", "task_modify", { filter: "project:nowhere", priority: "H" }, /no task matches "project:nowhere"; task_list shows what a filter selects/],
    ["modify with an empty filter", "task_modify", { filter: "", priority: "H" }, /an empty filter would change every task/],
    ["modify without changes", "task_modify", { filter: "1" }, /^no changes given: name at least one field to change\.$/],
    ["modify of the status", "task_modify", { filter: "1", set: { status: "done" } }, /^status is given only to a new task: a task moves through its lifecycle, which also stamps started and ended; task_done moves it there\.$/],
    ["a field name that is not one", "task_modify", { filter: "1", set: { "Bad Name": "x" } }, /"Bad Name" is not a field name/],
    ["a date that is not a date", "task_add", { title: "x", due: "the day after" }, /"the day after" is not a date; use ISO/],
    ["a malformed filter, naming the token", "task_list", { filter: "( project:web" }, /\(/],
    ["an unknown virtual tag", "task_count", { filter: "+NOPE" }, /NOPE/],
    ["a missing dependency", "task_add", { title: "x", depends: [99] }, /99/],
    ["a dependency cycle", "task_modify", { filter: "1", depends: [1] }, /1/],
    ["an empty title", "task_add", { title: "   " }, /^a task needs a title\.$/],
    ["a missing archive segment", "task_archive_load", { segment: "2020-Q1" }, /^no archive segment 2020-Q1; task_archive_list lists the segments\.$/],
    ["an unknown template", "task_add", { title: "x", template: "nope" }, /no task template "nope"; known: bug/],
    ["denotate of a note that is not there", "task_denotate", { id: 4, text: "missing" }, /^task 4 has no note matching "missing"; task_info lists its notes\.$/],
    ["an empty document deleted again", "task_doc_delete", { id: 1 }, /the document of task 1 already reads like that \(it is empty\); nothing was written/],
    ["an unknown view", "task_view", { name: "nope" }, /no view "nope"; views: .*ready/],
    ["a graph around an unknown task", "task_graph", { id: 77 }, /^no task 77; task_list finds ids\.$/],
    ["a bad archive segment", "task_archive_load", { segment: "last-year" }, /"last-year" is not an archive segment; they look like 2026-Q4/],
    ["an archive with nothing to move", "task_archive", {}, /nothing to archive/],
    ["an import that is empty", "task_import", { tasks: [] }, /the import holds no tasks/],
    ["a worktree for an unknown task", "task_start", { id: 99, worktree: true }, /no task 99/],
  ];

  it.each(cases)("%s", async (_what, tool, args, message) => {
    const before = snapshot();
    const text = await mcp.fail(tool, args);
    expect(text).toMatch(message);
    // The agent's words: tools and their options, never the CLI's commands, flags or usage lines.
    expect(text).not.toMatch(/--[a-z]|`(?:git-backlog |list|next|show|restore|delete|purge|doctor|archive)|\b(?:add|modify|annotate) <|e\.g\. (?:add|modify) /);
    expect(snapshot()).toEqual(before);
  });

  it("input that does not match the schema is an error result, not a crash", async () => {
    expect(await mcp.fail("task_info", { id: "seven" })).toMatch(/Invalid arguments for tool task_info/);
    expect(await mcp.fail("task_add", {})).toMatch(/title/);
    // An empty filter counts the open tasks that are not waiting: 1, the claimed 3, 4, 6 and 7.
    expect(await mcp.call("task_count")).toEqual({ count: 5 });
    expect(await mcp.call("task_count", { filter: "status:pending" })).toEqual({ count: 4 });
  });

  it("a broken file is named when a tool needs it", async () => {
    const name = readdirSync(join(repo.dir, "backlog")).find((file) => file.startsWith("1-"))!;
    const path = join(repo.dir, "backlog", name);
    const original = readFileSync(path, "utf8");
    writeFileSync(path, original.replace("status: pending", "status: wip"));
    try {
      const text = await waitForError(() => mcp.fail("task_info", { id: 1 }), /cannot be used/);
      expect(text).toMatch(/task 1 \(backlog\/1-pending-task\.md\) cannot be used: .*wip.*task_doctor lists every problem/);
    } finally {
      writeFileSync(path, original);
    }
  });
});

async function waitForError(attempt: () => Promise<string>, pattern: RegExp): Promise<string> {
  for (let tries = 0; ; tries++) {
    const text = await attempt().catch((error: Error) => error.message);
    if (pattern.test(text) || tries > 100) return text;
    await new Promise((wake) => setTimeout(wake, 10));
  }
}
