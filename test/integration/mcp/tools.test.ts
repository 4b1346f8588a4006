import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, startServer, type Session, type TaskJson } from "./server.js";

type One = { task: TaskJson };
type Many = { tasks: TaskJson[]; total: number; note?: string };

let repo: { dir: string; cleanup: () => void };
let mcp: Session;

beforeAll(async () => {
  repo = backlogRepo();
  mcp = await startServer(repo.dir, { name: "claude-test", env: { BACKLOG_TOOLS: "all" } });
});

afterAll(async () => {
  await mcp.close();
  repo.cleanup();
});

const fileOf = (id: number): string => {
  const name = readdirSync(join(repo.dir, "backlog")).find((file) => file.startsWith(`${id}-`) || file === `${id}.md`);
  if (!name) throw new Error(`no file for task ${id}`);
  return readFileSync(join(repo.dir, "backlog", name), "utf8");
};

describe("writing tasks", () => {
  it("task_add creates the file and returns the task in the JSON shape of docs/reference/mcp.md", async () => {
    const { task } = await mcp.call<One>("task_add", {
      title: "Implement user authentication",
      body: "Use sessions.",
      priority: "H",
      project: "backend",
      tags: ["auth", "security"],
      due: "friday",
      set: { type: "feature", estimate: "3" },
    });
    expect(task).toMatchObject({ id: 1, title: "Implement user authentication", status: "pending", priority: "H", project: "backend", type: "feature", due: "2026-11-20", estimate: 3, body: "Use sessions.", path: "backlog/1-implement-user-authentication.md", ready: true, blocked: false });
    expect(task.tags).toEqual(["auth", "security"]);
    expect(task.urgency).toBeGreaterThan(0);
    expect(fileOf(1)).toContain("title: Implement user authentication");
  });

  it("task_add takes depends and templates", async () => {
    const { task } = await mcp.call<One>("task_add", { title: "Login page", depends: [1], tags: ["ui"] });
    expect(task).toMatchObject({ id: 2, depends: [1], blocked: true, ready: false });
    const bug = await mcp.call<One>("task_add", { title: "Crash on save", template: "bug" });
    expect(bug.task.type).toBe("bug");
  });

  it("task_modify changes every selected task; tags and depends are edits", async () => {
    const { tasks } = await mcp.call<{ tasks: TaskJson[] }>("task_modify", { filter: "1,2", tags: ["urgent", "-security"], priority: "M" });
    expect(tasks.map((task) => [task.id, task.priority, task.tags])).toEqual([
      [1, "M", ["auth", "urgent"]],
      [2, "M", ["ui", "urgent"]],
    ]);
    const dropped = await mcp.call<{ tasks: TaskJson[] }>("task_modify", { filter: "2", depends: [-1], title: "Login page v2", set: { due: "", assignee: "bob" } });
    expect(dropped.tasks[0]).toMatchObject({ id: 2, title: "Login page v2", assignee: "bob", blocked: false });
    expect(dropped.tasks[0]?.depends).toBeUndefined();
    expect(fileOf(2)).toContain("assignee: bob");
  });

  it("task_annotate and task_denotate add and remove notes by text or number", async () => {
    await mcp.call("task_annotate", { id: 1, text: "the session store is Redis" });
    const { task } = await mcp.call<One>("task_annotate", { id: 1, text: "second thought" });
    expect(task.notes?.map((note) => [note.author, note.text])).toEqual([
      ["claude-test", "the session store is Redis"],
      ["claude-test", "second thought"],
    ]);
    const after = await mcp.call<One>("task_denotate", { id: 1, text: "#1" });
    expect(after.task.notes?.map((note) => note.text)).toEqual(["second thought"]);
  });

  it("task_doc_write replaces the document and keeps the notes; task_doc_read and task_doc_delete", async () => {
    await mcp.call("task_doc_write", { id: 1, content: "# Spec\n\nOAuth with PKCE." });
    const doc = await mcp.call<{ id: number; content: string }>("task_doc_read", { id: 1 });
    expect(doc.content.trimEnd()).toBe("# Spec\n\nOAuth with PKCE.");
    expect(fileOf(1)).toMatch(/OAuth with PKCE\.\n\n## Notes\n- .* claude-test: second thought/);
    await mcp.call("task_doc_delete", { id: 1 });
    expect(await mcp.call("task_doc_read", { id: 1 })).toEqual({ id: 1, content: "" });
    expect(fileOf(1)).toMatch(/\n---\n## Notes\n/);
    expect(fileOf(1)).toContain("second thought");
  });

  it("task_duplicate copies fields and document into a new pending task", async () => {
    await mcp.call("task_doc_write", { id: 2, content: "Form with email and password." });
    const { task } = await mcp.call<One>("task_duplicate", { id: 2, title: "Signup page", tags: ["-urgent"] });
    expect(task).toMatchObject({ id: 4, title: "Signup page", status: "pending", priority: "M", tags: ["ui"], body: "Form with email and password.\n" });
  });

  it("task_import adds tasks all at once and renumbers taken ids", async () => {
    const result = await mcp.call<{ tasks: TaskJson[]; renumbered: Record<string, number> }>("task_import", {
      tasks: [
        { id: 1, title: "Imported one", tags: ["imp"] },
        { id: 50, title: "Imported two", depends: [1] },
      ],
    });
    expect(result.tasks.map((task) => task.title)).toEqual(["Imported one", "Imported two"]);
    expect(result.renumbered["1"]).toBe(result.tasks[0]?.id);
    expect(result.tasks[1]).toMatchObject({ id: 50, depends: [result.tasks[0]?.id] });
  });
});

describe("reading tasks", () => {
  it("task_list filters, sorts, limits, and says when it cut the list", async () => {
    const all = await mcp.call<Many>("task_list", {});
    expect(all.total).toBe(6);
    expect(all.tasks[0]).not.toHaveProperty("body");
    expect(all.tasks[0]).not.toHaveProperty("notes");
    const ui = await mcp.call<Many>("task_list", { filter: "+ui", sort: "id-" });
    expect(ui.tasks.map((task) => task.id)).toEqual([4, 2]);
    const cut = await mcp.call<Many>("task_list", { limit: 2 });
    expect(cut).toMatchObject({ total: 6, note: "2 of 6 shown; raise limit or narrow the filter for the rest." });
    expect(cut.tasks).toHaveLength(2);
  });

  it("task_list returns only the fields asked for", async () => {
    const { tasks } = await mcp.call<Many>("task_list", { filter: "2", fields: ["title", "body"] });
    expect(tasks).toEqual([{ id: 2, title: "Login page v2", body: "Form with email and password.\n" }]);
  });

  it("task_count, task_info and task_next", async () => {
    expect(await mcp.call("task_count", { filter: "project:backend" })).toEqual({ count: 1 });
    expect(await mcp.call("task_count", { filter: "+ui or +imp" })).toEqual({ count: 3 });
    const { task } = await mcp.call<One>("task_info", { id: 2 });
    expect(task).toMatchObject({ id: 2, body: "Form with email and password.\n", path: expect.stringMatching(/^backlog\/2-/) as unknown });
    const next = await mcp.call<{ task: TaskJson | null }>("task_next", {});
    expect(next.task?.id).toBe(1);
    expect(await mcp.call("task_next", { filter: "+nothing-has-this" })).toEqual({ task: null });
  });

  it("task_graph, task_view, task_projects, task_tags", async () => {
    const { graph } = await mcp.call<{ graph: string }>("task_graph", { format: "mermaid" });
    expect(graph).toContain("graph");
    const view = await mcp.call<{ name: string; tasks: TaskJson[] }>("task_view", { name: "ready" });
    expect(view.name).toBe("ready");
    expect(view.tasks.length).toBeGreaterThan(0);
    const board = await mcp.call<{ columns: Record<string, TaskJson[]> }>("task_view", { name: "board" });
    expect(Object.keys(board.columns)).toContain("pending");
    expect(await mcp.call("task_projects")).toEqual({ projects: [{ project: "backend", count: 1 }] });
    const { tags } = await mcp.call<{ tags: { tag: string; count: number }[] }>("task_tags");
    expect(tags).toContainEqual({ tag: "ui", count: 2 });
  });

  it("task_doctor finds nothing wrong in the task files and says the merge driver is not set up where init never ran", async () => {
    const { problems } = await mcp.call<{ problems: { file: string; code: string; message: string }[] }>("task_doctor");
    expect(problems.map((problem) => [problem.file, problem.code])).toEqual([
      [".git/config", "merge-driver-missing"],
      [".gitattributes", "merge-driver-missing"],
    ]);
    expect(problems[0]?.message).toContain("line by line; `git-backlog init` (a CLI command) sets it up.");
  });
});
