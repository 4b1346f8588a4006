import { describe, expect, it } from "vitest";
import { DEFAULT_URGENCY } from "../../../src/domain/config.js";
import { BacklogError } from "../../../src/domain/errors.js";
import { buildGraph } from "../../../src/domain/graph.js";
import { parseSortSpec, sortTasks } from "../../../src/domain/sort.js";
import type { Task } from "../../../src/domain/task.js";
import { NOW, task } from "./task-fixture.js";

const ids = (tasks: Task[]) => tasks.map((t) => t.id);
const sorted = (tasks: Task[], spec: string) => ids(sortTasks(tasks, spec, buildGraph(tasks, NOW, DEFAULT_URGENCY).facts));

describe("parseSortSpec", () => {
  it("reads Taskwarrior's + and - suffixes, no suffix meaning ascending, and its aliases", () => {
    expect(parseSortSpec("urgency-,due+, project ,description-/")).toEqual([
      { field: "urgency", direction: "desc" },
      { field: "due", direction: "asc" },
      { field: "project", direction: "asc" },
      { field: "title", direction: "desc" },
    ]);
    expect(parseSortSpec("story-points-")).toEqual([{ field: "story-points", direction: "desc" }]);
    expect(parseSortSpec("")).toEqual([]);
  });

  it("refuses a bad key with a usage error naming it", () => {
    for (const [spec, key] of [
      ["urgency-,,id+", ""],
      ["due*", "due*"],
      ["+", "+"],
      ["id+,-due", "-due"],
    ] as const) {
      let caught: unknown;
      try {
        parseSortSpec(spec);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(BacklogError);
      expect((caught as BacklogError).code).toBe("usage");
      expect((caught as BacklogError).data.key).toBe(key);
      expect((caught as BacklogError).message).toContain(`"${key}"`);
    }
  });

  it("with a user-field check, refuses a key that is no field, listing the keys; accepts fields, aliases and known user fields", () => {
    const isUserField = (name: string) => name === "estimate";
    expect(parseSortSpec("priority-,entry+,urgency-,notes,estimate-", isUserField).map((key) => key.field)).toEqual(["priority", "created", "urgency", "notes", "estimate"]);
    expect(() => parseSortSpec("urgency-,bogus+", isUserField)).toThrow(/Unknown sort key "bogus".*Sort keys: id, title, status, priority,.*urgency/);
    expect(() => parseSortSpec("bogus+")).not.toThrow();
  });

  it("suggests the key a typo meant", () => {
    expect(() => parseSortSpec("urgncy-", () => false)).toThrow(/^Unknown sort key "urgncy" in "urgncy-"; did you mean urgency\? Sort keys: /);
    expect(() => parseSortSpec("bogus+", () => false)).toThrow(/^Unknown sort key "bogus" in "bogus\+"\. Sort keys: /);
  });
});

describe("sortTasks", () => {
  it("sorts by urgency descending, then id", () => {
    const tasks = [task(1), task(2, { priority: "L" }), task(3, { priority: "H" }), task(4, { priority: "L" })];
    expect(sorted(tasks, "urgency-")).toEqual([3, 2, 4, 1]);
  });

  it("compares dates as instants, whatever their shape, with missing dates last both ways", () => {
    const tasks = [
      task(1, { due: "2026-12-01" }),
      task(2),
      task(3, { due: "2026-11-30T23:00:00-02:00" }), // 2026-12-01T01:00Z
      task(4, { due: "2026-11-30T12:00:00Z" }),
    ];
    expect(sorted(tasks, "due+")).toEqual([4, 1, 3, 2]);
    expect(sorted(tasks, "due-")).toEqual([3, 1, 4, 2]);
  });

  it("orders priority H > M > L and status by lifecycle", () => {
    const tasks = [task(1, { priority: "L" }), task(2, { priority: "H" }), task(3), task(4, { priority: "M" })];
    expect(sorted(tasks, "priority-")).toEqual([2, 4, 1, 3]);
    const statuses = [task(1, { status: "done" }), task(2, { status: "active" }), task(3, { status: "deleted" }), task(4)];
    expect(sorted(statuses, "status+")).toEqual([4, 2, 1, 3]);
  });

  it("sorts text case-insensitively with numbers in order", () => {
    const tasks = [task(1, { title: "task 10" }), task(2, { title: "Task 9" }), task(3, { title: "alpha" })];
    expect(sorted(tasks, "title+")).toEqual([3, 2, 1]);
  });

  it("sorts by user fields: numbers numerically, then text, missing last", () => {
    const tasks = [task(1, { user: { points: 13 } }), task(2, { user: { points: 2 } }), task(3), task(4, { user: { points: "big" } })];
    expect(sorted(tasks, "points+")).toEqual([2, 1, 4, 3]);
    expect(sorted(tasks, "points-")).toEqual([4, 1, 2, 3]);
  });

  it("uses later keys to break ties, and id last", () => {
    const tasks = [task(4, { project: "b" }), task(3, { project: "a", priority: "L" }), task(2, { project: "a", priority: "H" }), task(1, { project: "b" })];
    expect(sorted(tasks, "project+,priority-")).toEqual([2, 3, 1, 4]);
  });

  it("sorts by computed facts: blocked tasks after ready ones", () => {
    const tasks = [task(1, { depends: [2] }), task(2), task(3)];
    expect(sorted(tasks, "blocked+")).toEqual([2, 3, 1]);
  });

  it("does not modify its input", () => {
    const tasks = [task(2), task(1)];
    sorted(tasks, "id+");
    expect(ids(tasks)).toEqual([2, 1]);
  });
});
