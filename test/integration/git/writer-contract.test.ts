import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createGitWriter, type GitWriter, type GitWriterOptions } from "../../../src/git/git-writer.js";
import type { FileChange, OperationRecord, WriteResult } from "../../../src/store/writer.js";
import { eventually } from "../../helpers/eventually.js";
import { leftovers } from "../../helpers/git-leftovers.js";
import { cleanupAfterEach, git, gitRepo } from "../../helpers/git-repo.js";

/**
 * The `Writer` contract (store/writer.ts), one suite run against each way the writer records an
 * operation: as one git commit (`commit: true`) and as plain file writes (`commit: false`). What
 * differs between them is only what a driver says it leaves in git.
 */

interface Driver {
  name: string;
  options: Pick<GitWriterOptions, "commit">;
  /** What one applied operation left in git: `head` was HEAD before it. */
  expectRecorded(dir: string, head: string, result: WriteResult, subject: string): void;
  /** The subjects of the operations recorded since `head`, oldest first. */
  recordedSince(dir: string, head: string): string[];
}

const DRIVERS: Driver[] = [
  {
    name: "commit: true",
    options: { commit: true },
    expectRecorded(dir, head, result, subject) {
      expect(result.sha).toMatch(/^[0-9a-f]{40}$/);
      expect(git(dir, "rev-parse", "HEAD")).toBe(result.sha);
      expect(git(dir, "rev-parse", "HEAD^")).toBe(head);
      expect(git(dir, "log", "-1", "--format=%s")).toBe(`backlog: ${subject}`);
      expect(git(dir, "status", "--porcelain")).toBe("");
    },
    recordedSince: (dir, head) => git(dir, "log", "--reverse", "--format=%s", `${head}..HEAD`).split("\n").filter(Boolean).map((line) => line.replace(/^backlog: /, "")),
  },
  {
    name: "commit: false",
    options: { commit: false },
    expectRecorded(dir, head, result) {
      expect(result.sha).toBeUndefined();
      expect(git(dir, "rev-parse", "HEAD")).toBe(head);
    },
    recordedSince: () => [],
  },
];

const track = cleanupAfterEach();

function task(id: number, title: string, status = "pending"): string {
  return `---\nid: ${id}\ntitle: ${title}\nstatus: ${status}\n---\n`;
}

function record(subject: string, ids: number[] = [1]): OperationRecord {
  return { op: subject.split(" ")[0]!, subject, taskIds: ids, agent: "tester" };
}

