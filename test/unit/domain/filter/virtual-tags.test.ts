import { describe, expect, it } from "vitest";
import { VIRTUAL_TAGS } from "../../../../src/domain/filter/index.js";
import { entry, select } from "./fixtures.js";

// NOW is Friday 2026-11-20 12:00 UTC.
const backlog = [
  entry({ id: 1, status: "pending", tags: ["x"], due: "2026-11-20" }, { ready: true, today: true, blocking: true, children: [3] }),
  entry({ id: 2, status: "pending", depends: [1], due: "2026-11-21T09:00:00Z" }, { blocked: true, blockedBy: [1] }),
  entry({ id: 3, status: "active", parent: 1, due: "2026-11-19", priority: "H" }, { overdue: true }),
  entry({ id: 4, status: "pending", wait: "2026-12-01", project: "web", scheduled: "2026-11-25" }, { waiting: true }),
  entry({ id: 5, status: "done", due: "2026-11-16", recur: "weekly", notes: [{ time: "2026-11-01T00:00:00Z", author: "a", text: "n" }] }),
  entry({ id: 6, status: "deleted", due: "2026-12-31" }),
  entry({ id: 7, status: "pending", due: "2027-01-04" }),
];

describe("virtual tags", () => {
  it.each([
    ["+READY", [1]],
    ["+BLOCKED", [2]],
    ["+UNBLOCKED", [1, 3, 4, 5, 6, 7]],
    ["+BLOCKING", [1]],
    ["+ACTIVE", [3]],
    ["+OVERDUE", [3]],
    ["+WAITING", [4]],
    ["+TODAY", [1]],
    ["+TOMORROW", [2]],
    ["+YESTERDAY", [3]],
    ["+WEEK", [1, 2, 3, 5]],
    ["+MONTH", [1, 2, 3, 5]],
    ["+QUARTER", [1, 2, 3, 5, 6]],
    ["+YEAR", [1, 2, 3, 5, 6]],
    ["+TAGGED", [1]],
    ["+ANNOTATED", [5]],
    ["+PARENT", [1]],
    ["+CHILD", [3]],
    ["+PENDING", [1, 2, 4, 7]],
    ["+COMPLETED", [5]],
    ["+DELETED", [6]],
    ["+PROJECT", [4]],
    ["+PRIORITY", [3]],
    ["+DUE", [1, 2]],
    ["+SCHEDULED", [4]],
    ["+RECURRING", [5]],
  ] as const)("%s selects %j", (filter, ids) => {
    expect(select(filter, backlog)).toEqual(ids);
  });

  it("negates every virtual tag with -", () => {
    const all = backlog.map(({ task }) => task.id);
    for (const tag of VIRTUAL_TAGS) {
      const positive = select(`+${tag}`, backlog);
      expect(select(`-${tag}`, backlog), tag).toEqual(all.filter((id) => !positive.includes(id)));
    }
  });

  it("has a test above for every virtual tag", () => {
    expect(VIRTUAL_TAGS).toHaveLength(26);
  });

  it("combines with attributes and operators", () => {
    expect(select("+PENDING -BLOCKED -WAITING", backlog)).toEqual([1, 7]);
    expect(select("+OVERDUE or +TODAY", backlog)).toEqual([1, 3]);
    expect(select("not +PENDING", backlog)).toEqual([3, 5, 6]);
  });
});
