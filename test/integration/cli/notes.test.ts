import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, ids, readTask, runCli, type JsonTask } from "../../helpers/cli.js";

describe("annotate and denotate", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "Session", "store", "--body", "Pick a store."]);
    await cli(dir, ["add", "Quiet", "task"]);
  });
  afterAll(() => repo.cleanup());

  it("appends notes under ## Notes after the document, with time and author", async () => {
    await cli(dir, ["annotate", "1", "the", "session", "store", "is", "Redis"], { env: { BACKLOG_AGENT: "claude" } });
    await cli(dir, ["note", "1", "TTL is one day"], { env: { BACKLOG_AGENT: "alice", BACKLOG_NOW: "2026-11-18T11:00:00Z" } });
    expect(readTask(dir, 1).split("---\n").at(-1)).toBe(
      "Pick a store.\n\n## Notes\n- 2026-11-18T10:00:00Z claude: the session store is Redis\n- 2026-11-18T11:00:00Z alice: TTL is one day\n",
    );
    const task = await cliJson<JsonTask>(dir, ["show", "1"]);
    expect(task.notes).toEqual([
      { time: "2026-11-18T10:00:00Z", author: "claude", text: "the session store is Redis" },
      { time: "2026-11-18T11:00:00Z", author: "alice", text: "TTL is one day" },
    ]);
  });

  it("makes notes searchable and +ANNOTATED", async () => {
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "+ANNOTATED"]))).toEqual([1]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "redis"]))).toEqual([1]);
    expect(ids((await cliJson<JsonTask[]>(dir, ["list", "-ANNOTATED"])).filter((task) => task.status === "pending"))).toEqual([2]);
  });

  it("denotate removes one note by a unique part of its text, keeping the rest", async () => {
    await cli(dir, ["denotate", "1", "Redis"]);
    const task = await cliJson<JsonTask>(dir, ["show", "1"]);
    expect(task.notes.map((note) => note.text)).toEqual(["TTL is one day"]);
    expect(readTask(dir, 1)).toContain("Pick a store.\n");
  });

  it("denotate by number", async () => {
    await cli(dir, ["annotate", "1", "second"]);
    await cli(dir, ["denotate", "1", "#1"]);
    expect((await cliJson<JsonTask>(dir, ["show", "1"])).notes.map((note) => note.text)).toEqual(["second"]);
  });

  it("a missing note is an error (exit 1) and the file is unchanged", async () => {
    const before = readTask(dir, 1);
    const missing = await runCli(dir, ["denotate", "1", "never", "written"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no note matching "never written"');
    expect(readTask(dir, 1)).toBe(before);
    const none = await runCli(dir, ["denotate", "2", "anything"]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("has no notes");
  });

  it("a note without text, or without a task, is a usage error (exit 2)", async () => {
    expect((await runCli(dir, ["annotate", "1"])).code).toBe(2);
    expect((await runCli(dir, ["annotate"])).code).toBe(2);
    expect((await runCli(dir, ["annotate", "x", "text"])).code).toBe(2);
    const missingTask = await runCli(dir, ["annotate", "9", "text"]);
    expect(missingTask.code).toBe(1);
    expect(missingTask.stderr).toContain("no task 9");
  });

  it("refuses an id list where one task is meant, rather than using the first id", async () => {
    const before = readTask(dir, 2);
    const result = await runCli(dir, ["annotate", "1,2", "for", "both?"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("one task");
    expect(readTask(dir, 2)).toBe(before);
  });

  it("works in Taskwarrior's order: `<id> annotate <text>`", async () => {
    await cli(dir, ["2", "annotate", "from", "the", "other", "side"]);
    expect((await cliJson<JsonTask>(dir, ["show", "2"])).notes.map((note) => note.text)).toEqual(["from the other side"]);
  });
});
