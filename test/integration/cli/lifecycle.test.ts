import { utimesSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, frontmatter, readTask, runCli, snapshot, taskFiles, taskPath, type JsonTask } from "../../helpers/cli.js";

const alice = { env: { BACKLOG_AGENT: "alice" } };
const bob = { env: { BACKLOG_AGENT: "bob" } };

describe.concurrent("start, stop, done", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "Claim", "me"]);
  });
  afterAll(() => repo.cleanup());

  it.sequential("start claims a task: active, started, assignee", async () => {
    expect(await cli(dir, ["start", "1"], alice)).toBe("Started task 1: Claim me (backlog/1-claim-me.md)\n");
    expect(frontmatter(dir, 1)).toMatchObject({ status: "active", started: "2026-11-18T10:00:00Z", assignee: "alice" });
  });

  it.sequential("refuses a second claim and names the holder; --force takes it over", async () => {
    const before = readTask(dir, 1);
    const refused = await runCli(dir, ["start", "1"], { env: { ...bob.env, BACKLOG_NOW: "2026-11-18T11:00:00Z" } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("claimed by alice since 2026-11-18T10:00:00Z");
    expect(refused.stderr).toContain("--force");
    expect(readTask(dir, 1)).toBe(before);
    await cli(dir, ["start", "1", "--force"], { env: { ...bob.env, BACKLOG_NOW: "2026-11-18T11:00:00Z" } });
    expect(frontmatter(dir, 1)).toMatchObject({ status: "active", started: "2026-11-18T11:00:00Z", assignee: "bob" });
  });

  it.sequential("stop releases the claim: pending, no started, the assignee stays", async () => {
    await cli(dir, ["stop", "1"], bob);
    const fields = frontmatter(dir, 1);
    expect(fields).toMatchObject({ status: "pending", assignee: "bob" });
    expect(fields).not.toHaveProperty("started");
    expect((await runCli(dir, ["stop", "1"])).code).toBe(1);
  });

  it.sequential("done sets ended; done twice is refused and writes nothing", async () => {
    await cli(dir, ["done", "1"], { env: { BACKLOG_NOW: "2026-11-19T09:30:00Z" } });
    expect(frontmatter(dir, 1)).toMatchObject({ status: "done", ended: "2026-11-19T09:30:00Z", modified: "2026-11-19T09:30:00Z" });
    const before = readTask(dir, 1);
    const again = await runCli(dir, ["done", "1"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already done");
    expect(readTask(dir, 1)).toBe(before);
    const start = await runCli(dir, ["start", "1"]);
    expect(start.code).toBe(1);
    expect(start.stderr).toContain("restore 1");
    expect(readTask(dir, 1)).toBe(before);
  });

  it.sequential("start without an agent records who claimed it (the name git commits with), so a second claim can name them", async () => {
    await cli(dir, ["add", "Claimed", "by", "a", "person"]);
    await cli(dir, ["start", "2"]);
    const user = "Test User";
    expect(frontmatter(dir, 2).assignee).toBe(user);
    const refused = await runCli(dir, ["start", "2"], bob);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`claimed by ${user}`);
  });
});

describe.concurrent("parents and children", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "Epic", "type:story"]);
    await cli(dir, ["add", "Child", "one", "parent:1"]);
    await cli(dir, ["add", "Child", "two", "parent:1"]);
  });
  afterAll(() => repo.cleanup());

  it.sequential("refuses to finish a parent with an open child, naming the child, unless --force", async () => {
    await cli(dir, ["done", "2"]);
    const before = snapshot(dir);
    const refused = await runCli(dir, ["done", "1"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("#3");
    expect(refused.stderr).toContain("--force");
    expect(snapshot(dir)).toEqual(before);
    await cli(dir, ["done", "1", "--force"]);
    expect(frontmatter(dir, 1).status).toBe("done");
    expect(frontmatter(dir, 3).status).toBe("pending");
  });

  it.sequential("lists children with +CHILD and parents with +PARENT", async () => {
    expect((await cliJson<JsonTask[]>(dir, ["list", "+CHILD", "status.any:", "--sort", "id+"])).map((task) => task.id)).toEqual([2, 3]);
    expect((await cliJson<JsonTask[]>(dir, ["list", "+PARENT", "status.any:"])).map((task) => task.id)).toEqual([1]);
    // Without a status term only open tasks: the done child 2 and the done parent 1 are left out.
    expect((await cliJson<JsonTask[]>(dir, ["list", "+CHILD"])).map((task) => task.id)).toEqual([3]);
  });
});

