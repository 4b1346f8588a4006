import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, startServer, type Session, type TaskJson } from "./server.js";

type One = { task: TaskJson };

let repo: { dir: string; cleanup: () => void };
let mcp: Session;

function snapshot(): Record<string, string> {
  const folder = join(repo.dir, "backlog");
  return Object.fromEntries(readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => [entry.name, readFileSync(join(folder, entry.name), "utf8")]));
}

beforeAll(async () => {
  repo = backlogRepo();
  mcp = await startServer(repo.dir, { env: { BACKLOG_TOOLS: "all" } });
  await mcp.call("task_add", { title: "First task" }); // 1
});

afterAll(async () => {
  await mcp.close();
  repo.cleanup();
});

describe("unknown argument keys are refused, naming the parameter that does the job", () => {
  const cases: [string, string, Record<string, unknown>, string[]][] = [
    [
      "another tracker's habits on task_add",
      "task_add",
      { title: "X", description: "d", status: "active" },
      [
        '"description" is not a parameter of task_add: the one-line summary is title, the markdown document body',
        '"status" is not a parameter of task_add: give it in set, e.g. set: {"status": "…"}',
      ],
    ],
    ["a status on task_modify", "task_modify", { filter: "1", status: "done" }, ['"status" is not a parameter of task_modify: task_done moves it there']],
    ["a field that goes in set", "task_add", { title: "X", type: "bug" }, ['"type" is not a parameter of task_add: give it in set, e.g. set: {"type": "…"}']],
    ["another name for due", "task_add", { title: "X", due_date: "friday" }, ['"due_date" is not a parameter of task_add: use due']],
    ["a camel-cased name", "task_add", { title: "X", dueDate: "friday" }, ['"dueDate" is not a parameter of task_add: use due']],
    ["a document on task_modify", "task_modify", { filter: "1", body: "text" }, ['"body" is not a parameter of task_modify: task_doc_write writes a task\'s document']],
    ["a note under another name", "task_annotate", { id: 1, note: "x" }, ['"note" is not a parameter of task_annotate: use text']],
    ["an id on task_list", "task_list", { id: 1 }, ['"id" is not a parameter of task_list: filter takes ids, e.g. "12,15"']],
    ["a key that means nothing", "task_count", { colour: "red" }, ['"colour" is not a parameter of task_count; it takes filter']],
    ["a key on a tool without parameters", "task_projects", { all: true }, ['"all" is not a parameter of task_projects: it takes no parameters']],
  ];

  it.each(cases)("%s", async (_what, tool, args, parts) => {
    const before = snapshot();
    const text = await mcp.fail(tool, args);
    for (const part of parts) expect(text).toContain(part);
    expect(snapshot()).toEqual(before);
  });
});

describe("what is taken", () => {
  it("assignee is a field task_add and task_modify set", async () => {
    const { task } = await mcp.call<One>("task_add", { title: "Review the API", assignee: "bob" });
    expect(task.assignee).toBe("bob");
    const { tasks } = await mcp.call<{ tasks: TaskJson[] }>("task_modify", { filter: String(task.id), assignee: "carol" });
    expect(tasks[0]?.assignee).toBe("carol");
  });

  it("ids given as numeric strings", async () => {
    expect((await mcp.call<One>("task_info", { id: "1" })).task.title).toBe("First task");
    const { task } = await mcp.call<One>("task_add", { title: "Depends on the first", depends: ["1"] });
    expect(task.depends).toEqual([1]);
    expect(await mcp.fail("task_info", { id: "one" })).toMatch(/id/);
  });
});
