import { describe, expect, it } from "vitest";
import { sameBody, taskDifference } from "../../../src/domain/task-diff.js";
import type { Task } from "../../../src/domain/task.js";

function task(fields: Partial<Task>): Task {
  return { id: 1, title: "A", status: "pending", tags: [], depends: [], related: [], user: {}, body: "", notes: [], path: "backlog/1-a.md", ...fields };
}

describe("the difference between two versions of a task", () => {
  it("is empty when only the order of user fields or map keys, or modified, differs", () => {
    const before = task({ user: { a: 1, b: { x: 1, y: 2 } }, modified: "2026-01-01" });
    const after = task({ user: { b: { y: 2, x: 1 }, a: 1 }, modified: "2026-02-01" });
    expect(taskDifference(before, after)).toEqual({});
  });

  it("sets what changed and removes what the new version lacks, known and user fields alike", () => {
    const before = task({ priority: "H", tags: ["a"], user: { estimate: 3, gone: "x" } });
    const after = task({ status: "done", ended: "2026-11-18T10:00:00Z", user: { estimate: 4 } });
    expect(taskDifference(before, after)).toEqual({ status: "done", priority: null, tags: null, ended: "2026-11-18T10:00:00Z", estimate: 4, gone: null });
  });

  it("compares bodies without their trailing blank lines", () => {
    expect(sameBody("# Doc\n\n", "# Doc\n")).toBe(true);
    expect(sameBody("# Doc\n", "# Doc 2\n")).toBe(false);
  });
});