describe.concurrent("delete, restore, purge", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "Doomed"]);
    await cli(dir, ["add", "Depends", "on", "doomed", "depends:1"]);
    await cli(dir, ["add", "Kept"]);
  });
  afterAll(() => repo.cleanup());

  it.sequential("delete is soft: the file stays with status deleted and ended", async () => {
    await cli(dir, ["delete", "1"]);
    expect(frontmatter(dir, 1)).toMatchObject({ status: "deleted", ended: "2026-11-18T10:00:00Z" });
    expect((await cliJson<JsonTask[]>(dir, ["list"])).map((task) => task.id)).toEqual([2, 3]);
    expect((await runCli(dir, ["delete", "1"])).code).toBe(1);
  });

  it.sequential("restore reopens it", async () => {
    await cli(dir, ["restore", "1"]);
    const fields = frontmatter(dir, 1);
    expect(fields.status).toBe("pending");
    expect(fields).not.toHaveProperty("ended");
    expect((await runCli(dir, ["restore", "1"])).code).toBe(1);
  });

  it.sequential("purge refuses a task that is not deleted, and one still referenced", async () => {
    const before = snapshot(dir);
    const pending = await runCli(dir, ["purge", "3"]);
    expect(pending.code).toBe(1);
    expect(pending.stderr).toContain("deleted tasks only");
    await cli(dir, ["delete", "1"]);
    const referenced = await runCli(dir, ["purge", "1"]);
    expect(referenced.code).toBe(1);
    expect(referenced.stderr).toContain("referenced by 2");
    expect(taskFiles(dir)).toEqual(Object.keys(before).map((path) => path.slice("backlog/".length)));
  });

  it.sequential("purge removes the file of a deleted task", async () => {
    await cli(dir, ["modify", "2", "depends:"]);
    await cli(dir, ["purge", "1"]);
    expect(taskFiles(dir)).toEqual(["2-depends-on-doomed.md", "3-kept.md"]);
    expect((await runCli(dir, ["show", "1"])).code).toBe(1);
  });

  it.sequential("never hands a purged task's id out again", async () => {
    await cli(dir, ["delete", "3"]);
    await cli(dir, ["purge", "3"]);
    const added = await cliJson<JsonTask>(dir, ["add", "After", "the", "purge", "--json"]);
    expect(added.id).toBe(4);
  });
});

describe.concurrent("duplicate", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "Base"]);
    await cli(dir, ["add", "Original", "priority:H", "project:web", "+ui", "depends:1", "estimate:5", "--body", "The spec."]);
    await cli(dir, ["annotate", "2", "a", "note", "that", "stays", "behind"]);
    await cli(dir, ["start", "2", "--force"], alice); // blocked by 1
  });
  afterAll(() => repo.cleanup());

  it.sequential("copies fields and document into a new pending task, without notes or claim", async () => {
    const copy = await cliJson<JsonTask>(dir, ["duplicate", "2"]);
    expect(copy).toMatchObject({ id: 3, title: "Original", status: "pending", priority: "H", project: "web", tags: ["ui"], depends: [1], estimate: 5, notes: [] });
    expect(copy).not.toHaveProperty("assignee");
    expect(copy).not.toHaveProperty("started");
    expect(readTask(dir, 3)).toContain("---\nThe spec.\n");
    expect(readTask(dir, 3)).not.toContain("## Notes");
  });

  it.sequential("takes a new title and changes", async () => {
    await cli(dir, ["duplicate", "2", "Copy", "for", "mobile", "project:mobile", "-ui", "+ios"]);
    expect(frontmatter(dir, 4)).toMatchObject({ title: "Copy for mobile", project: "mobile", tags: ["ios"], priority: "H" });
    expect(taskFiles(dir)).toContain("4-copy-for-mobile.md");
  });
});

describe.concurrent("recurrence", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(() => {
    repo = backlogRepo();
    dir = repo.dir;
  });
  afterAll(() => repo.cleanup());

  it.sequential("done on a weekly task spawns the next occurrence with due moved a week", async () => {
    await cli(dir, ["add", "Weekly", "review", "recur:weekly", "due:2026-11-20", "+ritual", "priority:M", "--body", "Check the board."]);
    await cli(dir, ["annotate", "1", "done", "this", "week"]);
    const out = await cli(dir, ["done", "1"]);
    expect(out).toContain("Next occurrence: task 2, due 2026-11-27");
    expect(frontmatter(dir, 1).status).toBe("done");
    expect(frontmatter(dir, 2)).toMatchObject({ title: "Weekly review", status: "pending", recur: "weekly", due: "2026-11-27", parent: 1, tags: ["ritual"], priority: "M" });
    expect(readTask(dir, 2)).toContain("Check the board.");
    expect(readTask(dir, 2)).not.toContain("done this week");
  });

  it.sequential("the next occurrence keeps pointing at the first one, and none is made past until", async () => {
    await cli(dir, ["modify", "2", "until:2026-12-05"]);
    await cli(dir, ["done", "2"]);
    expect(frontmatter(dir, 3)).toMatchObject({ due: "2026-12-04", parent: 1, until: "2026-12-05" });
    // The next one would be due 2026-12-11, past until: finishing 3 spawns nothing.
    const out = await cli(dir, ["done", "3"]);
    expect(out).not.toContain("Next occurrence");
    expect(taskFiles(dir)).toHaveLength(3);
  });
});

describe("recurrence from the stat cache", () => {
  it("the next occurrence keeps the document when the task was loaded without its body", async () => {
    const repo = backlogRepo();
    try {
      await cli(repo.dir, ["add", "Daily", "standup", "recur:daily", "due:2026-11-18", "--body", "Agenda: blockers first."]);
      // Old enough for the stat cache to trust it, so the next commands read the task without its body.
      const past = new Date(Date.now() - 60_000);
      utimesSync(join(repo.dir, taskPath(repo.dir, 1)), past, past);
      await cli(repo.dir, ["list"]);
      await cli(repo.dir, ["done", "1"]);
      expect(readTask(repo.dir, 2)).toContain("Agenda: blockers first.");
    } finally {
      repo.cleanup();
    }
  });
});

describe.concurrent("recurrence values", () => {
  let repo: { dir: string; cleanup: () => void };
  beforeAll(() => {
    repo = backlogRepo();
  });
  afterAll(() => repo.cleanup());

  it.sequential("refuses a recur value that done could not use, when it is set", async () => {
    const result = await runCli(repo.dir, ["add", "Odd", "recur:sometimes"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("recur:sometimes");
  });
});
