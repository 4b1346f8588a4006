import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createGitWriter, type GitWriter } from "../../../src/git/git-writer.js";
import { readLog, taskHistory } from "../../../src/git/history.js";
import { planRedo, planUndo } from "../../../src/git/undo.js";
import type { FileChange, OperationRecord } from "../../../src/store/writer.js";
import { git, gitRepo } from "../../helpers/git-repo.js";

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function task(id: number, title: string, status = "pending"): string {
  return `---\nid: ${id}\ntitle: ${title}\nstatus: ${status}\n---\nBody of ${id}\n`;
}

async function setup(): Promise<{ dir: string; writer: GitWriter; apply: (changes: FileChange[], op: string, ids: number[]) => Promise<string> }> {
  const made = gitRepo();
  cleanups.push(made.cleanup);
  const writer = await createGitWriter({ cwd: made.dir });
  cleanups.push(() => writer.close());
  const apply = async (changes: FileChange[], op: string, ids: number[]): Promise<string> => {
    const record: OperationRecord = { op, subject: `${op} #${ids.join(" #")}`, taskIds: ids, agent: "claude" };
    return (await writer.apply(changes, record)).sha!;
  };
  return { dir: made.dir, writer, apply };
}

function files(dir: string): Record<string, string> {
  const names = git(dir, "ls-files", "backlog").split("\n").filter(Boolean);
  return Object.fromEntries(names.map((name) => [name, readFileSync(join(dir, name), "utf8")]));
}

async function undo(root: string, writer: GitWriter, count = 1): Promise<string> {
  return writer.withLock(async () => {
    const plan = await planUndo({ root, count, agent: "claude" });
    return (await writer.apply(plan.changes, plan.record)).sha!;
  });
}

async function redo(root: string, writer: GitWriter): Promise<string> {
  return writer.withLock(async () => {
    const plan = await planRedo({ root, agent: "claude" });
    return (await writer.apply(plan.changes, plan.record)).sha!;
  });
}

describe("undo and redo", () => {
  it("undoes an add by deleting the file, and redo brings it back", async () => {
    const { dir, writer, apply } = await setup();
    const added = await apply([{ path: "backlog/1-a.md", content: task(1, "A") }], "add", [1]);
    const sha = await undo(dir, writer);
    expect(existsSync(join(dir, "backlog/1-a.md"))).toBe(false);
    expect(git(dir, "log", "-1", "--format=%B")).toBe(`backlog: undo add #1\n\nBacklog-Op: undo\nBacklog-Task: 1\nBacklog-Agent: claude\nBacklog-Undo: ${added}`);
    expect(git(dir, "status", "--porcelain")).toBe("");
    await redo(dir, writer);
    expect(readFileSync(join(dir, "backlog/1-a.md"), "utf8")).toBe(task(1, "A"));
    expect(git(dir, "log", "-1", "--format=%(trailers:key=Backlog-Redo,valueonly)").trim()).toBe(sha);
    await expect(planRedo({ root: dir, agent: "claude" })).rejects.toMatchObject({ code: "refused" });
  });

  it("restores a modify, a batch and a purge exactly", async () => {
    const { dir, writer, apply } = await setup();
    await apply(
      [
        { path: "backlog/1-a.md", content: task(1, "A") },
        { path: "backlog/2-b.md", content: task(2, "B") },
        { path: "backlog/3-c.md", content: task(3, "C") },
      ],
      "import",
      [1, 2, 3],
    );
    const start = files(dir);
    await apply([{ path: "backlog/1-a.md", content: task(1, "A", "done") }], "done", [1]);
    const afterModify = files(dir);
    await apply(
      [
        { path: "backlog/2-b.md", content: task(2, "B", "active") },
        { path: "backlog/3-c.md", content: task(3, "C", "active") },
      ],
      "modify",
      [2, 3],
    );
    const afterBatch = files(dir);
    await apply([{ path: "backlog/2-b.md", content: null }], "purge", [2]);
    await undo(dir, writer); // purge
    expect(files(dir)).toEqual(afterBatch);
    await undo(dir, writer); // batch
    expect(files(dir)).toEqual(afterModify);
    await undo(dir, writer); // modify
    expect(files(dir)).toEqual(start);
    expect(git(dir, "status", "--porcelain")).toBe("");
    // Redo walks forward again, one undo at a time.
    await redo(dir, writer);
    expect(files(dir)).toEqual(afterModify);
    await redo(dir, writer);
    expect(files(dir)).toEqual(afterBatch);
    git(dir, "fsck", "--strict");
  });

  it("undoes several operations in one commit", async () => {
    const { dir, writer, apply } = await setup();
    await apply([{ path: "backlog/1-a.md", content: task(1, "A") }], "add", [1]);
    const before = files(dir);
    const first = await apply([{ path: "backlog/1-a.md", content: task(1, "A", "active") }], "start", [1]);
    const second = await apply([{ path: "backlog/2-b.md", content: task(2, "B") }], "add", [2]);
    const third = await apply([{ path: "backlog/1-a.md", content: task(1, "A", "done") }], "done", [1]);
    const count = Number(git(dir, "rev-list", "--count", "HEAD"));
    await undo(dir, writer, 3);
    expect(Number(git(dir, "rev-list", "--count", "HEAD"))).toBe(count + 1);
    expect(files(dir)).toEqual(before);
    expect(git(dir, "log", "-1", "--format=%(trailers:key=Backlog-Undo,valueonly)").trim().split("\n")).toEqual([third, second, first]);
    const [entry] = await readLog({ root: dir, limit: 1 });
    expect(entry).toMatchObject({ op: "undo", tasks: [1, 2], undoes: [third, second, first] });
    await expect(planUndo({ root: dir, count: 2, agent: "claude" })).rejects.toMatchObject({ code: "refused" });
  });

  it("refuses an undo after a hand-committed change to the same file, changing nothing", async () => {
    const { dir, writer, apply } = await setup();
    await apply([{ path: "backlog/1-a.md", content: task(1, "A") }], "add", [1]);
    await writer.close();
    writeFileSync(join(dir, "backlog/1-a.md"), task(1, "A edited by hand"));
    git(dir, "commit", "-q", "-am", "hand edit");
    const head = git(dir, "rev-parse", "HEAD");
    await expect(planUndo({ root: dir, agent: "claude" })).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/backlog\/1-a\.md was changed by a later commit/) });
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
  });

  it("refuses an undo when the file was changed in the working tree", async () => {
    const { dir, apply } = await setup();
    await apply([{ path: "backlog/1-a.md", content: task(1, "A") }], "add", [1]);
    writeFileSync(join(dir, "backlog/1-a.md"), task(1, "A with local edit"));
    await expect(planUndo({ root: dir, agent: "claude" })).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/in the working tree/) });
  });

  it("skips what is already undone, and a new operation clears redo", async () => {
    const { dir, writer, apply } = await setup();
    await apply([{ path: "backlog/1-a.md", content: task(1, "A") }], "add", [1]);
    await apply([{ path: "backlog/2-b.md", content: task(2, "B") }], "add", [2]);
    await undo(dir, writer);
    expect(Object.keys(files(dir))).toEqual(["backlog/1-a.md"]);
    await undo(dir, writer); // the add of 1, not the undone add of 2
    expect(files(dir)).toEqual({});
    await apply([{ path: "backlog/3-c.md", content: task(3, "C") }], "add", [3]);
    await expect(planRedo({ root: dir, agent: "claude" })).rejects.toMatchObject({ code: "refused" });
    await expect(planUndo({ root: dir, count: 2, agent: "claude" })).rejects.toMatchObject({ code: "refused", data: { available: 1 } });
  });
});

