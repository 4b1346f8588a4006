import { describe, expect, it } from "vitest";
import { problemRemedies, type Problem } from "../../../../src/domain/problem.js";
import { checkBacklog } from "../../../../src/domain/rules/index.js";
import type { Task } from "../../../../src/domain/task.js";
import { task } from "../task-fixture.js";

const check = (tasks: Task[], archivedIds?: ReadonlySet<number>) => checkBacklog(tasks, { dir: "backlog", archivedIds });
const codes = (problems: Problem[]) => problems.map((problem) => `${problem.code}:${problem.id}:${problem.severity}`);

describe("checkBacklog", () => {
  it("finds nothing wrong in a healthy backlog", () => {
    expect(check([task(1), task(2, { depends: [1], parent: 1 }), task(3, { path: "backlog/3.md" })])).toEqual([]);
  });

  it("reports a missing dependency with the file and how to fix it", () => {
    const problems = check([task(12, { depends: [7, 8, 1] }), task(1)]);
    expect(problems).toEqual([
      {
        file: "backlog/12-task-12.md",
        id: 12,
        code: "missing-dependency",
        severity: "error",
        message: "#12 depends on #7 and #8, which do not exist. Remove 7, 8 from `depends` in backlog/12-task-12.md, or restore the missing task.",
      },
    ]);
  });

  it("does not report references to archived tasks as missing", () => {
    expect(check([task(12, { depends: [7], parent: 3 })], new Set([3, 7]))).toEqual([]);
  });

  it("reports a self-dependency, and not as a cycle", () => {
    const problems = check([task(4, { depends: [4] })]);
    expect(codes(problems)).toEqual(["self-dependency:4:error"]);
    expect(problems[0]!.message).toContain("Remove 4 from `depends` in backlog/4-task-4.md");
  });

  it("warns, never errs, about a related task that is missing or the task itself", () => {
    const problems = check([task(12, { related: [12, 7, 1, 3] }), task(1)], new Set([3]));
    expect(codes(problems)).toEqual(["self-related:12:warning", "missing-related:12:warning"]);
    expect(problems[0]!.message).toBe("#12 is related to itself. Remove 12 from `related` in backlog/12-task-12.md.");
    expect(problems[1]!.message).toBe("#12 is related to #7, which does not exist. Remove 7 from `related` in backlog/12-task-12.md, or restore the missing task.");
  });

  it("never reports related links as a cycle", () => {
    expect(check([task(1, { related: [2] }), task(2, { related: [1] })])).toEqual([]);
  });

  it("reports a dependency cycle once, with its path, on the first task's file", () => {
    const problems = check([task(9, { depends: [4] }), task(4, { depends: [9] })]);
    expect(codes(problems)).toEqual(["dependency-cycle:4:error"]);
    expect(problems[0]!.file).toBe("backlog/4-task-4.md");
    expect(problems[0]!.message).toContain("Dependency cycle 4 → 9 → 4");
    expect(problems[0]!.message).toContain("e.g. 9 from `depends` of #4");
  });

  it("reports a missing parent", () => {
    const problems = check([task(5, { parent: 3 })]);
    expect(codes(problems)).toEqual(["missing-parent:5:error"]);
    expect(problems[0]!.message).toContain("#5 has parent #3, which does not exist");
  });

  it("reports parent cycles with their path, and a task that is its own parent", () => {
    const problems = check([task(3, { parent: 5 }), task(5, { parent: 3 }), task(8, { parent: 8 })]);
    expect(codes(problems)).toEqual(["parent-cycle:3:error", "parent-cycle:8:error"]);
    expect(problems[0]!.message).toContain("Parent cycle 3 → 5 → 3");
    expect(problems[1]!.message).toContain("#8 is its own parent");
  });

  it("reports a duplicate id on every file that uses it, naming them all", () => {
    const problems = check([task(12), task(12, { path: "backlog/12-other.md" })]);
    expect(codes(problems)).toEqual(["duplicate-id:12:error", "duplicate-id:12:error"]);
    expect(problems.map((problem) => problem.file)).toEqual(["backlog/12-task-12.md", "backlog/12-other.md"]);
    for (const problem of problems) {
      expect(problem.message).toContain("backlog/12-task-12.md, backlog/12-other.md");
      expect(problemRemedies(problem)).toEqual([{ use: "doctor-fix", does: "gives the newer task a new id (references to it are updated)" }]);
    }
  });

  it("warns when the file name does not match the id", () => {
    const tasks = [
      task(12, { path: "backlog/13-auth.md" }),
      task(14, { path: "backlog/014-auth.md" }),
      task(15, { path: "backlog/15-.md" }),
      task(16, { path: "backlog/16auth.md" }),
      task(17, { path: "backlog/17-auth.md" }),
      task(18, { path: "backlog/18.md" }),
      task(19, { path: "backlog/archive/2026-Q4/19-x.md" }),
    ];
    const problems = check(tasks);
    expect(codes(problems)).toEqual(["file-name:12:warning", "file-name:14:warning", "file-name:15:warning", "file-name:16:warning"]);
    expect(problems[0]!.message).toContain("expected backlog/12-<slug>.md");
  });

  it("warns about a done parent with open children, but not about a recurring series", () => {
    const problems = check([
      task(3, { status: "done" }),
      task(5, { parent: 3 }),
      task(6, { parent: 3, status: "active" }),
      task(7, { parent: 3, status: "done" }),
      task(10, { status: "done", recur: "weekly" }),
      task(11, { parent: 10, recur: "weekly" }),
    ]);
    expect(codes(problems)).toEqual(["done-parent-open-child:3:warning"]);
    expect(problems[0]!.message).toBe("#3 is done but its children #5 and #6 are still open. Finish or delete them, or reopen #3.");
  });

  it("keeps going past one bad task: every problem is reported", () => {
    const problems = check([task(1, { depends: [1, 99] }), task(2, { depends: [3] }), task(3, { depends: [2] }), task(4, { parent: 40, path: "x/4x.md" })]);
    expect(codes(problems).sort()).toEqual(
      ["dependency-cycle:2:error", "file-name:4:warning", "missing-dependency:1:error", "missing-parent:4:error", "self-dependency:1:error"].sort(),
    );
  });
});
