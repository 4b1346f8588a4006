import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, frontmatter, readTask, runCli, taskFiles } from "../../helpers/cli.js";
import { git, removeAfter, tempDir } from "../../helpers/git-repo.js";

interface Entry {
  sha: string;
  op: string;
  tasks: number[];
  message: string;
}

/** What the write path commits when an operation finds a task file edited by hand (docs/reference/git.md, "Hand edits"). */
function commitHandEdit(dir: string, path: string, text: string, id: number): string {
  writeFileSync(join(dir, path), text);
  git(dir, "commit", "-q", "-m", `backlog: edit #${id} (by hand)\n\nBacklog-Op: hand-edit\nBacklog-Task: ${id}`, "--", path);
  return git(dir, "rev-parse", "HEAD");
}

describe.concurrent("undo around hand edits and merges", () => {
  it("passes over a hand-edit commit without ending the run, and never reverts it", async ({ onTestFinished }) => {
    const { dir } = removeAfter(onTestFinished, backlogRepo());
    await cli(dir, ["add", "One"]);
    await cli(dir, ["add", "Two"]);
    const edited = readTask(dir, 1).replace("title: One", "title: One, edited by hand");
    const handEdit = commitHandEdit(dir, "backlog/1-one.md", edited, 1);
    await cli(dir, ["modify", "2", "priority:H"]);

    const result = await cliJson<{ reverted: Entry[]; passedOver: Entry[] }>(dir, ["undo", "2"]);
    expect(result.reverted.map((entry) => [entry.op, entry.tasks])).toEqual([
      ["modify", [2]],
      ["add", [2]],
    ]);
    expect(result.passedOver.map((entry) => [entry.sha, entry.op, entry.message])).toEqual([[handEdit, "hand-edit", "backlog: edit #1 (by hand)"]]);
    expect(taskFiles(dir)).toEqual(["1-one.md"]);
    expect(readTask(dir, 1)).toBe(edited);

    // The add of 1 is next, but undoing it would throw the hand edit away.
    const head = git(dir, "rev-parse", "HEAD");
    const refused = await runCli(dir, ["undo"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/backlog\/1-one\.md was changed by a later commit, "backlog: edit #1 \(by hand\)" \([0-9a-f]{12} by Test User <test@example\.com>\)/);
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
    expect(readTask(dir, 1)).toBe(edited);
    // Even --any never takes a hand edit: nothing else is left to undo.
    expect((await runCli(dir, ["undo", "2", "--any"])).stderr).toContain("Only 1 of the backlog operations on this branch can be undone, not 2");

    const log = await cliJson<Entry[]>(dir, ["log"]);
    expect(log.map((entry) => entry.op)).toEqual(["undo", "modify", "hand-edit", "add", "add"]);
  });

  it("undoes the operations before a merge on this branch's line, and refuses one whose file the merge changed, naming it", async ({ onTestFinished }) => {
    const { dir } = removeAfter(onTestFinished, backlogRepo());
    await cli(dir, ["add", "One"]);
    await cli(dir, ["add", "Two"]);
    git(dir, "checkout", "-q", "-b", "side");
    await cli(dir, ["modify", "1", "priority:L"]);
    await cli(dir, ["add", "Three"]);
    git(dir, "checkout", "-q", "main");
    await cli(dir, ["modify", "2", "priority:H"]);
    git(dir, "merge", "-q", "--no-ff", "-m", "Merge branch 'side'", "side");
    const merge = git(dir, "rev-parse", "HEAD");

    const refused = await runCli(dir, ["undo", "3"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`backlog/1-one.md was changed by a later commit, "Merge branch 'side'" (${merge.slice(0, 12)} by Test User <test@example.com>)`);
    expect(git(dir, "rev-parse", "HEAD")).toBe(merge);

    const result = await cliJson<{ reverted: Entry[] }>(dir, ["undo", "2"]);
    expect(result.reverted.map((entry) => entry.message)).toEqual(["backlog: modify #2 Two", "backlog: add #2 Two"]);
    expect(taskFiles(dir)).toEqual(["1-one.md", "3-three.md"]);
    expect(frontmatter(dir, 1)).toMatchObject({ priority: "L" });

    const tooMany = await runCli(dir, ["undo", "2"]);
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toContain("Only 1 of your backlog operations (test@example.com, no agent) can be undone on this branch, not 2");
    expect(tooMany.stderr).toMatch(/2 operations came in through a merge: "backlog: add #3 Three" by Test User <test@example\.com> and 1 more \(the newest merge: [0-9a-f]{12} "Merge branch 'side'"\)/);
  });

  it("help says whose operations undo and redo take, and how merges and hand edits count", async ({ onTestFinished }) => {
    const undo = await cli(dir(onTestFinished), ["help", "undo"]);
    expect(undo).toContain("git-backlog undo [n] [--any] [--json]");
    expect(undo).toMatch(/same git author email \(user\.email\) and the same\s+agent \(BACKLOG_AGENT/);
    expect(undo).toMatch(/--any/);
    expect(undo).toMatch(/first parent/);
    expect(undo).toMatch(/hand edit/i);
    const redo = await cli(dir(onTestFinished), ["help", "redo"]);
    expect(redo).toContain("git-backlog redo [--any] [--json]");
    expect(redo).toMatch(/your own undo/);
  });
});

function dir(finished: (cleanup: () => void) => void): string {
  return removeAfter(finished, tempDir()).dir;
}
