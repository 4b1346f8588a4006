import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, cliJson, runCli, runJson, snapshot, taskPath, type JsonTask } from "../../helpers/cli.js";
import { cleanupAfterEach } from "../../helpers/git-repo.js";
import { team } from "../../helpers/team.js";

// `sync`: hand edits committed, the upstream merged with the task-file driver, ids that arrived
// twice renumbered (the task that arrived moves), pushed, and refused with nothing changed where
// it must not act.

const track = cleanupAfterEach();

interface SyncJson {
  merge: string;
  pushed: boolean;
  attempts: number;
  handEdits?: { files: string[] };
  renumbered: { path: string; from: number; to: number }[];
  incoming: { tasks: { id: number; kind: string; title: string }[] };
}

describe("sync", () => {
  it("shares tasks both ways; the task that arrived with a used id is renumbered, its references follow, and log follows it", async () => {
    const { clones, git } = track(await team(2));
    const [a = "", b = ""] = clones;
    await cli(a, ["add", "From A"]);
    await cli(a, ["add", "Needs A's task", "depends:1"]);
    await cli(b, ["add", "From B"]);
    await cli(b, ["add", "Needs B's task", "depends:1"]);
    const first = await runJson<SyncJson>(a, ["sync"]);
    expect(first.code).toBe(0);
    expect(first.json).toMatchObject({ merge: "up-to-date", pushed: true, renumbered: [] });
    const second = await runJson<SyncJson>(b, ["sync"]);
    expect(second.code).toBe(0);
    // In B, A's #1 and #2 arrived: they move, and A's reference follows A's task; B's own stay.
    expect(second.json).toMatchObject({ merge: "merged", pushed: true, renumbered: [{ from: 1, to: 3 }, { from: 2, to: 4 }] });
    expect(second.json.incoming.tasks.map((task) => [task.id, task.kind, task.title])).toEqual([
      [3, "added", "From A"],
      [4, "added", "Needs A's task"],
    ]);
    expect(git(b, "log", "-1", "--format=%s")).toBe("backlog: renumber 2 tasks (duplicates from origin/main)");
    const third = await runJson<SyncJson>(a, ["sync"]);
    expect(third.json).toMatchObject({ merge: "fast-forward", pushed: false });
    expect(snapshot(a)).toEqual(snapshot(b));
    const tasks = await cliJson<JsonTask[]>(a, ["list", "--sort", "id+"]);
    expect(tasks.map((task) => [task.id, task.title, task.depends ?? []])).toEqual([
      [1, "From B", []],
      [2, "Needs B's task", [1]],
      [3, "From A", []],
      [4, "Needs A's task", [3]],
    ]);
    expect((await cliJson<{ op: string }[]>(a, ["log", "3"])).map((entry) => entry.op)).toEqual(["renumber", "add"]);
    expect(git(a, "status", "--porcelain")).toBe("");
  });

  it("commits hand edits of task files first, alone, and leaves the user's other changes as they were", async () => {
    const { clones, git } = track(await team(1));
    const [a = ""] = clones;
    await cli(a, ["add", "Edited by hand"]);
    const file = join(a, taskPath(a, 1));
    writeFileSync(file, `${readFileSync(file, "utf8")}\nA line added in an editor.\n`);
    writeFileSync(join(a, "notes.txt"), "not a task\n");
    git(a, "add", "notes.txt");
    git(a, "reset", "-q", "notes.txt"); // untracked again, as it was
    writeFileSync(join(a, "README"), "mine, unstaged\n");
    const result = await runJson<SyncJson>(a, ["sync"]);
    expect(result.code).toBe(0);
    expect(result.json.handEdits?.files).toEqual(["backlog/1-edited-by-hand.md"]);
    expect(git(a, "show", "--stat", "--format=%s", "HEAD~0")).toMatch(/^backlog: edit #1 \(by hand\)\n\n backlog\/1-edited-by-hand\.md \| 2 \+\+\n/);
    expect(git(a, "status", "--porcelain")).toBe("?? README\n?? notes.txt");
    expect(git(a, "rev-parse", "HEAD")).toBe(git(a, "rev-parse", "origin/main"));
  });

  it("is refused with nothing changed: detached HEAD, a merge in progress, no upstream, staged changes outside the task folder", async () => {
    const { clones, git } = track(await team(1));
    const [a = ""] = clones;
    await cli(a, ["add", "Something"]);
    const refused = async (pattern: RegExp): Promise<void> => {
      const head = git(a, "rev-parse", "HEAD");
      const before = snapshot(a);
      const result = await runCli(a, ["sync"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(pattern);
      expect(git(a, "rev-parse", "HEAD")).toBe(head);
      expect(snapshot(a)).toEqual(before);
    };
    git(a, "checkout", "-q", "--detach");
    await refused(/HEAD is detached: sync works on a branch/);
    git(a, "checkout", "-q", "main");
    git(a, "checkout", "-q", "-b", "topic");
    await refused(/branch topic has no upstream to sync with\. Set one: `git push -u origin topic`/);
    git(a, "checkout", "-q", "main");
    writeFileSync(join(a, "src.txt"), "staged\n");
    git(a, "add", "src.txt");
    await refused(/staged changes outside the task folder \(src\.txt\)/);
    git(a, "reset", "-q", "src.txt");
    writeFileSync(join(a, ".git", "MERGE_HEAD"), `${git(a, "rev-parse", "HEAD")}\n`);
    await refused(/a merge is in progress: finish it \(or `git merge --abort`\)/);
  });

  it("stops on a true conflict with the merge left for the user and the next steps; git merge --abort goes back", async () => {
    const { clones, git } = track(await team(2));
    const [a = "", b = ""] = clones;
    await cli(a, ["add", "Shared", "--body", "The plan.\n"]);
    await cli(a, ["sync"]);
    await cli(b, ["sync"]);
    const edit = (dir: string, line: string): void => {
      const file = join(dir, taskPath(dir, 1));
      writeFileSync(file, readFileSync(file, "utf8").replace("The plan.", line));
    };
    edit(a, "The plan, as A sees it.");
    await cli(a, ["sync"]);
    edit(b, "The plan, as B sees it.");
    const head = git(b, "rev-parse", "HEAD");
    const result = await runCli(b, ["sync"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/stopped on a conflict in backlog\/1-shared\.md/);
    expect(result.stderr).toMatch(/git merge --abort/);
    expect(existsSync(join(b, ".git", "MERGE_HEAD"))).toBe(true);
    git(b, "merge", "--abort");
    // Back where it was before sync, the hand edit committed by it.
    expect(git(b, "rev-parse", "HEAD~1")).toBe(head);
    expect(git(b, "status", "--porcelain")).toBe("");
  });

  it("fetches, merges and pushes again when the remote moved during its push", async () => {
    const { clones, remote, git } = track(await team(1));
    const [a = ""] = clones;
    // The remote moves once, right as the first push arrives (another clone's push, in effect).
    // (The update hook runs before the ref moves; out of the push's object quarantine it may move it.)
    const hook = join(remote, "hooks", "update");
    writeFileSync(
      hook,
      `#!/bin/sh\nif [ ! -f "$GIT_DIR/moved" ]; then\n  touch "$GIT_DIR/moved"\n  unset GIT_QUARANTINE_PATH\n  c=$(git commit-tree "$(git rev-parse main^{tree})" -p main -m "moved meanwhile")\n  git update-ref refs/heads/main "$c"\nfi\nexit 0\n`,
      { mode: 0o755 },
    );
    await cli(a, ["add", "Pushed on the second try"]);
    const result = await runJson<SyncJson>(a, ["sync"]);
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ pushed: true, attempts: 2, merge: "merged" });
    expect(git(a, "log", "--format=%s", "origin/main")).toMatch(/moved meanwhile/);
    expect(git(a, "rev-parse", "HEAD")).toBe(git(a, "rev-parse", "origin/main"));
  });

  it("with --no-push takes what arrived and pushes nothing", async () => {
    const { clones, git } = track(await team(2));
    const [a = "", b = ""] = clones;
    await cli(a, ["add", "From A"]);
    await cli(a, ["sync"]);
    await cli(b, ["add", "Kept local"]);
    const result = await runJson<SyncJson>(b, ["sync", "--no-push"]);
    expect(result.json).toMatchObject({ pushed: false, renumbered: [{ from: 1, to: 2 }] });
    expect(git(b, "rev-parse", "origin/main")).toBe(git(a, "rev-parse", "HEAD"));
  });
});