describe("history", () => {
  it("reads backlog operations with their trailers, newest first, by task and limited", async () => {
    const { dir, writer, apply } = await setup();
    await apply([{ path: "backlog/1-a.md", content: task(1, "A") }], "add", [1]);
    await writer.close();
    git(dir, "commit", "-q", "--allow-empty", "-m", "unrelated user commit");
    await apply([{ path: "backlog/2-b.md", content: task(2, "B") }], "add", [2]);
    const done = await apply([{ path: "backlog/1-a.md", content: task(1, "A", "done") }], "done", [1]);
    const log = await readLog({ root: dir, dir: "backlog" });
    expect(log.map((entry) => entry.op)).toEqual(["done", "add", "add"]);
    expect(log[0]).toEqual({ sha: done, op: "done", tasks: [1], agent: "claude", author: "Test User <test@example.com>", email: "test@example.com", time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), message: "backlog: done #1" });
    expect((await readLog({ root: dir, id: 1 })).map((entry) => entry.op)).toEqual(["done", "add"]);
    expect(await readLog({ root: dir, limit: 1 })).toHaveLength(1);
    expect(await readLog({ root: dir, id: 12 })).toEqual([]);
  });

  it("is empty on an unborn branch", async () => {
    const made = gitRepo({ initialCommit: false });
    cleanups.push(made.cleanup);
    expect(await readLog({ root: made.dir })).toEqual([]);
  });

  it("shows one task's diffs over time, through a rename and after a purge", async () => {
    const { dir, apply } = await setup();
    await apply([{ path: "backlog/1-a.md", content: task(1, "A") }], "add", [1]);
    await apply([{ path: "backlog/1-a.md", content: task(1, "A", "done") }], "done", [1]);
    await apply(
      [
        { path: "backlog/1-a.md", content: null },
        { path: "backlog/archive/2026-Q4/1-a.md", content: task(1, "A", "done") },
      ],
      "archive",
      [1],
    );
    const history = await taskHistory({ root: dir, dir: "backlog", id: 1 });
    expect(history.path).toBe("backlog/archive/2026-Q4/1-a.md");
    expect(history.entries.map((entry) => entry.op)).toEqual(["archive", "done", "add"]);
    expect(history.entries[1]!.patch).toContain("-status: pending\n+status: done");
    await apply([{ path: "backlog/archive/2026-Q4/1-a.md", content: null }], "purge", [1]);
    const purged = await taskHistory({ root: dir, dir: "backlog", id: 1 });
    expect(purged.path).toBe("backlog/archive/2026-Q4/1-a.md");
    expect(purged.entries[0]!.op).toBe("purge");
  });
});
