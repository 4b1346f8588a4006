import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, frontmatter, ids, readTask, runCli, snapshot, taskFiles, type JsonTask } from "../../helpers/cli.js";

/** The fields that describe a task, without what the tool computes. */
function stored(task: JsonTask): Record<string, unknown> {
  const { urgency: _u, blocked: _b, blocking: _bl, ready: _r, ...rest } = task;
  return rest;
}

describe.concurrent("export and import round trip", () => {
  let source: { dir: string; cleanup: () => void };
  let target: { dir: string; cleanup: () => void };
  let exported: JsonTask[];
  beforeAll(async () => {
    source = backlogRepo();
    target = backlogRepo();
    const dir = source.dir;
    await cli(dir, ["add", "Design", "the", "schema", "project:api", "priority:H", "+db", "due:2026-12-01", "estimate:3", "--body", "# Schema\n\nTables first."]);
    await cli(dir, ["add", "Build", "the", "API", "project:api", "depends:1", "+api"]);
    await cli(dir, ["add", "Ünïcode — 漢字 title", "parent:1", "related:2"]);
    await cli(dir, ["annotate", "1", "reviewed", "by", "Bob"], { env: { BACKLOG_AGENT: "alice" } });
    await cli(dir, ["add", "Finished", "already"]);
    await cli(dir, ["done", "4"]);
    exported = JSON.parse(await cli(dir, ["export", "status.any:"])) as JsonTask[];
  });
  afterAll(() => {
    source.cleanup();
    target.cleanup();
  });

  it.sequential("exports every selected task as a JSON array of tasks with bodies and notes", async () => {
    expect(ids(exported)).toEqual([1, 2, 3, 4]);
    expect(exported[2]).toMatchObject({ parent: 1, related: [2] });
    expect(exported[0]).toMatchObject({ title: "Design the schema", body: "# Schema\n\nTables first.\n\n## Notes\n- 2026-11-18T10:00:00Z alice: reviewed by Bob\n", estimate: 3 });
    // Every status, as Taskwarrior's `task export`: the done task 4 too.
    expect(ids(JSON.parse(await cli(source.dir, ["export"])) as JsonTask[])).toEqual([1, 2, 3, 4]);
    expect(ids(JSON.parse(await cli(source.dir, ["export", "project:api"])) as JsonTask[])).toEqual([1, 2]);
  });

  it.sequential("imports the export into another repository with the same ids, fields, bodies and files", async () => {
    const file = join(target.dir, "export.json");
    writeFileSync(file, JSON.stringify(exported));
    expect(await cli(target.dir, ["import", "export.json"])).toBe("Imported 4 tasks.\n");
    expect(taskFiles(target.dir)).toEqual(taskFiles(source.dir));
    const again = JSON.parse(await cli(target.dir, ["export", "status.any:"])) as JsonTask[];
    expect(again.map(stored)).toEqual(exported.map(stored));
    for (const id of [1, 2, 3, 4]) expect(readTask(target.dir, id)).toBe(readTask(source.dir, id));
  });

  it.sequential("renumbers imported tasks whose ids are taken, and their references follow", async () => {
    const result = await runCli(target.dir, ["import", "-", "--json"], {
      input: JSON.stringify([
        { id: 1, title: "Clashes with 1" },
        { id: 2, title: "Depends on the clash", depends: [1], related: [1, 3] },
      ]),
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ imported: [5, 6], updated: [], unchanged: [], renumbered: { "1": 5, "2": 6 } });
    expect(frontmatter(target.dir, 6)).toMatchObject({ depends: [5], related: [5, 3] });
    expect(frontmatter(target.dir, 1).title).toBe("Design the schema");
  });
});

