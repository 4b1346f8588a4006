import { describe, expect, it } from "vitest";
import { entry, select } from "./fixtures.js";

// NOW is Friday 2026-11-20 12:00 UTC.
const backlog = [
  entry({ id: 1, due: "2026-11-27" }), // next Friday, date only (00:00)
  entry({ id: 2, due: "2026-11-27T17:30:00Z" }), // next Friday, afternoon
  entry({ id: 3, due: "2026-11-20T08:00:00Z" }), // today, this morning
  entry({ id: 4, due: "2026-11-19" }), // yesterday
  entry({ id: 5 }), // no due date
  entry({ id: 6, due: "not a date" }), // a broken hand edit
  entry({ id: 7, due: "2026-11-22T23:59:59Z" }), // the instant eow names
  entry({ id: 8, due: "2026-11-29T10:00:00+02:00" }), // an offset: 08:00 UTC
];

describe("date attributes", () => {
  it("due:<date> matches any time on that day", () => {
    expect(select("due:friday", backlog)).toEqual([1, 2]);
    expect(select("due:2026-11-27", backlog)).toEqual([1, 2]);
    expect(select("due.is:today", backlog)).toEqual([3]);
    expect(select("due:yesterday", backlog)).toEqual([4]);
    expect(select("due:2026-11-29", backlog)).toEqual([8]);
  });

  it("due:<instant> matches that instant only", () => {
    expect(select("due:2026-11-27T17:30:00Z", backlog)).toEqual([2]);
    expect(select("due:2026-11-27T17:30", backlog)).toEqual([2]);
    expect(select("due:eow", backlog)).toEqual([7]);
  });

  it(".before and .after are strict around the moment; .by includes it", () => {
    // friday = 2026-11-27T00:00Z
    expect(select("due.before:friday", backlog)).toEqual([3, 4, 7]);
    expect(select("due.after:friday", backlog)).toEqual([2, 8]);
    expect(select("due.by:friday", backlog)).toEqual([1, 3, 4, 7]);
    expect(select("due.below:2026-11-27", backlog)).toEqual([3, 4, 7]);
    expect(select("due.above:2026-11-27", backlog)).toEqual([2, 8]);
    expect(select("due.under:today", backlog)).toEqual([4]);
    expect(select("due.over:today", backlog)).toEqual([1, 2, 3, 7, 8]);
  });

  it("never matches a task without the date, or with a broken one", () => {
    for (const filter of ["due.before:2100-01-01", "due.after:1970-01-01", "due.by:later", "due:today"]) {
      const ids = select(filter, backlog);
      expect(ids, filter).not.toContain(5);
      expect(ids, filter).not.toContain(6);
    }
  });

  it("tests presence with due:, .none and .any; .not includes tasks without a due date", () => {
    expect(select("due:", backlog)).toEqual([5]);
    expect(select("due.none:", backlog)).toEqual([5]);
    expect(select("due.any:", backlog)).toEqual([1, 2, 3, 4, 6, 7, 8]);
    expect(select("due.not:friday", backlog)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(select("due.isnt:today", backlog)).toEqual([1, 2, 4, 5, 6, 7, 8]);
  });

  it("resolves relative dates against the injected clock", () => {
    expect(select("due.before:now", backlog)).toEqual([3, 4]);
    expect(select("due.after:now-5h", backlog)).toEqual([1, 2, 3, 7, 8]);
    expect(select("due.before:now-5h", backlog)).toEqual([4]);
    expect(select("due.before:+3d", backlog)).toEqual([3, 4, 7]);
    expect(select("due.before:eow", backlog)).toEqual([3, 4]);
    expect(select("due.by:eow", backlog)).toEqual([3, 4, 7]);
    expect(select("due.after:sow", backlog)).toEqual([1, 2, 3, 4, 7, 8]);
    expect(select("due.before:som", backlog)).toEqual([]);
    expect(select("due.after:eom", backlog)).toEqual([]);
    // The same filter on another clock selects other tasks.
    expect(select("due:today", backlog, new Date("2026-11-27T03:00:00Z"))).toEqual([1, 2]);
    expect(select("due:friday", backlog, new Date("2026-11-26T03:00:00Z"))).toEqual([1, 2]);
  });

  it("reads the stored text with string modifiers", () => {
    expect(select("due.startswith:2026-11-2", backlog)).toEqual([1, 2, 3, 7, 8]);
    expect(select("due.has:t17", backlog)).toEqual([2]);
    expect(select("due.endswith:+02:00", backlog)).toEqual([8]);
  });

  it("knows every date field and the Taskwarrior aliases", () => {
    const entries = [
      entry({ id: 1, created: "2026-11-01T09:00:00Z", modified: "2026-11-20T11:00:00Z", started: "2026-11-19", ended: "2026-11-20T10:30:00Z", scheduled: "2026-11-23", wait: "2026-11-21", until: "2026-12-31" }),
      entry({ id: 2, created: "2026-10-01T09:00:00Z", modified: "2026-11-18T11:00:00Z" }),
    ];
    expect(select("entry.after:2026-10-15", entries)).toEqual([1]);
    expect(select("created.before:som", entries)).toEqual([2]);
    expect(select("modified.after:now-2h", entries)).toEqual([1]);
    expect(select("start:yesterday", entries)).toEqual([1]);
    expect(select("end.after:today", entries)).toEqual([1]);
    expect(select("ended:", entries)).toEqual([2]);
    expect(select("scheduled:monday", entries)).toEqual([1]);
    expect(select("wait:tomorrow", entries)).toEqual([1]);
    expect(select("until:eoy", entries)).toEqual([]);
    expect(select("until.by:eoy", entries)).toEqual([1]);
  });
});
