import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, frontmatter, readTask, runCli, snapshot, taskFiles, writeTask, type JsonTask } from "../../helpers/cli.js";

describe("modify", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "First", "project:web", "+ui"]);
    await cli(dir, ["add", "Second", "project:web", "depends:1"]);
    await cli(dir, ["add", "Third", "project:api", "depends:2"]);
    // Written by hand: a comment, a user field, odd quoting and a body that must survive edits.
    writeTask(
      dir,
      "4-hand-written.md",
      "---\nid: 4\ntitle: 'Hand written'\n# keep this comment\nstatus: pending\npriority: L\ntags: [ops]\nowner_team: \"platform\"\nmodified: 2026-01-01T00:00:00Z\n---\nThe body stays.\n\n---\nEven after a rule line.\n",
    );
  });
  afterAll(() => repo.cleanup());

  it("changes every task the filter selects, and only those", async () => {
    const untouched = readTask(dir, 3);
    const out = await cli(dir, ["modify", "project:web", "priority:H", "+urgent"]);
    expect(out).toBe("Modified task 1: First\nModified task 2: Second\n");
    expect(frontmatter(dir, 1)).toMatchObject({ priority: "H", tags: ["ui", "urgent"] });
    expect(frontmatter(dir, 2)).toMatchObject({ priority: "H", tags: ["urgent"] });
    expect(readTask(dir, 3)).toBe(untouched);
  });

  it("modifies an id list, and in Taskwarrior's order `<filter> modify <changes>`", async () => {
    await cli(dir, ["modify", "1,3", "assignee:claude"]);
    expect(frontmatter(dir, 1).assignee).toBe("claude");
    expect(frontmatter(dir, 3).assignee).toBe("claude");
    await cli(dir, ["project:api", "modify", "priority:M"]);
    expect(frontmatter(dir, 3).priority).toBe("M");
    expect(frontmatter(dir, 1).priority).toBe("H");
  });

  it("removes a tag, a dependency and a field, and renames the title without renaming the file", async () => {
    const json = await cliJson<{ tasks: JsonTask[] }>(dir, ["modify", "2", "-urgent", "depends:-1", "project:", "Second", "task", "renamed"]);
    expect(json.tasks).toHaveLength(1);
    expect(json.tasks[0]).toMatchObject({ id: 2, title: "Second task renamed", path: "backlog/2-second.md" });
    const fields = frontmatter(dir, 2);
    expect(fields.title).toBe("Second task renamed");
    expect(fields).not.toHaveProperty("tags");
    expect(fields).not.toHaveProperty("depends");
    expect(fields).not.toHaveProperty("project");
    expect(taskFiles(dir)).toContain("2-second.md");
  });

  it("changes only the changed lines of a hand-written file", async () => {
    const before = readTask(dir, 4);
    await cli(dir, ["modify", "4", "priority:H"]);
    expect(readTask(dir, 4)).toBe(before.replace("priority: L", "priority: H").replace("modified: 2026-01-01T00:00:00Z", "modified: 2026-11-18T10:00:00Z"));
    await cli(dir, ["modify", "4", "owner_team:infra"]);
    expect(frontmatter(dir, 4).owner_team).toBe("infra");
    expect(readTask(dir, 4)).toContain("# keep this comment\n");
    expect(readTask(dir, 4)).toContain("---\nThe body stays.\n\n---\nEven after a rule line.\n");
  });

  it("refuses an empty filter with exit 2 and writes nothing", async () => {
    const before = snapshot(dir);
    const empty = await runCli(dir, ["modify", "", "priority:L"]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("empty filter");
    const noChanges = await runCli(dir, ["modify", "1"]);
    expect(noChanges.code).toBe(2);
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses a dependency cycle, names its path, and writes nothing", async () => {
    // 3 depends on 2; 2 no longer depends on 1: make 2 depend on 3's chain end to close a loop.
    await cli(dir, ["modify", "2", "depends:1"]);
    const before = snapshot(dir);
    const result = await runCli(dir, ["modify", "1", "depends:3"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("1 → 3 → 2 → 1");
    expect(result.stderr).toContain("nothing was written");
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses the whole batch when one of its tasks would close a cycle", async () => {
    await cli(dir, ["add", "Fifth"]);
    await cli(dir, ["add", "Sixth"]);
    await cli(dir, ["add", "Seventh", "depends:5"]);
    const before = snapshot(dir);
    // 6 may depend on 7; 5 may not (7 already depends on 5): neither is written.
    const result = await runCli(dir, ["modify", "5,6", "depends:7"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("5 → 7 → 5");
    expect(snapshot(dir)).toEqual(before);
    expect(frontmatter(dir, 6)).not.toHaveProperty("depends");
  });

  it("refuses a self-dependency, a missing dependency and a status change, writing nothing", async () => {
    const before = snapshot(dir);
    const self = await runCli(dir, ["modify", "1", "depends:1"]);
    expect(self.code).toBe(1);
    expect(self.stderr).toContain("itself");
    const missing = await runCli(dir, ["modify", "1", "depends:42"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("#42");
    const status = await runCli(dir, ["modify", "1", "status:done"]);
    expect(status.code).toBe(2);
    expect(status.stderr).toContain("status is given only to a new task: a task moves through its lifecycle, which also stamps started and ended; `done` moves it there.");
    const badValue = await runCli(dir, ["modify", "1", "priority:X"]);
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toContain("priority:X");
    expect(snapshot(dir)).toEqual(before);
  });

  it("says when no task matches (exit 1)", async () => {
    const result = await runCli(dir, ["modify", "99", "priority:H"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no task matches");
  });

  it("accepts dates as expressions and stores whole days as YYYY-MM-DD", async () => {
    await cli(dir, ["modify", "1", "due:tomorrow", "scheduled:2026-12-01T08:30:00Z", "wait:eow"]);
    expect(frontmatter(dir, 1)).toMatchObject({ due: "2026-11-19", scheduled: "2026-12-01T08:30:00Z" });
    expect(String(frontmatter(dir, 1).wait)).toMatch(/^2026-11-2\d/);
  });
});
