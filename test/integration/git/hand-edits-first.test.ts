import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openBacklog, type Backlog } from "../../../src/service/backlog.js";
import { annotateTask } from "../../../src/service/operations/notes.js";
import { modifyTasks } from "../../../src/service/operations/modify.js";
import { transact } from "../../../src/service/transact.js";
import { editTask, readTaskText, requireTask, taskRecord } from "../../../src/service/task-file.js";
import { editTaskFile } from "../../../src/format/edit-task-file.js";
import { parseChangeArgs } from "../../../src/domain/changes.js";
import { backlogRepo, cli, readTask, taskPath } from "../../helpers/cli.js";
import { cleanupAfterEach, git } from "../../helpers/git-repo.js";

/**
 * docs/reference/git.md, "Hand edits": a hand edit is never lost or mixed into an operation. A task file that differs from
 * HEAD when an operation changes it is committed first, as its own commit; a save made while an
 * operation runs is never overwritten.
 */

const track = cleanupAfterEach();

function subjects(dir: string, count: number): string[] {
  return git(dir, "log", `-${count}`, "--format=%s").split("\n");
}

async function seeded(titles: string[]): Promise<string> {
  const dir = track(backlogRepo()).dir;
  for (const title of titles) await cli(dir, ["add", title]);
  return dir;
}

async function open(dir: string): Promise<Backlog> {
  return openBacklog({ cwd: dir, env: { ...process.env, BACKLOG_NOW: "2026-11-18T10:00:00Z" } });
}

describe("a hand edit before an operation", () => {
  it("is committed first as its own commit, and undo reverts only the operation", async () => {
    const dir = await seeded(["First", "Second"]);
    const file = join(dir, taskPath(dir, 2));
    writeFileSync(file, readFileSync(file, "utf8").replace("status: pending\n", "status: pending\ntags: [by-hand]\n"));
    await cli(dir, ["annotate", "2", "x"]);
    expect(subjects(dir, 2)).toEqual(["backlog: annotate #2 Second", "backlog: edit #2 (by hand)"]);
    // The hand edit's commit holds the edit and nothing of the operation.
    expect(git(dir, "show", "HEAD~1:backlog/2-second.md")).toContain("tags: [by-hand]");
    expect(git(dir, "show", "HEAD~1:backlog/2-second.md")).not.toContain("## Notes");
    expect(git(dir, "log", "-1", "--format=%an <%ae>", "HEAD~1")).toBe("Test User <test@example.com>");
    expect(git(dir, "status", "--porcelain")).toBe("");
    await cli(dir, ["undo"]);
    expect(readTask(dir, 2)).toContain("tags: [by-hand]");
    expect(readTask(dir, 2)).not.toContain("## Notes");
    expect(git(dir, "status", "--porcelain")).toBe("");
  });

  it("commits a staged edit as a hand edit, never inside the operation's commit", async () => {
    const dir = await seeded(["First"]);
    const file = join(dir, taskPath(dir, 1));
    writeFileSync(file, readFileSync(file, "utf8").replace("title: First", "title: First, renamed by hand"));
    git(dir, "add", "backlog");
    await cli(dir, ["annotate", "1", "noted"]);
    expect(subjects(dir, 2)).toEqual(["backlog: annotate #1 First, renamed by hand", "backlog: edit #1 (by hand)"]);
    const operation = git(dir, "diff", "HEAD~1", "HEAD");
    expect(operation).toMatch(/^\+- 2026-11-18T10:00:00Z .*: noted$/m);
    expect(operation).not.toContain("title:");
    expect(git(dir, "status", "--porcelain")).toBe("");
  });

  it("commits nothing extra when the file matches HEAD", async () => {
    const dir = await seeded(["First"]);
    await cli(dir, ["annotate", "1", "x"]);
    expect(subjects(dir, 2)).toEqual(["backlog: annotate #1 First", "backlog: add #1 First"]);
  });

  it("names every hand-edited task of a batch in one commit before it", async () => {
    const dir = await seeded(["A", "B", "C"]);
    for (const id of [1, 3]) writeFileSync(join(dir, taskPath(dir, id)), readTask(dir, id) + "Edited by hand.\n");
    await cli(dir, ["modify", "1-3", "priority:H"]);
    expect(subjects(dir, 2)).toEqual(["backlog: modify 3 tasks", "backlog: edit 2 tasks (by hand)"]);
    expect(git(dir, "log", "-1", "--format=%(trailers:key=Backlog-Task,valueonly)", "HEAD~1").trim().split("\n")).toEqual(["1", "3"]);
    for (const id of [1, 3]) expect(readTask(dir, id)).toContain("Edited by hand.");
  });
});