function read(dir: string, path: string): string | undefined {
  const file = join(dir, path);
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

/** A promise and the function that settles it: a step a test lets happen when it chooses. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** One turn of the event loop: whatever runs on promises alone has run by then. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

for (const driver of DRIVERS) {
  describe(`Writer contract, ${driver.name}`, () => {
    const writers: GitWriter[] = [];
    // A test that failed before `done` still lets go of its writers (before its folder is removed).
    afterEach(async () => {
      for (const writer of writers.splice(0)) await writer.close();
    });

    /** A repository with a task folder, and a writer on it (closed by `done`). */
    async function setup(options: Omit<GitWriterOptions, "cwd" | "commit"> = {}): Promise<{ dir: string; writer: GitWriter; head: () => string }> {
      const { dir } = track(gitRepo());
      mkdirSync(join(dir, "backlog"));
      const writer = await createGitWriter({ cwd: dir, ...driver.options, ...options });
      writers.push(writer);
      return { dir, writer, head: () => git(dir, "rev-parse", "HEAD") };
    }

    /** Closes every writer of the test; nothing may be left in .git. */
    async function done(dir: string): Promise<void> {
      for (const writer of writers.splice(0)) await writer.close();
      expect(leftovers(dir)).toEqual([]);
    }

    it("adds, modifies and deletes files, one operation each, and answers the paths written", async () => {
      const { dir, writer, head } = await setup();
      let before = head();
      const added = await writer.apply(
        [
          { path: "backlog/1-a.md", content: task(1, "A") },
          { path: "backlog/2-b.md", content: task(2, "B") },
        ],
        record("add 2 tasks", [1, 2]),
      );
      expect(added.paths).toEqual(["backlog/1-a.md", "backlog/2-b.md"]);
      expect(read(dir, "backlog/1-a.md")).toBe(task(1, "A"));
      driver.expectRecorded(dir, before, added, "add 2 tasks");

      before = head();
      const modified = await writer.apply([{ path: "backlog/1-a.md", content: task(1, "A", "done") }], record("done #1"));
      expect(modified.paths).toEqual(["backlog/1-a.md"]);
      expect(read(dir, "backlog/1-a.md")).toBe(task(1, "A", "done"));
      driver.expectRecorded(dir, before, modified, "done #1");

      before = head();
      const deleted = await writer.apply([{ path: "backlog/2-b.md", content: null }], record("purge #2", [2]));
      expect(deleted.paths).toEqual(["backlog/2-b.md"]);
      expect(existsSync(join(dir, "backlog/2-b.md"))).toBe(false);
      driver.expectRecorded(dir, before, deleted, "purge #2");
      await done(dir);
    });

    it("writes a path named twice once, with its last content, and answers no paths for no changes", async () => {
      const { dir, writer, head } = await setup();
      const before = head();
      const twice: FileChange[] = [
        { path: "backlog/1-a.md", content: task(1, "First") },
        { path: "backlog/2-b.md", content: task(2, "B") },
        { path: "backlog/1-a.md", content: task(1, "Last") },
      ];
      const result = await writer.apply(twice, record("add 2 tasks", [1, 2]));
      expect(result.paths).toEqual(["backlog/1-a.md", "backlog/2-b.md"]);
      expect(read(dir, "backlog/1-a.md")).toBe(task(1, "Last"));
      driver.expectRecorded(dir, before, result, "add 2 tasks");
      const after = head();
      expect(await writer.apply([], record("nothing"))).toEqual({ paths: [] });
      expect(head()).toBe(after);
      await done(dir);
    });

    it("refuses with changedOnDisk when a file no longer holds what was read, writing none of the batch", async () => {
      const { dir, writer, head } = await setup();
      await writer.apply([{ path: "backlog/1-a.md", content: task(1, "A") }], record("add #1"));
      const before = head();
      const planned = Buffer.from(task(1, "A"));
      writeFileSync(join(dir, "backlog/1-a.md"), task(1, "Saved by an editor")); // after the operation read it
      const changes: FileChange[] = [
        { path: "backlog/2-b.md", content: task(2, "B") },
        { path: "backlog/1-a.md", content: task(1, "A", "done") },
      ];
      const readWhenPlanned = new Map<string, Buffer | null>([
        ["backlog/2-b.md", null],
        ["backlog/1-a.md", planned],
      ]);
      await expect(writer.apply(changes, record("done #1", [1, 2]), { read: readWhenPlanned })).rejects.toMatchObject({ code: "conflict", data: { changedOnDisk: ["backlog/1-a.md"] } });
      expect(read(dir, "backlog/1-a.md")).toBe(task(1, "Saved by an editor"));
      expect(existsSync(join(dir, "backlog/2-b.md"))).toBe(false);
      expect(head()).toBe(before);

      // A file that was not there when read, and is now (someone else's file of that name).
      writeFileSync(join(dir, "backlog/3-c.md"), task(3, "Theirs"));
      await expect(
        writer.apply([{ path: "backlog/3-c.md", content: task(3, "Ours") }], record("add #3", [3]), { read: new Map([["backlog/3-c.md", null]]) }),
      ).rejects.toMatchObject({ code: "conflict", data: { changedOnDisk: ["backlog/3-c.md"] } });
      expect(read(dir, "backlog/3-c.md")).toBe(task(3, "Theirs"));
      expect(head()).toBe(before);

      // Read again, the same operation goes through.
      const current = new Map<string, Buffer | null>([["backlog/1-a.md", readFileSync(join(dir, "backlog/1-a.md"))]]);
      const result = await writer.apply([{ path: "backlog/1-a.md", content: task(1, "Saved by an editor", "done") }], record("done #1"), { read: current });
      expect(read(dir, "backlog/1-a.md")).toBe(task(1, "Saved by an editor", "done"));
      if (driver.options.commit) expect(git(dir, "rev-parse", "HEAD")).toBe(result.sha);
      await done(dir);
    });

    it("leaves no partial write, no commit and no journal when a batch is refused", async () => {
      const { dir, writer, head } = await setup();
      const before = head();
      await expect(
        writer.apply(
          [
            { path: "backlog/1-a.md", content: task(1, "A") },
            { path: "../outside.md", content: "x" },
          ],
          record("add 2 tasks", [1, 2]),
        ),
      ).rejects.toMatchObject({ code: "invalid" });
      expect(existsSync(join(dir, "backlog/1-a.md"))).toBe(false);
      expect(head()).toBe(before);
      expect(git(dir, "status", "--porcelain")).toBe("");
      await done(dir);
    });

    it("runs concurrent applies one at a time, in call order", async () => {
      const { dir, writer, head } = await setup();
      const before = head();
      const finished: number[] = [];
      const subjects = [1, 2, 3, 4, 5].map((n) => `modify #1 (${n})`);
      await Promise.all(
        subjects.map((subject, at) =>
          writer
            .apply(
              [
                { path: "backlog/1-a.md", content: task(1, `Version ${at + 1}`) },
                { path: `backlog/${at + 2}-x.md`, content: task(at + 2, "X") },
              ],
              record(subject, [1, at + 2]),
            )
            .then(() => finished.push(at + 1)),
        ),
      );
      expect(finished).toEqual([1, 2, 3, 4, 5]);
      expect(read(dir, "backlog/1-a.md")).toBe(task(1, "Version 5"));
      expect(driver.recordedSince(dir, before)).toEqual(driver.options.commit ? subjects : []);
      await done(dir);
    });

    it("runs concurrent withLock callers one at a time, in call order, and lets the next one in after a failure", async () => {
      const { dir, writer } = await setup();
      const order: string[] = [];
      let inside = 0;
      const holder = (name: string, fail = false) =>
        writer.withLock(async () => {
          expect(inside++).toBe(0);
          order.push(`${name} in`);
          await turn();
          order.push(`${name} out`);
          inside--;
          if (fail) throw new Error(`${name} failed`);
          return name;
        });
      const results = await Promise.allSettled([holder("a"), holder("b", true), holder("c")]);
      expect(results.map((result) => (result.status === "fulfilled" ? result.value : (result.reason as Error).message))).toEqual(["a", "b failed", "c"]);
      expect(order).toEqual(["a in", "a out", "b in", "b out", "c in", "c out"]);
      await done(dir);
    });

    describe("the lock is re-entrant within the holder's call chain", () => {
      it("lets an operation run others inside its hold, as start --worktree runs its claim and its rollback", async () => {
        // A nested call that waited for the lock would wait for itself: with this timeout it would fail at once.
        const { dir, writer, head } = await setup({ lockTimeoutMs: 200 });
        const before = head();
        const results = await writer.withLock(async () => {
          const claim = await writer.withLock(() => writer.apply([{ path: "backlog/1-a.md", content: task(1, "A", "active") }], record("start #1")));
          const rollback = await writer.withLock(() => writer.apply([{ path: "backlog/1-a.md", content: task(1, "A", "pending") }], record("stop #1")));
          return [claim, rollback];
        });
        expect(results.map((result) => result.paths)).toEqual([["backlog/1-a.md"], ["backlog/1-a.md"]]);
        expect(read(dir, "backlog/1-a.md")).toBe(task(1, "A", "pending"));
        expect(driver.recordedSince(dir, before)).toEqual(driver.options.commit ? ["start #1", "stop #1"] : []);
        await done(dir);
      });

      it("runs the holder's concurrent nested calls one at a time, in call order", async () => {
        const { dir, writer, head } = await setup({ lockTimeoutMs: 200 });
        const order: string[] = [];
        await writer.withLock(() =>
          Promise.all(
            ["a", "b", "c"].map((name) =>
              writer.withLock(async () => {
                order.push(`${name} in`);
                await turn();
                order.push(`${name} out`);
              }),
            ),
          ),
        );
        expect(order).toEqual(["a in", "a out", "b in", "b out", "c in", "c out"]);

        const before = head();
        await writer.withLock(() =>
          Promise.all([1, 2, 3].map((n) => writer.apply([{ path: `backlog/${n}-t.md`, content: task(n, "T") }], record(`add #${n}`, [n])))),
        );
        expect(driver.recordedSince(dir, before)).toEqual(driver.options.commit ? ["add #1", "add #2", "add #3"] : []);
        expect([1, 2, 3].map((n) => read(dir, `backlog/${n}-t.md`))).toEqual([1, 2, 3].map((n) => task(n, "T")));
        await done(dir);
      });

      it("keeps a call from outside the holder's chain waiting until the holder is done", async () => {
        const { dir, writer } = await setup();
        const order: string[] = [];
        const entered = gate();
        const release = gate();
        const holder = writer.withLock(async () => {
          entered.open();
          await release.opened;
          order.push("holder done");
        });
        await entered.opened;
        const outside = writer.withLock(() => Promise.resolve(void order.push("outside")));
        await turn();
        expect(order).toEqual([]);
        release.open();
        await Promise.all([holder, outside]);
        expect(order).toEqual(["holder done", "outside"]);
        await done(dir);
      });

      it("keeps the hold until a nested call the holder did not wait for is done", async () => {
        const { dir, writer } = await setup({ lockTimeoutMs: 200 });
        const order: string[] = [];
        let nested: Promise<void> | undefined;
        await writer.withLock(() => {
          nested = writer.withLock(async () => {
            order.push("nested in");
            await turn();
            order.push("nested out");
          });
          return Promise.resolve();
        });
        order.push("holder returned");
        await nested;
        expect(order).toEqual(["nested in", "nested out", "holder returned"]);
        await done(dir);
      });

      it("ends the hold with the holder: a callback it left running queues like any other call", async () => {
        const { dir, writer } = await setup();
        const order: string[] = [];
        const later = gate();
        let leftRunning: Promise<void> | undefined;
        await writer.withLock(() => {
          leftRunning = later.opened.then(() => writer.withLock(() => Promise.resolve(void order.push("left running"))));
          return Promise.resolve();
        });
        await writer.withLock(async () => {
          order.push("next holder in");
          later.open();
          await turn();
          order.push("next holder out");
        });
        await leftRunning;
        expect(order).toEqual(["next holder in", "next holder out", "left running"]);
        await done(dir);
      });

      it("is not shared with another writer on the same clone: that one waits for the lock, then gives up", async () => {
        const { dir, writer, head } = await setup();
        const other = await createGitWriter({ cwd: dir, ...driver.options, lockTimeoutMs: 100 });
        writers.push(other);
        const before = head();
        await writer.withLock(async () => {
          await expect(other.apply([{ path: "backlog/1-a.md", content: task(1, "A") }], record("add #1"))).rejects.toMatchObject({
            code: "conflict",
            message: expect.stringMatching(/holds the lock/),
          });
        });
        expect(existsSync(join(dir, "backlog/1-a.md"))).toBe(false);
        expect(head()).toBe(before);
        await done(dir);
      });
    });

    it("close() leaves nothing behind, can be called twice, and a long-running writer's warm copy goes with it", async () => {
      const { dir, writer } = await setup({ prestartIndexRefresh: true });
      await writer.apply([{ path: "backlog/1-a.md", content: task(1, "A") }], record("add #1"));
      await writer.apply([{ path: "backlog/1-a.md", content: task(1, "A", "done") }], record("done #1"));
      // A writer that commits prepares the next commit's index copy once idle: close() with it in hand.
      if (driver.options.commit) await eventually(() => (leftovers(dir).some((name) => name.startsWith("backlog-index-")) ? true : undefined), 5_000);
      await writer.close();
      await writer.close();
      await done(dir);
      expect(read(dir, "backlog/1-a.md")).toBe(task(1, "A", "done"));
    });
  });
}
