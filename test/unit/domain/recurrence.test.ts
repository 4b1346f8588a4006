import { describe, expect, it } from "vitest";
import { BacklogError } from "../../../src/domain/errors.js";
import { addPeriod, nextOccurrence, parseRecur, withoutNotes } from "../../../src/domain/recurrence.js";
import { NOW, task } from "./task-fixture.js";

describe("parseRecur", () => {
  it("reads named periods and durations", () => {
    expect(parseRecur("daily")).toEqual({ amount: 1, unit: "day" });
    expect(parseRecur("Weekly")).toEqual({ amount: 1, unit: "week" });
    expect(parseRecur("monthly")).toEqual({ amount: 1, unit: "month" });
    expect(parseRecur("yearly")).toEqual({ amount: 1, unit: "year" });
    expect(parseRecur("2w")).toEqual({ amount: 2, unit: "week" });
    expect(parseRecur("3d")).toEqual({ amount: 3, unit: "day" });
    expect(parseRecur("1mo")).toEqual({ amount: 1, unit: "month" });
    expect(parseRecur("1y")).toEqual({ amount: 1, unit: "year" });
    expect(parseRecur("12h")).toEqual({ amount: 12, unit: "hour" });
    expect(parseRecur("2 weeks")).toEqual({ amount: 2, unit: "week" });
  });

  it("refuses the unit m, which could mean minutes or months, and names min and mo", () => {
    expect(() => parseRecur("2m")).toThrow('Bad recur value "2m": "m" could mean minutes or months; write min for minutes or mo for months (2min, 2mo).');
  });

  it("refuses anything else with an invalid error naming the value", () => {
    for (const bad of ["sometimes", "0d", "2m", "-1w", "w", "1.5d", ""]) {
      let caught: unknown;
      try {
        parseRecur(bad);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(BacklogError);
      expect((caught as BacklogError).code).toBe("invalid");
      expect((caught as BacklogError).message).toContain(`"${bad}"`);
    }
  });
});

describe("addPeriod", () => {
  it("clamps the day at the end of a shorter month", () => {
    expect(addPeriod("2026-01-31", { amount: 1, unit: "month" })).toBe("2026-02-28");
    expect(addPeriod("2028-01-31", { amount: 1, unit: "month" })).toBe("2028-02-29");
    expect(addPeriod("2026-03-31", { amount: 1, unit: "month" })).toBe("2026-04-30");
    expect(addPeriod("2026-11-30", { amount: 3, unit: "month" })).toBe("2027-02-28");
    expect(addPeriod("2028-02-29", { amount: 1, unit: "year" })).toBe("2029-02-28");
  });

  it("crosses month and year ends by days and weeks", () => {
    expect(addPeriod("2026-12-30", { amount: 3, unit: "day" })).toBe("2027-01-02");
    expect(addPeriod("2026-12-28", { amount: 1, unit: "week" })).toBe("2027-01-04");
  });

  it("keeps date-times as UTC date-times, with the time of day", () => {
    expect(addPeriod("2026-01-31T09:30:00Z", { amount: 1, unit: "month" })).toBe("2026-02-28T09:30:00Z");
    expect(addPeriod("2026-11-21T23:00:00+02:00", { amount: 1, unit: "day" })).toBe("2026-11-22T21:00:00Z");
    expect(addPeriod("2026-11-21T12:00:00.250Z", { amount: 1, unit: "day" })).toBe("2026-11-22T12:00:00.250Z");
  });

  it("turns a date into a date-time only for hours", () => {
    expect(addPeriod("2026-11-21", { amount: 12, unit: "hour" })).toBe("2026-11-21T12:00:00Z");
  });
});

describe("nextOccurrence", () => {
  const weekly = task(10, {
    title: "Weekly review",
    status: "done",
    recur: "weekly",
    due: "2026-11-20",
    scheduled: "2026-11-19",
    wait: "2026-11-18T08:00:00Z",
    priority: "M",
    tags: ["ops"],
    depends: [3],
    related: [4],
    assignee: "claude",
    user: { estimate: 2 },
    created: "2026-11-01T00:00:00Z",
    modified: "2026-11-20T00:00:00Z",
    started: "2026-11-20T09:00:00Z",
    ended: "2026-11-20T10:00:00Z",
    branch: "10-weekly-review",
    worktree: "../repo-10-weekly-review",
    body: "Check the board.\n\n## Notes\n- 2026-11-20T10:00:00Z claude: done\n",
    notes: [{ time: "2026-11-20T10:00:00Z", author: "claude", text: "done" }],
  });

  it("copies the task as pending with its dates moved and the run-specific fields dropped", () => {
    expect(nextOccurrence(weekly, NOW)).toEqual({
      title: "Weekly review",
      status: "pending",
      recur: "weekly",
      due: "2026-11-27",
      scheduled: "2026-11-26",
      wait: "2026-11-25T08:00:00Z",
      priority: "M",
      tags: ["ops"],
      depends: [3],
      related: [4],
      assignee: "claude",
      user: { estimate: 2 },
      parent: 10,
      body: "Check the board.\n",
    });
  });

  it("points every later occurrence at the first one", () => {
    const second = task(11, { status: "done", recur: "weekly", due: "2026-11-27", parent: 10 });
    expect(nextOccurrence(second, NOW)!.parent).toBe(10);
  });

  it("moves across a month end, clamping the day", () => {
    const monthly = task(1, { recur: "monthly", due: "2027-01-31T17:00:00Z", status: "done" });
    expect(nextOccurrence(monthly, NOW)!.due).toBe("2027-02-28T17:00:00Z");
  });

  it("stops after until", () => {
    const last = task(1, { recur: "weekly", due: "2026-12-20", until: "2026-12-26", status: "done" });
    expect(nextOccurrence(last, NOW)).toBeUndefined();
    const fits = task(1, { recur: "weekly", due: "2026-12-19", until: "2026-12-26", status: "done" });
    expect(nextOccurrence(fits, NOW)!.due).toBe("2026-12-26");
  });

  it("schedules a task without dates one period after today", () => {
    const next = nextOccurrence(task(1, { recur: "daily", status: "done" }), NOW)!;
    expect(next.scheduled).toBe("2026-11-22");
    expect(next.due).toBeUndefined();
    expect("due" in next).toBe(false);
  });

  it("does nothing without recur and refuses a bad one", () => {
    expect(nextOccurrence(task(1, { status: "done" }), NOW)).toBeUndefined();
    expect(() => nextOccurrence(task(1, { recur: "fortnight-ish", status: "done" }), NOW)).toThrow(/Bad recur value "fortnight-ish"/);
  });

  it("does not share lists or user fields with the finished task", () => {
    const next = nextOccurrence(weekly, NOW)!;
    next.tags.push("x");
    (next.user.estimate as number) += 1;
    expect(weekly.tags).toEqual(["ops"]);
    expect(weekly.user.estimate).toBe(2);
  });
});

describe("withoutNotes", () => {
  it("drops the trailing notes section and keeps the rest", () => {
    expect(withoutNotes("## Notes\n- a: b\n")).toBe("");
    expect(withoutNotes("Spec\r\n\r\n## Notes\r\n- x\r\n")).toBe("Spec\r\n");
    expect(withoutNotes("No notes here\n")).toBe("No notes here\n");
  });
});

describe("parseRecur and inherited names", () => {
  it("refuses names that only exist on Object's prototype", () => {
    expect(() => parseRecur("constructor")).toThrow(/Bad recur value/);
    expect(() => parseRecur("3tostring")).toThrow(/Bad recur value/);
  });
});
