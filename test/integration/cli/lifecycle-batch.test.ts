import { utimesSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, frontmatter, readTask, runCli, snapshot, taskPath, type JsonTask } from "../../helpers/cli.js";
import { git } from "../../helpers/git-repo.js";

/** docs/reference/changes.md, "Several ids in one command": one command is one operation. `done 3 4 5` is one commit, all or nothing. */
describe("lifecycle commands with several ids", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  const head = (): string => git(dir, "rev-parse", "HEAD");
  const trailers = (): string => git(dir, "log", "-1", "--format=%(trailers:key=Backlog-Task,valueonly)").trim();

  beforeEach(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    for (const title of ["One", "Two", "Three", "Four"]) await cli(dir, ["add", title]);
    await cli(dir, ["done", "2"]);
  }, 60_000);
  afterEach(() => repo.cleanup());

  it("refuses the whole command when one task cannot change, naming every such task and why", async () => {
    const before = snapshot(dir);
    const sha = head();
    const refused = await runCli(dir, ["done", "3", "2", "1", "9"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("task 2 is already done");
    expect(refused.stderr).toContain("no task 9");
    expect(refused.stderr).toContain("nothing was written");
    expect(snapshot(dir)).toEqual(before);
    expect(head()).toBe(sha);
  });

  it("makes one commit for all the tasks, with one Backlog-Task trailer each", async () => {
    const sha = head();
    const out = await cli(dir, ["done", "3", "1"]);
    expect(out).toBe("Completed task 3: Three (backlog/3-three.md)\nCompleted task 1: One (backlog/1-one.md)\n");
    expect(git(dir, "rev-parse", "HEAD~1")).toBe(sha);
    expect(git(dir, "log", "-1", "--format=%s")).toBe("backlog: done 2 tasks");
    expect(trailers()).toBe("3\n1");
    expect([1, 3].map((id) => frontmatter(dir, id).status)).toEqual(["done", "done"]);
  });

  it("start, stop, delete, restore and purge take several ids as one operation too", async () => {
    for (const [args, status] of [
      [["start", "1", "3"], "active"],
      [["stop", "1", "3"], "pending"],
      [["delete", "1", "3"], "deleted"],
      [["restore", "1", "3"], "pending"],
    ] as const) {
      const sha = head();
      await cli(dir, args);
      expect(git(dir, "rev-parse", "HEAD~1"), args.join(" ")).toBe(sha);
      expect(trailers(), args.join(" ")).toBe("1\n3");
      expect([1, 3].map((id) => frontmatter(dir, id).status), args.join(" ")).toEqual([status, status]);
    }
    const stop = await runCli(dir, ["stop", "1", "4"]);
    expect(stop.code).toBe(1);
    expect(stop.stderr).toContain("task 1 is pending, not active");
    expect(stop.stderr).toContain("task 4 is pending, not active");

    await cli(dir, ["delete", "1", "3"]);
    const sha = head();
    const purge = await runCli(dir, ["purge", "1", "4", "3"]);
    expect(purge.code).toBe(1);
    expect(purge.stderr).toContain("task 4 is pending");
    expect(head()).toBe(sha);
    await cli(dir, ["purge", "1", "3"]);
    expect(git(dir, "rev-parse", "HEAD~1")).toBe(sha);
    expect(git(dir, "ls-files", "backlog")).toBe("backlog/2-two.md\nbacklog/4-four.md");
  }, 90_000);

  it("--json prints one task for one id and an array for several", async () => {
    const one = await cliJson<JsonTask>(dir, ["start", "1"]);
    expect(one).toMatchObject({ id: 1, status: "active" });
    const many = await cliJson<JsonTask[]>(dir, ["stop", "1"]);
    expect(many).toMatchObject({ id: 1, status: "pending" });
    const both = await cliJson<JsonTask[]>(dir, ["done", "1", "3"]);
    expect(both.map((task) => [task.id, task.status])).toEqual([
      [1, "done"],
      [3, "done"],
    ]);
  });
});

describe("done on several recurring tasks", () => {
  let repo: { dir: string; cleanup: () => void };
  beforeEach(() => {
    repo = backlogRepo();
  });
  afterEach(() => repo.cleanup());

  it("spawns one next occurrence each, with ids of their own and the document, even from the stat cache", async () => {
    const dir = repo.dir;
    await cli(dir, ["add", "Weekly", "review", "recur:weekly", "due:2026-11-20", "--body", "Check the board."]);
    await cli(dir, ["add", "Daily", "standup", "recur:daily", "due:2026-11-18", "--body", "Say what you did."]);
    // Old enough for the stat cache to trust (and serve without its body) once a read has cached it.
    const past = new Date("2026-01-01T00:00:00Z");
    for (const id of [1, 2]) utimesSync(join(dir, taskPath(dir, id)), past, past);
    await cli(dir, ["list"]);
    const out = await cli(dir, ["done", "1", "2"]);
    expect(out).toContain("Next occurrence: task 3, due 2026-11-27");
    expect(out).toContain("Next occurrence: task 4, due 2026-11-19");
    expect(frontmatter(dir, 3)).toMatchObject({ title: "Weekly review", parent: 1 });
    expect(frontmatter(dir, 4)).toMatchObject({ title: "Daily standup", parent: 2 });
    expect(readTask(dir, 3)).toContain("Check the board.");
    expect(readTask(dir, 4)).toContain("Say what you did.");
    expect(git(dir, "log", "-1", "--format=%s")).toBe("backlog: done 2 tasks");
  }, 60_000);
});