describe.concurrent("import is all or nothing", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "Existing"]);
  });
  afterAll(() => repo.cleanup());

  async function refused(items: unknown, expected: string | RegExp): Promise<void> {
    const before = snapshot(dir);
    const result = await runCli(dir, ["import", "-"], { input: JSON.stringify(items) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(expected);
    expect(snapshot(dir)).toEqual(before);
  }

  it.sequential("writes nothing when one item has a bad status, and names the item", async () => {
    await refused([{ title: "Fine" }, { title: "Also fine" }, { title: "Bad one", status: "wip" }], /import item 3.*"wip"/);
  });

  it.sequential("writes nothing when one item has a bad date or priority, and names the item", async () => {
    await refused([{ title: "Fine" }, { title: "Bad date", due: "someday soon" }], /import item 2: due/);
    await refused([{ title: "Fine" }, { title: "No such day", due: "2026-02-30" }], /import item 2: due: "2026-02-30" is not a date/);
    await refused([{ title: "Fine" }, { title: "No zone", due: "2026-12-01T10:00" }], /import item 2: due: "2026-12-01T10:00" has a time but no zone/);
    await refused([{ title: "Fine" }, { title: "Bad priority", priority: "Z" }], /item 2 \(Bad priority\)/);
  });

  it.sequential("writes nothing when one item has no title, or depends on nothing that exists", async () => {
    await refused([{ title: "Fine" }, { status: "pending" }], /import item 2: a task needs a title/);
    await refused([{ title: "Fine" }, { title: "Ghost", depends: [77] }], /#77/);
    await refused([{ title: "Fine" }, { title: "Bad link", related: ["seven"] }], /item 2 \(Bad link\) refers to "seven"/);
  });

  it.sequential("refuses input that is not a JSON array (exit 1 or 2), writing nothing", async () => {
    const before = snapshot(dir);
    const notJson = await runCli(dir, ["import", "-"], { input: "{ nope" });
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain("not JSON");
    expect((await runCli(dir, ["import", "-"], { input: '{"title": "one"}' })).code).toBe(2);
    expect((await runCli(dir, ["import", "missing.json"])).code).toBe(2);
    expect((await runCli(dir, ["import"])).code).toBe(2);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe.concurrent("import from Taskwarrior's export", () => {
  let repo: { dir: string; cleanup: () => void };
  beforeAll(() => {
    repo = backlogRepo();
  });
  afterAll(() => repo.cleanup());

  it.sequential("maps description, entry, end, annotations, uuids in depends and status completed", async () => {
    const taskwarrior = [
      {
        id: 1,
        description: "Write the spec",
        entry: "20261101T090000Z",
        modified: "20261102T090000Z",
        project: "docs",
        status: "pending",
        tags: ["writing"],
        uuid: "a1b2c3d4-0000-4000-8000-000000000001",
        urgency: 5.1,
        priority: "H",
        due: "20261201T000000Z",
        annotations: [{ entry: "20261101T100000Z", description: "ask Bob" }],
      },
      { id: 2, description: "Review the spec", entry: "20261101T090500Z", status: "pending", uuid: "a1b2c3d4-0000-4000-8000-000000000002", depends: ["a1b2c3d4-0000-4000-8000-000000000001"] },
      { id: 0, description: "Old finished thing", entry: "20261001T090000Z", end: "20261005T120000Z", status: "completed", uuid: "a1b2c3d4-0000-4000-8000-000000000003" },
      { id: 3, description: "Old-style depends", entry: "20261101T090500Z", status: "pending", uuid: "a1b2c3d4-0000-4000-8000-000000000004", depends: "a1b2c3d4-0000-4000-8000-000000000001,a1b2c3d4-0000-4000-8000-000000000002", estimate: "2h" },
    ];
    writeFileSync(join(repo.dir, "tw.json"), JSON.stringify(taskwarrior));
    await cli(repo.dir, ["import", "tw.json"]);
    expect(frontmatter(repo.dir, 1)).toMatchObject({ title: "Write the spec", project: "docs", priority: "H", tags: ["writing"], created: "2026-11-01T09:00:00Z", due: "2026-12-01T00:00:00Z" });
    expect(frontmatter(repo.dir, 1)).not.toHaveProperty("uuid");
    expect(frontmatter(repo.dir, 1)).not.toHaveProperty("urgency");
    expect(readTask(repo.dir, 1)).toContain("## Notes\n- 2026-11-01T10:00:00Z taskwarrior: ask Bob\n");
    expect(frontmatter(repo.dir, 2).depends).toEqual([1]);
    expect(frontmatter(repo.dir, 3)).toMatchObject({ status: "done", ended: "2026-10-05T12:00:00Z" });
    expect(frontmatter(repo.dir, 4)).toMatchObject({ depends: [1, 2], estimate: "2h" });
    const notes = (await cliJson<JsonTask>(repo.dir, ["show", "1"])).notes;
    expect(notes).toEqual([{ time: "2026-11-01T10:00:00Z", author: "taskwarrior", text: "ask Bob" }]);
    expect(readFileSync(join(repo.dir, "tw.json"), "utf8")).toBe(JSON.stringify(taskwarrior));
  });

  it.sequential("finds the same tasks again by created and title (no ids in Taskwarrior's export): a second import changes nothing", async () => {
    expect(await cli(repo.dir, ["import", "tw.json"])).toBe("Nothing to change: the 4 tasks are already here as imported.\n");
    expect(taskFiles(repo.dir)).toHaveLength(4);
  });
});
