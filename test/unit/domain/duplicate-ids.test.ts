import { describe, expect, it } from "vitest";
import { planRenumbering } from "../../../src/domain/duplicate-ids.js";
import { task } from "./task-fixture.js";

describe("planRenumbering", () => {
  it("renumbers the newer copy and the references of tasks created after it", () => {
    const tasks = [
      task(2, { path: "backlog/2-ours.md", created: "2026-11-18T10:00:00Z" }),
      task(2, { path: "backlog/2-theirs.md", created: "2026-11-18T11:00:00Z" }),
      task(3, { created: "2026-11-18T12:00:00Z", depends: [2, 1], parent: 2 }),
      task(4, { created: "2026-11-18T10:30:00Z", depends: [2] }),
      task(5, { depends: [2] }),
    ];
    expect(planRenumbering(tasks, 6)).toEqual({
      renumbered: [{ path: "backlog/2-theirs.md", from: 2, to: 6, decidedBy: "created" }],
      rewrites: [{ path: "backlog/3-task-3.md", depends: [6, 1], parent: 6 }],
    });
  });

  it("renumbers references in related like those in depends", () => {
    const tasks = [
      task(2, { path: "backlog/2-ours.md", created: "2026-11-18T10:00:00Z" }),
      task(2, { path: "backlog/2-theirs.md", created: "2026-11-18T11:00:00Z" }),
      task(3, { created: "2026-11-18T12:00:00Z", related: [1, 2] }),
    ];
    expect(planRenumbering(tasks, 6).rewrites).toEqual([{ path: "backlog/3-task-3.md", related: [1, 6] }]);
  });

  it("falls back to the file name when created does not tell, and handles three copies", () => {
    const tasks = [task(7, { path: "backlog/7-c.md" }), task(7, { path: "backlog/7-a.md" }), task(7, { path: "backlog/7-b.md" })];
    expect(planRenumbering(tasks, 10).renumbered).toEqual([
      { path: "backlog/7-b.md", from: 7, to: 10, decidedBy: "created" },
      { path: "backlog/7-c.md", from: 7, to: 11, decidedBy: "created" },
    ]);
  });

  it("plans nothing without duplicates", () => {
    expect(planRenumbering([task(1), task(2, { depends: [1] })], 3)).toEqual({ renumbered: [], rewrites: [] });
  });

  describe("by history, when the caller can tell which copy arrived through a merge", () => {
    // Local #2 was created after the one that arrived: by created alone, the local one would move.
    const tasks = [
      task(2, { path: "backlog/2-ours.md", created: "2026-11-18T11:00:00Z" }),
      task(2, { path: "backlog/2-theirs.md", created: "2026-11-18T10:00:00Z" }),
      task(3, { path: "backlog/3-ours.md", created: "2026-11-18T12:00:00Z", depends: [2] }),
      task(4, { path: "backlog/4-theirs.md", created: "2026-11-18T10:30:00Z", depends: [2] }),
      task(5, { path: "backlog/5-old.md", created: "2026-11-18T09:00:00Z", depends: [2] }),
    ];
    const sides: Record<string, "local" | "arrived"> = { "backlog/2-ours.md": "local", "backlog/2-theirs.md": "arrived", "backlog/3-ours.md": "local", "backlog/4-theirs.md": "arrived" };
    const sideOf = (path: string): "local" | "arrived" | undefined => sides[path];

    it("renumbers the copy that arrived, and each side's references follow their own side's copy", () => {
      expect(planRenumbering(tasks, 6, { sideOf })).toEqual({
        renumbered: [{ path: "backlog/2-theirs.md", from: 2, to: 6, decidedBy: "history" }],
        rewrites: [{ path: "backlog/4-theirs.md", depends: [6] }],
      });
    });

    it("falls back to created where history cannot tell (both copies on one side), and says so", () => {
      expect(planRenumbering(tasks, 6, { sideOf: () => "local" }).renumbered).toEqual([{ path: "backlog/2-ours.md", from: 2, to: 6, decidedBy: "created" }]);
    });

    it("keeps the id of the file the user names, whatever history and created say", () => {
      expect(planRenumbering(tasks, 6, { sideOf, keep: ["backlog/2-theirs.md"] }).renumbered).toEqual([{ path: "backlog/2-ours.md", from: 2, to: 6, decidedBy: "keep" }]);
    });
  });
});
