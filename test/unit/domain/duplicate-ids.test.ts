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
      renumbered: [{ path: "backlog/2-theirs.md", from: 2, to: 6 }],
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
      { path: "backlog/7-b.md", from: 7, to: 10 },
      { path: "backlog/7-c.md", from: 7, to: 11 },
    ]);
  });

  it("plans nothing without duplicates", () => {
    expect(planRenumbering([task(1), task(2, { depends: [1] })], 3)).toEqual({ renumbered: [], rewrites: [] });
  });
});
