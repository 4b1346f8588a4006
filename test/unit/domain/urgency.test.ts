import { describe, expect, it } from "vitest";
import { DEFAULT_URGENCY } from "../../../src/domain/config.js";
import { buildGraph } from "../../../src/domain/graph.js";
import { computeUrgency, dueFactor, roundUrgency, urgencyTerms, type UrgencyFacts } from "../../../src/domain/urgency.js";
import { daysFrom, NOW, task } from "./task-fixture.js";

const NONE: UrgencyFacts = { blocked: false, blocking: false, waiting: false };
const urgency = (fields: Parameters<typeof task>[1], facts: UrgencyFacts = NONE) => computeUrgency(task(1, fields), facts, DEFAULT_URGENCY, NOW);
const note = (text: string) => ({ time: "2026-11-20T10:00:00Z", author: "claude", text });

describe("computeUrgency (Taskwarrior's default coefficients)", () => {
  it("is 0 for a bare task", () => {
    expect(urgency({})).toBe(0);
  });

  it("adds 15 for the next tag, which also counts as a tag (0.8)", () => {
    expect(urgency({ tags: ["next"] })).toBeCloseTo(15.8, 10);
  });

  it("scales the due term over 21 days: 0.2 from 14 days ahead to 1.0 at 7 days late, × 12", () => {
    expect(urgency({ due: daysFrom(NOW, 30) })).toBeCloseTo(2.4, 10); // capped at 0.2
    expect(urgency({ due: daysFrom(NOW, 14) })).toBeCloseTo(2.4, 10); // window start
    expect(urgency({ due: NOW.toISOString() })).toBeCloseTo(8.8, 10); // (14 × 0.8 / 21 + 0.2) × 12
    expect(urgency({ due: daysFrom(NOW, 3.5) })).toBeCloseTo(7.2, 10); // (10.5 × 0.8 / 21 + 0.2) × 12
    expect(urgency({ due: daysFrom(NOW, -3.5) })).toBeCloseTo(10.4, 10); // (17.5 × 0.8 / 21 + 0.2) × 12
    expect(urgency({ due: daysFrom(NOW, -7) })).toBeCloseTo(12, 10);
    expect(urgency({ due: daysFrom(NOW, -100) })).toBeCloseTo(12, 10);
  });

  it("reads a due date without time as 00:00 UTC", () => {
    // 2026-11-28 00:00 is 6.5 days after now: (7.5 × 0.8 / 21 + 0.2) × 12
    expect(urgency({ due: "2026-11-28" })).toBeCloseTo(((7.5 * 0.8) / 21 + 0.2) * 12, 10);
    expect(dueFactor(undefined, NOW.getTime())).toBe(0);
  });

  it("adds 8 when blocking and -5 when blocked", () => {
    expect(urgency({}, { ...NONE, blocking: true })).toBe(8);
    expect(urgency({}, { ...NONE, blocked: true })).toBe(-5);
  });

  it("adds 6 / 3.9 / 1.8 for priority H / M / L", () => {
    expect(urgency({ priority: "H" })).toBe(6);
    expect(urgency({ priority: "M" })).toBe(3.9);
    expect(urgency({ priority: "L" })).toBe(1.8);
  });

  it("is 0 for a done or deleted task, whatever its priority, due date, tags or age", () => {
    const fields = { priority: "H", due: daysFrom(NOW, -10), tags: ["next", "a"], project: "web", created: daysFrom(NOW, -400) } as const;
    expect(urgency({ ...fields, tags: [...fields.tags], status: "done" })).toBe(0);
    expect(urgency({ ...fields, tags: [...fields.tags], status: "deleted" })).toBe(0);
    expect(urgencyTerms(task(1, { ...fields, tags: [...fields.tags], status: "done" }), NONE, DEFAULT_URGENCY, NOW)).toEqual([]);
    expect(urgency({ ...fields, tags: [...fields.tags] })).toBeGreaterThan(30);
  });

  it("adds 4 for an active task", () => {
    expect(urgency({ status: "active" })).toBe(4);
  });

  it("adds 5 only when scheduled is in the past", () => {
    expect(urgency({ scheduled: daysFrom(NOW, -1) })).toBe(5);
    expect(urgency({ scheduled: daysFrom(NOW, 1) })).toBe(0);
  });

  it("grows the age term over 365 whole days to 2", () => {
    expect(urgency({ created: daysFrom(NOW, -73) })).toBeCloseTo(0.4, 10); // 73 / 365 × 2
    expect(urgency({ created: daysFrom(NOW, -73.9) })).toBeCloseTo(0.4, 10); // days are truncated
    expect(urgency({ created: daysFrom(NOW, -400) })).toBe(2);
    expect(urgency({ created: daysFrom(NOW, 5) })).toBe(0); // a future date is age 0, not negative
  });

  it("steps annotations and tags 0.8 / 0.9 / 1.0", () => {
    expect(urgency({ notes: [note("a")] })).toBeCloseTo(0.8, 10);
    expect(urgency({ notes: [note("a"), note("b")] })).toBeCloseTo(0.9, 10);
    expect(urgency({ notes: [note("a"), note("b"), note("c"), note("d")] })).toBe(1);
    expect(urgency({ tags: ["a", "b"] })).toBeCloseTo(0.9, 10);
    expect(urgency({ tags: ["a", "b", "c", "d"] })).toBe(1);
  });

  it("adds 1 for a project and -3 when waiting", () => {
    expect(urgency({ project: "web.api" })).toBe(1);
    expect(urgency({}, { ...NONE, waiting: true })).toBe(-3);
  });

  it("sums the terms: H, project, 2 tags, due now, blocking, 73 days old", () => {
    const value = urgency({ priority: "H", project: "web", tags: ["a", "b"], due: NOW.toISOString(), created: daysFrom(NOW, -73) }, { ...NONE, blocking: true });
    expect(value).toBeCloseTo(6 + 1 + 0.9 + 8.8 + 8 + 0.4, 10);
  });

  it("uses coefficients from config", () => {
    const value = computeUrgency(task(1, { priority: "H", tags: ["next"] }), NONE, { ...DEFAULT_URGENCY, priorityH: 10, next: 0 }, NOW);
    expect(value).toBeCloseTo(10 + 0.8, 10);
  });

  it("explains itself term by term", () => {
    const terms = urgencyTerms(task(1, { priority: "M", project: "web" }), NONE, DEFAULT_URGENCY, NOW);
    expect(terms).toEqual([
      { name: "project", factor: 1, coefficient: 1, value: 1 },
      { name: "priority", factor: 1, coefficient: 3.9, value: 3.9 },
    ]);
  });

  it("is what buildGraph stores in the facts, blocked and blocking included", () => {
    const graph = buildGraph([task(1, { depends: [2] }), task(2)], NOW, DEFAULT_URGENCY);
    expect(graph.facts.get(task(1))!.urgency).toBe(-5);
    expect(graph.facts.get(task(2))!.urgency).toBe(8);
  });
});

describe("roundUrgency", () => {
  it("rounds to 2 decimals for display and never gives -0", () => {
    expect(roundUrgency(8.800000001)).toBe(8.8);
    expect(roundUrgency(5.828571)).toBe(5.83);
    expect(Object.is(roundUrgency(-0.001), 0)).toBe(true);
  });
});

describe("computeUrgency and urgencyTerms", () => {
  it("give the same sum, to the last bit, for a task with every term", () => {
    const full = task(3, {
      project: "web",
      status: "active",
      scheduled: "2026-11-01",
      tags: ["next", "a", "b"],
      notes: [{ time: "2026-11-01T00:00:00Z", author: "a", text: "x" }],
      due: "2026-11-25",
      created: "2026-01-01T00:00:00Z",
      priority: "M",
    });
    const facts = { blocked: true, blocking: true, waiting: false };
    const viaTerms = urgencyTerms(full, facts, DEFAULT_URGENCY, NOW).reduce((sum, term) => sum + term.value, 0);
    expect(computeUrgency(full, facts, DEFAULT_URGENCY, NOW)).toBe(viaTerms);
  });
});