describe("a save while an operation runs", () => {
  it("is never overwritten: the operation is planned again from the saved file", async () => {
    const dir = await seeded(["First"]);
    const backlog = await open(dir);
    const file = join(dir, taskPath(dir, 1));
    let plans = 0;
    await transact(backlog, () => {
      plans++;
      const task = requireTask(backlog, 1);
      const change = editTask(backlog, task, { priority: "H" });
      // An editor saves after the operation read the file and before it writes it.
      if (plans === 1) writeFileSync(file, readFileSync(file, "utf8") + "Saved in an editor meanwhile.\n");
      return { changes: [change], record: taskRecord("modify", task), result: {} };
    });
    await backlog.writer.close();
    expect(plans).toBe(2);
    const text = readFileSync(file, "utf8");
    expect(text).toContain("Saved in an editor meanwhile.");
    expect(text).toContain("priority: H");
    expect(subjects(dir, 2)).toEqual(["backlog: modify #1 First", "backlog: edit #1 (by hand)"]);
    expect(git(dir, "status", "--porcelain")).toBe("");
  });

  it("refuses, with nothing written, when the file keeps changing under every attempt", async () => {
    const dir = await seeded(["First"]);
    const backlog = await open(dir);
    const file = join(dir, taskPath(dir, 1));
    const head = git(dir, "rev-parse", "HEAD");
    let saves = 0;
    const attempt = transact(backlog, () => {
      const task = requireTask(backlog, 1);
      const change = editTask(backlog, task, { priority: "H" });
      writeFileSync(file, readFileSync(file, "utf8") + `save ${++saves}\n`);
      return { changes: [change], record: taskRecord("modify", task), result: {} };
    });
    await expect(attempt).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("backlog/1-first.md") });
    await backlog.writer.close();
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
    expect(readFileSync(file, "utf8")).toContain(`save ${saves}\n`);
    expect(readFileSync(file, "utf8")).not.toContain("priority: H");
  });

  it("keeps a save made through the service's own modify (no file lost between read and rename)", async () => {
    const dir = await seeded(["First", "Second"]);
    const backlog = await open(dir);
    await modifyTasks(backlog, "2", parseChangeArgs(["+tagged"], new Date()).changes);
    writeFileSync(join(dir, taskPath(dir, 2)), readTask(dir, 2).replace("title: Second", "title: Second (saved)"));
    await annotateTask(backlog, 2, "after a save");
    await backlog.writer.close();
    expect(readTask(dir, 2)).toContain("title: Second (saved)");
    expect(git(dir, "show", "HEAD:backlog/2-second.md")).toContain("after a save");
    expect(git(dir, "status", "--porcelain")).toBe("");
  });

  it("plans again when the file was read in the middle of a save (truncated, then written)", async () => {
    const dir = await seeded(["First"]);
    const backlog = await open(dir);
    const file = join(dir, taskPath(dir, 1));
    const whole = readFileSync(file, "utf8");
    let plans = 0;
    await transact(backlog, () => {
      plans++;
      if (plans === 1) {
        // An editor's in-place save: the file is empty for a moment; the plan reads it so.
        writeFileSync(file, "");
        const torn = readTaskText(backlog, { path: taskPath(dir, 1) });
        writeFileSync(file, `${whole}Saved in place.\n`);
        editTaskFile(torn, { priority: "H" });
      }
      const task = requireTask(backlog, 1);
      return { changes: [editTask(backlog, task, { priority: "H" })], record: taskRecord("modify", task), result: {} };
    });
    await backlog.writer.close();
    expect(plans).toBe(2);
    expect(readFileSync(file, "utf8")).toContain("Saved in place.");
    expect(readFileSync(file, "utf8")).toContain("priority: H");
  });

  it("still refuses a file that does not parse and is not being saved, naming it", async () => {
    const dir = await seeded(["First"]);
    const backlog = await open(dir);
    const file = join(dir, taskPath(dir, 1));
    writeFileSync(file, "no frontmatter here\n");
    let plans = 0;
    const attempt = transact(backlog, () => {
      plans++;
      const task = requireTask(backlog, 1);
      return { changes: [editTask(backlog, task, { priority: "H" })], record: taskRecord("modify", task), result: {} };
    });
    await expect(attempt).rejects.toMatchObject({ code: "invalid", message: expect.stringContaining("backlog/1-first.md") });
    await backlog.writer.close();
    expect(plans).toBe(1);
  });
});
