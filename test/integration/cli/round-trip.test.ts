import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, frontmatter, ids, runCli, writeTask, type JsonTask } from "../../helpers/cli.js";
import { git } from "../../helpers/git-repo.js";

const HAND_WRITTEN = `---
id: 9
title: Typed fields
status: pending
project: api
estimate: 3
ratio: 0.25
billable: false
code: "042"
since: 2026-01-05
owners: [ada, grace]
limits: {cpu: 2, memory: 4Gi}
reviewed: null
created: 2026-11-01T08:00:00Z
modified: 2026-11-02T08:00:00Z
---
# Typed

| a | b |
|---|---|
| 1 | 2 |

\`\`\`sh
git backlog list
\`\`\`
`;

function head(dir: string): string {
  return git(dir, "rev-parse", "HEAD");
}

describe("export and import round trip a realistic backlog", () => {
  let source: { dir: string; cleanup: () => void };
  let target: { dir: string; cleanup: () => void };
  let exported: string;
  beforeAll(async () => {
    source = backlogRepo();
    target = backlogRepo();
    const dir = source.dir;
    await cli(dir, ["add", "Epic:", "accounts", "type:story", "project:api"]);
    await cli(dir, ["add", "Design", "the", "schema", "parent:1", "project:api", "priority:H", "+db", "--body", "## Tables\n\n- users\n- sessions"]);
    await cli(dir, ["add", "Build", "the", "API", "parent:1", "project:api", "depends:2", "due:2026-12-01"]);
    await cli(dir, ["add", "Throwaway", "spike", "project:web"]);
    await cli(dir, ["add", "Write", "the", "docs", "depends:3,2", "+docs", "points:5"]);
    await cli(dir, ["done", "2"]);
    await cli(dir, ["delete", "4"]);
    await cli(dir, ["start", "3"], { env: { BACKLOG_AGENT: "claude" } });
    await cli(dir, ["annotate", "3", "the", "routes", "are", "REST"], { env: { BACKLOG_AGENT: "claude" } });
    // The file keeps its name when the title changes: the round trip keeps it too.
    await cli(dir, ["modify", "1", "title:Epic: user accounts"]);
    writeTask(dir, "9-typed-fields.md", HAND_WRITTEN);
    exported = await cli(dir, ["export"]);
    writeFileSync(join(target.dir, "backlog.json"), exported);
  });
  afterAll(() => {
    source.cleanup();
    target.cleanup();
  });

  it("exports every task by default, done and deleted ones too, and a filter over every status", async () => {
    expect(ids(JSON.parse(exported) as JsonTask[])).toEqual([1, 2, 3, 4, 5, 9]);
    expect(ids(JSON.parse(await cli(source.dir, ["export", "project:api"])) as JsonTask[])).toEqual([1, 2, 3, 9]);
  });

  it("imports into an empty repository, and export there gives the same output", async () => {
    expect(await cli(target.dir, ["import", "backlog.json"])).toBe("Imported 6 tasks.\n");
    expect(await cli(target.dir, ["export"])).toBe(exported);
    expect(frontmatter(target.dir, 9)).toMatchObject({ estimate: 3, ratio: 0.25, billable: false, code: "042", since: "2026-01-05", owners: ["ada", "grace"], limits: { cpu: 2, memory: "4Gi" }, reviewed: null });
  });

  it("changes nothing when the same file is imported again: no commit, and it says so", async () => {
    const before = head(target.dir);
    const again = await runCli(target.dir, ["import", "backlog.json", "--json"]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ imported: [], updated: [], unchanged: [1, 2, 3, 4, 5, 9], renumbered: {} });
    expect(await cli(target.dir, ["import", "backlog.json"])).toBe("Nothing to change: the 6 tasks are already here as imported.\n");
    expect(head(target.dir)).toBe(before);
    expect(await cli(target.dir, ["export"])).toBe(exported);
  });

  it("changes nothing when a backlog imports its own export", async () => {
    const before = head(source.dir);
    writeFileSync(join(source.dir, "own.json"), exported);
    expect(await cli(source.dir, ["import", "own.json"])).toContain("Nothing to change");
    expect(head(source.dir)).toBe(before);
  });

  it("updates the tasks that changed since, in one commit, and leaves the others alone", async () => {
    await cli(source.dir, ["modify", "5", "priority:L", "points:8", "-docs"]);
    // Task 3 is claude's claim: claude completes it.
    await cli(source.dir, ["done", "3"], { env: { BACKLOG_AGENT: "claude" } });
    const later = await cli(source.dir, ["export"]);
    writeFileSync(join(target.dir, "later.json"), later);
    const before = head(target.dir);
    const result = await runCli(target.dir, ["import", "later.json", "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ imported: [], updated: [3, 5], unchanged: [1, 2, 4, 9], renumbered: {} });
    expect(git(target.dir, "rev-list", "--count", `${before}..HEAD`)).toBe("1");
    expect(await cli(target.dir, ["export"])).toBe(later);
  });

  it("gives a new id to an item whose id another task holds (a different created), and its references follow", async () => {
    const result = await runCli(target.dir, ["import", "-", "--json"], {
      input: JSON.stringify([
        { id: 2, title: "Someone else's 2", created: "2026-10-01T00:00:00Z" },
        { id: 60, title: "Depends on it", depends: [2], parent: 2 },
      ]),
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ imported: [10, 60], updated: [], unchanged: [], renumbered: { "2": 10 } });
    expect(frontmatter(target.dir, 60)).toMatchObject({ depends: [10], parent: 10 });
    expect(frontmatter(target.dir, 2).title).toBe("Design the schema");
  });
});
