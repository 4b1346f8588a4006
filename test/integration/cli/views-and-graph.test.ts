import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, ids, runCli, writeTask, type JsonTask } from "../../helpers/cli.js";

// Read-only tests run concurrently; the two that change files run alone, after them.
describe("graph, views, projects and tags", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "Design", "schema", "project:web.api", "+db", "priority:L"]);
    await cli(dir, ["add", "Build", "API", "project:web.api", "depends:1"]);
    await cli(dir, ["add", "Login", "page", "project:web", "depends:2", "+ui"]);
    await cli(dir, ["add", 'Quote "this" [x]', "+ui", "priority:H"]);
    await cli(dir, ["add", "Overdue", "thing", "due:2026-11-01"]);
    await cli(dir, ["add", "Shipped", "project:web"]);
    await cli(dir, ["done", "6"]);
    await cli(dir, ["start", "1"], { env: { BACKLOG_AGENT: "claude" } });
  });
  afterAll(() => repo.cleanup());

  it.concurrent("draws the graph as a text tree of what each task waits for", async () => {
    expect(await cli(dir, ["graph"])).toBe("#3 Login page [pending]\n└── #2 Build API [pending]\n    └── #1 Design schema [active]\n");
    expect((await runCli(dir, ["graph", "42"])).code).toBe(1);
  });

  it.concurrent("draws around a task both what it depends on and what depends on it; --up and --down keep one side", async () => {
    expect(await cli(dir, ["graph", "2"])).toBe(
      "#2 Build API [pending]\n├── depends on\n│   └── #1 Design schema [active]\n└── required by\n    └── #3 Login page [pending]\n",
    );
    expect(await cli(dir, ["graph", "2", "--up"])).toBe("#2 Build API [pending]\n└── depends on\n    └── #1 Design schema [active]\n");
    expect(await cli(dir, ["graph", "1", "--down"])).toBe("#1 Design schema [active]\n└── required by\n    └── #2 Build API [pending]\n        └── #3 Login page [pending]\n");
    const mermaid = await cli(dir, ["graph", "2", "--down", "--format", "mermaid"]);
    expect(mermaid).toContain("  t2 --> t3\n");
    expect(mermaid).not.toContain("t1");
    const dot = await cli(dir, ["graph", "2", "--format", "dot"]);
    expect(dot).toContain("  t1 -> t2;\n  t2 -> t3;\n");
    const noId = await runCli(dir, ["graph", "--down"]);
    expect(noId.code).toBe(2);
    expect(noId.stderr).toContain("drawing only what depends on a task needs a task id.");
  });

  it.concurrent("draws mermaid and dot with edges from the dependency to the dependent", async () => {
    const mermaid = await cli(dir, ["graph", "--format", "mermaid"]);
    expect(mermaid.startsWith("graph TD\n")).toBe(true);
    expect(mermaid).toContain("  t1 --> t2\n  t2 --> t3\n");
    expect(mermaid).toContain('t1["#35;1 Design schema [active]"]');
    const dot = await cli(dir, ["graph", "--format=dot"]);
    expect(dot.startsWith("digraph backlog {\n")).toBe(true);
    expect(dot).toContain("  t1 -> t2;\n  t2 -> t3;\n");
    expect(dot.trimEnd().endsWith("}")).toBe(true);
    expect(await cliJson(dir, ["graph"])).toEqual({ format: "text", graph: await cli(dir, ["graph"]), cycles: [] });
    expect((await runCli(dir, ["graph", "--format", "svg"])).code).toBe(2);
  });

  it.concurrent("shows the board by status, with who holds the active task", async () => {
    const lines = (await cli(dir, ["view", "board"])).split("\n");
    expect(lines[0]).toMatch(/^PENDING \(4\)\s+│ ACTIVE \(1\)\s+│ DONE \(1\)$/);
    expect(lines[1]).toMatch(/│ #1 Design schema \(claude\)\s+│ #6 Shipped$/);
    const board = await cliJson<Record<string, JsonTask[]>>(dir, ["view", "board"]);
    expect(Object.keys(board)).toEqual(["pending", "active", "done", "deleted"]);
    expect(ids(board.pending!).sort()).toEqual([2, 3, 4, 5]);
    expect(ids(board.active!)).toEqual([1]);
    expect(ids(board.done!)).toEqual([6]);
  });

  it.concurrent("runs the built-in views: ready by urgency, blocked, active, overdue", async () => {
    const ready = await cliJson<JsonTask[]>(dir, ["view", "ready"]);
    expect(ids(ready).sort()).toEqual([4, 5]);
    expect(ready.map((task) => task.urgency)).toEqual([...ready.map((task) => task.urgency)].sort((a, b) => b - a));
    expect(ids(await cliJson<JsonTask[]>(dir, ["view", "blocked"]))).toEqual([2, 3]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["view", "active"]))).toEqual([1]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["view", "overdue"]))).toEqual([5]);
    expect(await cli(dir, ["view", "overdue"])).toMatch(/^ID .*\n 5 .*Overdue thing !/);
    const unknown = await runCli(dir, ["view", "nope"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("ready, blocked, active, overdue, board");
  });

  it.concurrent("counts open tasks per project and per tag", async () => {
    expect(await cliJson(dir, ["projects"])).toEqual([
      { project: "web", count: 1 },
      { project: "web.api", count: 2 },
    ]);
    expect(await cliJson(dir, ["tags"])).toEqual([
      { tag: "db", count: 1 },
      { tag: "ui", count: 2 },
    ]);
    expect(await cli(dir, ["projects"])).toMatch(/^Project\s+Tasks\nweb\s+1\nweb\.api\s+2\n$/);
  });

  it("runs a user view from .backlog, and lists it with the built-ins", async () => {
    writeFileSync(join(dir, ".backlog"), 'views:\n  web:\n    filter: "project:web"\n    sort: "id-"\n    description: Everything for the web\n');
    try {
      expect(ids(await cliJson<JsonTask[]>(dir, ["view", "web"]))).toEqual([6, 3, 2, 1]);
      const views = await cliJson<Record<string, { filter: string }>>(dir, ["view"]);
      expect(Object.keys(views)).toEqual(["ready", "blocked", "active", "overdue", "board", "web"]);
      expect(await cli(dir, ["view"])).toMatch(/\nweb\s+project:web\s+Everything for the web\n/);
    } finally {
      writeFileSync(join(dir, ".backlog"), "");
    }
  });

  it("reports a cycle made by hand with its path, in the graph and its JSON", async () => {
    writeTask(dir, "7-loop-a.md", "---\nid: 7\ntitle: Loop a\nstatus: pending\ndepends: [8]\n---\n");
    writeTask(dir, "8-loop-b.md", "---\nid: 8\ntitle: Loop b\nstatus: pending\ndepends: [7]\n---\n");
    const json = await cliJson<{ cycles: number[][] }>(dir, ["graph"]);
    expect(json.cycles).toEqual([[7, 8, 7]]);
    expect(await cli(dir, ["graph", "7"])).toContain("(cycle)");
  });
});

