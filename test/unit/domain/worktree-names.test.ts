import { describe, expect, it } from "vitest";
import { branchNameProblem, idFromBranch, taskBranchName, worktreeFolderName, worktreeLocation } from "../../../src/domain/worktree-names.js";

describe("task branch names", () => {
  it("takes the first words of the title, lowercased, runs of other characters as -", () => {
    expect(taskBranchName(12, "Fix the Login page: redirect loop", 4)).toBe("12-fix-the-login-page");
    expect(taskBranchName(3, "Fix the Login page", 2)).toBe("3-fix-the");
  });

  it("falls back to task-<id> when the title keeps nothing", () => {
    expect(taskBranchName(7, "🔥 !!! 🔥", 4)).toBe("task-7");
  });

  it("turns hostile titles into safe names", () => {
    for (const title of ["../../etc", "x.lock", "a @{u} b", "-rf /", ".hidden", "ü".repeat(300), "a..b"]) {
      const name = taskBranchName(1, title, 4);
      expect(branchNameProblem(name)).toBeUndefined();
      expect(name).toMatch(/^(\d+-[a-z0-9-]+|task-\d+)$/);
    }
  });

  it("refuses hand-made names git or a folder would trip on", () => {
    for (const name of ["", "-x", ".x", "a..b", "a@{b", "x.lock", "a b", "a/", "a//b", "x".repeat(101)]) expect(branchNameProblem(name)).toBeDefined();
    expect(branchNameProblem("feature/12-x")).toBeUndefined();
  });

  it("reads the id back from a branch", () => {
    expect(idFromBranch("12-fix-login")).toBe(12);
    expect(idFromBranch("task-7")).toBe(7);
    expect(idFromBranch("main")).toBeUndefined();
  });
});

describe("worktree folders", () => {
  it("sit beside the repository, prefixed by its folder unless prefix is none", () => {
    expect(worktreeFolderName("project", "12-x", "project")).toBe("project-12-x");
    expect(worktreeFolderName("project", "12-x", "none")).toBe("12-x");
    expect(worktreeLocation("/src/project", "project-12-x", undefined)).toBe("/src/project-12-x");
    expect(worktreeLocation("/src/project", "12-x", "../trees")).toBe("/src/trees/12-x");
  });

  it("never leave the worktree root", () => {
    for (const name of ["..", "../x", "a/../../b", "/etc"]) expect(() => worktreeLocation("/src/project", name, "../trees")).toThrow(/would not sit directly/);
  });
});
