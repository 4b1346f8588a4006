import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, frontmatter, ids, runCli, snapshot, taskFiles, taskProblems, type JsonTask } from "../../helpers/cli.js";

const at = (now: string) => ({ env: { BACKLOG_NOW: now } });

describe("archive", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  let oldDone: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "Finished", "in", "spring"], at("2026-04-01T09:00:00Z"));
    await cli(dir, ["done", "1"], at("2026-05-10T12:00:00Z"));
    await cli(dir, ["add", "Deleted", "in", "summer"], at("2026-07-01T09:00:00Z"));
    await cli(dir, ["delete", "2"], at("2026-07-02T09:00:00Z"));
    await cli(dir, ["add", "Finished", "recently"], at("2026-11-01T09:00:00Z"));
    await cli(dir, ["done", "3"], at("2026-11-15T09:00:00Z"));
    await cli(dir, ["add", "Still", "open", "depends:1"], at("2026-11-01T09:00:00Z"));
    oldDone = readFileSync(join(dir, "backlog/1-finished-in-spring.md"), "utf8");
  });
  afterAll(() => repo.cleanup());

  it("refuses with exit 1 when nothing is old enough, writing nothing", async () => {
    const before = snapshot(dir);
    const result = await runCli(dir, ["archive"], at("2026-06-01T00:00:00Z"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("nothing to archive");
    expect(snapshot(dir)).toEqual(before);
  });

  it("moves done and deleted tasks ended 90+ days ago into archive/<year>-Q<n>/, unchanged", async () => {
    // 2026-11-18: task 1 ended 2026-05-10 (Q2), task 2 on 2026-07-02 (Q3); task 3 ended 3 days ago.
    expect(await cli(dir, ["archive"])).toBe("Archived 2 tasks.\n");
    expect(taskFiles(dir)).toEqual(["3-finished-recently.md", "4-still-open.md"]);
    expect(readFileSync(join(dir, "backlog/archive/2026-Q2/1-finished-in-spring.md"), "utf8")).toBe(oldDone);
    expect(existsSync(join(dir, "backlog/archive/2026-Q3/2-deleted-in-summer.md"))).toBe(true);
  });

  it("leaves archived tasks out of the index; a dependency on one counts as done", async () => {
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "status.any:", "--sort", "id+"]))).toEqual([3, 4]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "+READY"]))).toEqual([4]);
    expect(await runJsonProblems(dir)).toEqual([]);
    expect((await runCli(dir, ["show", "1"])).code).toBe(1);
  });

  it("lists the segments and loads one", async () => {
    expect(await cliJson(dir, ["archive", "list"])).toEqual([
      { segment: "2026-Q3", count: 1 },
      { segment: "2026-Q2", count: 1 },
    ]);
    expect(await cli(dir, ["archive", "list"])).toMatch(/^Segment\s+Tasks\n2026-Q3\s+1\n2026-Q2\s+1\n$/);
    const loaded = await cliJson<JsonTask[]>(dir, ["archive", "load", "2026-Q2"]);
    expect(loaded).toHaveLength(1);
    expect(loaded[0]).toMatchObject({ id: 1, title: "Finished in spring", status: "done", path: "backlog/archive/2026-Q2/1-finished-in-spring.md" });
    expect((await runCli(dir, ["archive", "load", "2027-Q1"])).code).toBe(1);
    expect((await runCli(dir, ["archive", "load", "../../etc"])).code).toBe(2);
    expect((await runCli(dir, ["archive", "load"])).code).toBe(2);
  });

  it("never hands out an archived id again", async () => {
    expect((await cliJson<JsonTask>(dir, ["add", "New", "one"])).id).toBe(5);
    await cli(dir, ["delete", "5"]);
    await cli(dir, ["purge", "5"]);
  });

  it("restore brings an archived task back into the folder, unchanged, and out of the archive list", async () => {
    await cli(dir, ["restore", "1"]);
    expect(readFileSync(join(dir, "backlog/1-finished-in-spring.md"), "utf8")).toBe(oldDone);
    expect(existsSync(join(dir, "backlog/archive/2026-Q2/1-finished-in-spring.md"))).toBe(false);
    expect(frontmatter(dir, 1).status).toBe("done");
    expect(await cliJson(dir, ["archive", "list"])).toEqual([{ segment: "2026-Q3", count: 1 }]);
  });

  it("archives what a filter selects, but only closed tasks", async () => {
    const before = snapshot(dir);
    const open = await runCli(dir, ["archive", "4"]);
    expect(open.code).toBe(1);
    expect(snapshot(dir)).toEqual(before);
    expect(await cliJson(dir, ["archive", "3"])).toEqual({ archived: [3] });
    expect(existsSync(join(dir, "backlog/archive/2026-Q4/3-finished-recently.md"))).toBe(true);
  });
});

async function runJsonProblems(dir: string): Promise<unknown[]> {
  const result = await runCli(dir, ["doctor", "--json"]);
  return taskProblems((JSON.parse(result.stdout) as { problems: { code?: unknown }[] }).problems);
}