describe("graph with a duplicated id", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(() => {
    repo = backlogRepo();
    dir = repo.dir;
    const task = (id: number, title: string, extra = ""): string => `---\nid: ${id}\ntitle: ${title}\nstatus: pending\n${extra}---\n`;
    writeTask(dir, "1-schema.md", task(1, "Schema"));
    writeTask(dir, "2-tokens.md", task(2, "Tokens"));
    // Two clones each added #3: one waits for #1, the other for #2.
    writeTask(dir, "3-api.md", task(3, "API", "depends: [1]\n"));
    writeTask(dir, "3-auth.md", task(3, "Auth", "depends: [2]\n"));
    writeTask(dir, "4-login.md", task(4, "Login", "depends: [3]\n"));
  });
  afterAll(() => repo.cleanup());

  it("marks the id ⚠dup, names every copy, and draws every copy's dependencies", async () => {
    expect(await cli(dir, ["graph"])).toBe(
      "#4 Login [pending]\n└── #3 API [pending] ⚠dup (also #3 Auth [pending])\n    ├── #1 Schema [pending]\n    └── #2 Tokens [pending]\n",
    );
    expect(await cli(dir, ["graph", "2", "--down"])).toBe(
      "#2 Tokens [pending]\n└── required by\n    └── #3 API [pending] ⚠dup (also #3 Auth [pending])\n        └── #4 Login [pending]\n",
    );
    const mermaid = await cli(dir, ["graph", "--format", "mermaid"]);
    expect(mermaid).toContain("  t1 --> t3\n  t2 --> t3\n");
    expect(mermaid).toMatch(/t3\["#35;3 API \[pending\] #9888;dup \(also #35;3 Auth \[pending\]\)"\]/);
    const dot = await cli(dir, ["graph", "--format", "dot"]);
    expect(dot).toContain("  t1 -> t3;\n  t2 -> t3;\n");
    expect(dot).toContain('t3 [label="#3 API\\n[pending]\\n⚠dup, also: Auth [pending]"');
  });
});
