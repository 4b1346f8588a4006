import { describe, expect, it } from "vitest";
import type { Problem } from "../../../../src/domain/problem.js";
import { checkWrite, hasErrors } from "../../../../src/domain/rules/index.js";
import type { Task } from "../../../../src/domain/task.js";
import { task } from "../task-fixture.js";

const backlog = (...tasks: Task[]) => new Map(tasks.map((t) => [t.id, t]));
const codes = (problems: Problem[]) => problems.map((problem) => `${problem.code}:${problem.severity}`);

/** The backlog after writing `after` over `before`, checked as the service does. */
function write(before: Task | undefined, after: Task, others: Task[], options: { force?: boolean; archivedIds?: Set<number> } = {}) {
  return checkWrite(after, backlog(...others, after), { ...options, before });
}

describe("checkWrite", () => {
  it("accepts an ordinary change", () => {
    const before = task(1);
    expect(write(before, { ...before, priority: "H", depends: [2] }, [task(2)])).toEqual([]);
  });

  it("refuses a new dependency on a missing task, and only warns about one it already had", () => {
    const before = task(1, { depends: [7] });
    const problems = write(before, { ...before, depends: [7, 8] }, []);
    expect(codes(problems)).toEqual(["missing-dependency:error", "missing-dependency:warning"]);
    expect(problems[0]!.message).toContain("cannot depend on #8: no such task");
    expect(problems[1]!.message).toContain("still depends on #7");
    expect(hasErrors(write(before, { ...before, title: "Renamed" }, []))).toBe(false);
  });

  it("refuses a new or changed title that is not one line of at most 500 characters, and only warns about one a hand edit left", () => {
    expect(codes(write(undefined, task(1, { title: "a\nb" }), []))).toEqual(["bad-field:error"]);
    expect(codes(write(task(1), { ...task(1), title: "x".repeat(501) }, []))).toEqual(["bad-field:error"]);
    const handEdited = task(1, { title: "a\nb" });
    expect(codes(write(handEdited, { ...handEdited, priority: "H" }, []))).toEqual(["bad-field:warning"]);
    expect(write(handEdited, { ...handEdited, title: "a b" }, [])).toEqual([]);
  });

  it("accepts a dependency on an archived task", () => {
    expect(write(undefined, task(1, { depends: [7] }), [], { archivedIds: new Set([7]) })).toEqual([]);
  });

  it("refuses a self-dependency", () => {
    const before = task(4);
    expect(codes(write(before, { ...before, depends: [4] }, []))).toEqual(["self-dependency:error"]);
  });

  it("refuses a task related to itself, and only warns when the file already said so", () => {
    const before = task(4, { related: [2] });
    const problems = write(before, { ...before, related: [2, 4] }, [task(2)]);
    expect(codes(problems)).toEqual(["self-related:error"]);
    expect(problems[0]!.message).toContain("#4 cannot be related to itself");
    const carried = task(4, { related: [4] });
    expect(codes(write(carried, { ...carried, title: "Renamed" }, []))).toEqual(["self-related:warning"]);
  });

  it("only warns about a related task that does not exist, and never about an archived one", () => {
    const before = task(1);
    const problems = write(before, { ...before, related: [2, 8] }, [task(2)]);
    expect(codes(problems)).toEqual(["missing-related:warning"]);
    expect(problems[0]!.message).toContain("#1 is related to #8: no such task");
    expect(write(undefined, task(1, { related: [7] }), [], { archivedIds: new Set([7]) })).toEqual([]);
  });

  it("never counts related links as dependencies: no cycle, no block", () => {
    const before = task(4);
    expect(write(before, { ...before, related: [9] }, [task(9, { related: [4], depends: [4] })])).toEqual([]);
  });

  it("refuses a dependency that closes a cycle and names the path", () => {
    const before = task(4);
    const problems = write(before, { ...before, depends: [9] }, [task(9, { depends: [5] }), task(5, { depends: [4] })]);
    expect(codes(problems)).toEqual(["dependency-cycle:error"]);
    expect(problems[0]!.message).toContain("4 → 9 → 5 → 4");
  });

  it("refuses a cycle made by two tasks of one batch", () => {
    const a = task(1, { depends: [2] });
    const b = task(2, { depends: [1] });
    const all = backlog(a, b);
    expect(hasErrors(checkWrite(a, all, { before: task(1) }))).toBe(true);
  });

  it("does not refuse an unrelated edit of a task already in a cycle", () => {
    const before = task(4, { depends: [9] });
    expect(write(before, { ...before, title: "x" }, [task(9, { depends: [4] })])).toEqual([]);
  });

  it("refuses a missing parent and a parent cycle", () => {
    expect(codes(write(task(1), task(1, { parent: 3 }), []))).toEqual(["missing-parent:error"]);
    const problems = write(task(1), task(1, { parent: 2 }), [task(2, { parent: 1 })]);
    expect(codes(problems)).toEqual(["parent-cycle:error"]);
    expect(problems[0]!.message).toContain("1 → 2 → 1");
    expect(write(task(1), task(1, { parent: 1 }), [])[0]!.message).toContain("#1 cannot be its own parent");
  });

  it("refuses finishing a parent while children are open, unless forced", () => {
    const before = task(3);
    const after: Task = { ...before, status: "done" };
    const others = [task(5, { parent: 3 }), task(6, { parent: 3, status: "done" })];
    const refused = write(before, after, others);
    expect(codes(refused)).toEqual(["done-parent-open-child:error"]);
    expect(refused[0]!.message).toContain("#3 cannot be done while its child #5 is open");
    expect(codes(write(before, after, others, { force: true }))).toEqual(["done-parent-open-child:warning"]);
  });

  it("lets a batch finish a parent and its children together", () => {
    const parent = task(3, { status: "done" });
    const child = task(5, { parent: 3, status: "done" });
    expect(hasErrors(checkWrite(parent, backlog(parent, child), { before: task(3) }))).toBe(false);
  });

  it("refuses opening a child under a done parent, unless forced, but not the next occurrence of a series", () => {
    const parent = task(3, { status: "done" });
    expect(codes(write(undefined, task(5, { parent: 3 }), [parent]))).toEqual(["done-parent-open-child:error"]);
    expect(codes(write(task(5, { parent: 3, status: "deleted" }), task(5, { parent: 3 }), [parent], { force: true }))).toEqual([
      "done-parent-open-child:warning",
    ]);
    const series = task(10, { status: "done", recur: "weekly" });
    expect(write(undefined, task(11, { parent: 10, recur: "weekly" }), [series])).toEqual([]);
  });

  it("without `before`, treats the task as new: every problem is an error", () => {
    const t = task(1, { depends: [7] });
    expect(codes(checkWrite(t, backlog(t)))).toEqual(["missing-dependency:error"]);
  });

  it("warns about a file name that does not match the id", () => {
    expect(codes(write(undefined, task(1, { path: "backlog/2-x.md" }), []))).toEqual(["file-name:warning"]);
  });
});
