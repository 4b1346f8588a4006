import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_URGENCY } from "../../../src/domain/config.js";
import { findCycle, findDependencyCycles, findParentCycle, findParentCycles } from "../../../src/domain/cycles.js";
import { buildGraph } from "../../../src/domain/graph.js";
import type { Task } from "../../../src/domain/task.js";
import { assertProperty } from "../../helpers/property.js";
import { daysFrom, NOW, task } from "./task-fixture.js";

const graphOf = (tasks: Task[]) => buildGraph(tasks, NOW, DEFAULT_URGENCY);
const factsOf = (tasks: Task[], id: number) => graphOf(tasks).facts.get(task(id))!;

describe("buildGraph facts", () => {
  it("blocks a task on an open dependency and marks the dependency blocking", () => {
    const graph = graphOf([task(1, { depends: [2, 3] }), task(2), task(3, { status: "active" })]);
    expect(graph.facts.get(task(1))).toMatchObject({ blocked: true, ready: false, blockedBy: [2, 3], blocks: [] });
    expect(graph.facts.get(task(2))).toMatchObject({ blocking: true, blocked: false, ready: true, blocks: [1] });
    expect(graph.facts.get(task(3))).toMatchObject({ blocking: true, ready: false, blocks: [1] });
  });

  it("does not count done, deleted or missing dependencies", () => {
    const tasks = [task(1, { depends: [2, 3, 99] }), task(2, { status: "done" }), task(3, { status: "deleted" })];
    expect(factsOf(tasks, 1)).toMatchObject({ blocked: false, ready: true, blockedBy: [] });
    expect(factsOf(tasks, 2)).toMatchObject({ blocking: false, blocks: [] });
  });

  it("never blocks a task that is itself done or deleted", () => {
    const tasks = [task(1, { status: "done", depends: [2] }), task(2)];
    expect(factsOf(tasks, 1).blocked).toBe(false);
    expect(factsOf(tasks, 2).blocking).toBe(false);
  });

  it("ignores a self-dependency for blocking", () => {
    expect(factsOf([task(1, { depends: [1] })], 1)).toMatchObject({ blocked: false, blocking: false, ready: true });
  });

  it("is READY only when pending, unblocked and neither scheduled nor waiting in the future", () => {
    const tasks = [
      task(1),
      task(2, { status: "active" }),
      task(3, { scheduled: daysFrom(NOW, 1) }),
      task(4, { scheduled: daysFrom(NOW, -1) }),
      task(5, { wait: daysFrom(NOW, 2) }),
      task(6, { wait: daysFrom(NOW, -2) }),
      task(7, { status: "done" }),
    ];
    const graph = graphOf(tasks);
    const ready = tasks.filter((t) => graph.facts.get(t)!.ready).map((t) => t.id);
    expect(ready).toEqual([1, 4, 6]);
  });

  it("is WAITING when a pending task's wait is in the future", () => {
    const graph = graphOf([task(1, { wait: daysFrom(NOW, 2) }), task(2, { wait: daysFrom(NOW, -2) }), task(3, { status: "done", wait: daysFrom(NOW, 2) })]);
    expect([1, 2, 3].map((id) => graph.facts.get(task(id))!.waiting)).toEqual([true, false, false]);
  });

  it("is OVERDUE when open and due before now; a date without time is 00:00 UTC", () => {
    const graph = graphOf([
      task(1, { due: daysFrom(NOW, -0.01) }),
      task(2, { due: daysFrom(NOW, 0.01) }),
      task(3, { due: "2026-11-21" }), // today 00:00, before noon
      task(4, { due: "2026-11-10", status: "done" }),
      task(5, { due: "2026-11-10", status: "active" }),
    ]);
    expect([1, 2, 3, 4, 5].map((id) => graph.facts.get(task(id))!.overdue)).toEqual([true, false, true, false, true]);
  });

  it("is not OVERDUE at the due moment itself, only after it", () => {
    const graph = graphOf([task(1, { due: "2026-11-21T12:00:00Z" }), task(2, { due: "2026-11-21T11:59:59Z" })]);
    expect([1, 2].map((id) => graph.facts.get(task(id))!.overdue)).toEqual([false, true]);
  });

  it("is TODAY when an open task is due on the current UTC day", () => {
    const graph = graphOf([
      task(1, { due: "2026-11-21" }),
      task(2, { due: "2026-11-21T23:59:59Z" }),
      task(3, { due: "2026-11-22T00:00:00Z" }),
      task(4, { due: "2026-11-21T23:30:00-02:00" }), // 01:30 UTC the next day
      task(5, { due: "2026-11-21", status: "done" }),
    ]);
    expect([1, 2, 3, 4, 5].map((id) => graph.facts.get(task(id))!.today)).toEqual([true, true, false, false, false]);
  });

  it("lists children by parent, ascending", () => {
    const graph = graphOf([task(5, { parent: 1 }), task(1), task(3, { parent: 1 }), task(4, { parent: 4 })]);
    expect(graph.facts.get(task(1))!.children).toEqual([3, 5]);
    expect(graph.facts.get(task(4))!.children).toEqual([]);
  });

  it("makes a parent with open children a container: not READY, with its progress", () => {
    const tasks = [
      task(1),
      task(2, { parent: 1, status: "done" }),
      task(3, { parent: 1 }),
      task(4, { parent: 1, status: "active" }),
      task(5, { parent: 1, status: "deleted" }),
      task(6),
      task(7, { parent: 6, status: "done" }),
    ];
    const graph = graphOf(tasks);
    expect(graph.facts.get(task(1))).toMatchObject({ ready: false, blocked: false, openChildren: 2, doneChildren: 1, children: [2, 3, 4, 5] });
    // Every child done: the story is ready to be closed.
    expect(graph.facts.get(task(6))).toMatchObject({ ready: true, openChildren: 0, doneChildren: 1 });
    expect(graph.facts.get(task(3))).toMatchObject({ ready: true, openChildren: 0, doneChildren: 0 });
  });

  it("does not make the first occurrence of a recurring task a container of the next ones", () => {
    const graph = graphOf([task(1, { recur: "weekly" }), task(2, { recur: "weekly", parent: 1 })]);
    expect(graph.facts.get(task(1))).toMatchObject({ ready: true, openChildren: 0 });
  });

  it("counts every copy of a duplicated id among its parent's children", () => {
    const graph = graphOf([task(1), task(2, { parent: 1, status: "done" }), task(2, { path: "backlog/2-theirs.md", parent: 1 })]);
    expect(graph.facts.get(task(1))).toMatchObject({ ready: false, openChildren: 1, doneChildren: 1, children: [2] });
  });

  it("resolves a reference to a duplicated id to its first task", () => {
    const graph = graphOf([task(1, { depends: [2] }), task(2, { status: "done" }), task(2, { path: "backlog/2-other.md" })]);
    expect(graph.facts.get(task(1))!.blocked).toBe(false);
  });

  it("gives every copy of a duplicated id its own facts, each marked duplicate", () => {
    const ours = task(2, { status: "done", depends: [3] });
    const theirs = task(2, { path: "backlog/2-theirs.md", depends: [3], priority: "H" });
    const graph = graphOf([task(1), ours, theirs, task(3)]);
    expect(graph.facts.get(ours)).toMatchObject({ duplicate: true, blocked: false, ready: false, urgency: 0 });
    expect(graph.facts.get(theirs)).toMatchObject({ duplicate: true, blocked: true, blockedBy: [3], ready: false });
    expect(graph.facts.get(theirs)!.urgency).toBeCloseTo(6 - 5);
    expect(graph.facts.get(task(1))!.duplicate).toBe(false);
    expect(graph.facts.get(task(3))).toMatchObject({ blocking: true, blocks: [2] });
  });
});

describe("cycles", () => {
  it("reports a two-task cycle once, from its smallest id", () => {
    const graph = graphOf([task(9, { depends: [4] }), task(4, { depends: [9] })]);
    expect(graph.cycles).toEqual([[4, 9, 4]]);
  });

  it("reports each strongly connected part once with a shortest loop, sorted", () => {
    const tasks = [
      task(1, { depends: [2] }),
      task(2, { depends: [3] }),
      task(3, { depends: [1, 2] }), // 1 → 2 → 3 → 1, and 2 ⇄ 3 inside it
      task(10, { depends: [11] }),
      task(11, { depends: [12] }),
      task(12, { depends: [10] }),
      task(20, { depends: [20] }), // a self-dependency is its own rule
      task(30, { depends: [1] }), // depends on a cycle, not in it
    ];
    expect(graphOf(tasks).cycles).toEqual([
      [1, 2, 3, 1],
      [10, 11, 12, 10],
    ]);
    expect(findDependencyCycles(tasks)).toEqual(graphOf(tasks).cycles);
  });

  it("counts cycles between done tasks too", () => {
    expect(graphOf([task(1, { depends: [2], status: "done" }), task(2, { depends: [1], status: "done" })]).cycles).toEqual([[1, 2, 1]]);
  });

  it("reports parent cycles, a task that is its own parent included", () => {
    const tasks = [task(3, { parent: 5 }), task(5, { parent: 7 }), task(7, { parent: 3 }), task(8, { parent: 8 }), task(9, { parent: 3 })];
    expect(graphOf(tasks).parentCycles).toEqual([
      [3, 5, 7, 3],
      [8, 8],
    ]);
    expect(findParentCycles(tasks)).toEqual(graphOf(tasks).parentCycles);
  });

  it("survives a 10,000-task chain without overflowing the stack", () => {
    const tasks = Array.from({ length: 10_000 }, (_, i) => task(i + 1, { depends: i + 1 < 10_000 ? [i + 2] : [1] }));
    const [cycle] = graphOf(tasks).cycles;
    expect(cycle!.length).toBe(10_001);
    expect(cycle![0]).toBe(1);
  });
});

describe("findCycle and findParentCycle", () => {
  const tasks = [task(4), task(9, { depends: [5] }), task(5, { depends: [4] }), task(6)];

  it("names the path a new dependency would close", () => {
    expect(findCycle(tasks, 4, [9])).toEqual([4, 9, 5, 4]);
    expect(findCycle(new Map(tasks.map((t) => [t.id, t])), 4, [6, 5])).toEqual([4, 5, 4]);
  });

  it("refuses a self-dependency as a cycle of one", () => {
    expect(findCycle(tasks, 4, [4])).toEqual([4, 4]);
  });

  it("finds nothing when the new dependencies do not lead back", () => {
    expect(findCycle(tasks, 6, [9, 4, 77])).toBeUndefined();
  });

  it("names the parent chain a new parent would close, and ignores cycles elsewhere", () => {
    const parents = [task(1, { parent: 2 }), task(2, { parent: 3 }), task(3), task(7, { parent: 8 }), task(8, { parent: 7 })];
    expect(findParentCycle(parents, 3, 1)).toEqual([3, 1, 2, 3]);
    expect(findParentCycle(parents, 3, 3)).toEqual([3, 3]);
    expect(findParentCycle(parents, 3, 7)).toBeUndefined();
    expect(findParentCycle(parents, 3, undefined)).toBeUndefined();
  });
});

describe("a large backlog", () => {
  // How fast is the benchmark's business (npm run bench): this checks the answer at that size.
  it("gives every one of 10,000 tasks its facts, and blocked ones their blockers", () => {
    const tasks = Array.from({ length: 10_000 }, (_, i) =>
      task(i + 1, {
        depends: i % 3 === 0 && i > 10 ? [i - 5, i - 9] : [],
        parent: i % 7 === 0 && i > 0 ? i : undefined,
        priority: (["H", "M", "L", undefined] as const)[i % 4],
        due: i % 5 === 0 ? daysFrom(NOW, (i % 40) - 20) : undefined,
        created: daysFrom(NOW, -(i % 500)),
        tags: i % 2 === 0 ? ["a", "b"] : [],
      }),
    );
    const graph = buildGraph(tasks, NOW, DEFAULT_URGENCY);
    expect(tasks.every((one) => graph.facts.get(one) !== undefined)).toBe(true);
    const blocked = tasks.filter((one) => graph.facts.get(one)?.blocked);
    expect(blocked.length).toBeGreaterThan(0);
    expect(blocked.every((one) => one.depends.length > 0)).toBe(true);
  });
});

/** Tasks from generated drafts: a due, wait or scheduled time, a dependency, an age at `clock`. */
interface TimedDraft {
  due: string | undefined;
  wait: string | undefined;
  scheduled: string | undefined;
  depends: number | undefined;
  age: number;
  active: boolean;
}
function timedTasks(drafts: readonly TimedDraft[], clock: number): Task[] {
  return drafts.map(({ due, wait, scheduled, depends, age, active }, i) =>
    task(i + 1, {
      ...(due !== undefined && { due }),
      ...(wait !== undefined && { wait }),
      ...(scheduled !== undefined && { scheduled }),
      ...(depends !== undefined && { depends: [depends] }),
      created: new Date(clock - age).toISOString(),
      status: active ? "active" : "pending",
    }),
  );
}

describe("buildGraph validUntil", () => {
  const at = (iso: string) => new Date(iso).getTime();

  it("is the next moment a due, wait or scheduled time passes, the end of the UTC day, or a minute ahead", () => {
    expect(graphOf([task(1)]).validUntil).toBe(NOW.getTime() + 60_000);
    // A task is overdue once its due time is behind the clock: from a millisecond after it.
    expect(graphOf([task(1, { due: "2026-11-21T12:00:30Z" }), task(2, { wait: "2026-11-21T12:00:40Z" })]).validUntil).toBe(at("2026-11-21T12:00:30Z") + 1);
    expect(graphOf([task(1, { scheduled: "2026-11-21T12:00:10Z" }), task(2, { due: "2026-11-20" })]).validUntil).toBe(at("2026-11-21T12:00:10Z"));
    expect(buildGraph([task(1)], new Date("2026-11-21T23:59:30Z"), DEFAULT_URGENCY).validUntil).toBe(at("2026-11-22T00:00:00Z"));
    // Age counts whole days: created 2 days 23:59:30 ago, it is 3 days old in 30 s.
    expect(graphOf([task(1, { created: "2026-11-18T12:00:30Z" })]).validUntil).toBe(at("2026-11-21T12:00:30Z"));
  });

  it("ends a millisecond on when a task is due this very moment, as it then turns overdue", () => {
    const graph = graphOf([task(1, { due: NOW.toISOString() })]);
    expect(graph.facts.get(task(1))?.overdue).toBe(false);
    expect(graph.validUntil).toBe(NOW.getTime() + 1);
    expect(buildGraph([task(1, { due: NOW.toISOString() })], new Date(graph.validUntil), DEFAULT_URGENCY).facts.get(task(1))?.overdue).toBe(true);
  });

  it("ends a millisecond after a scheduled time, when urgency counts it as past", () => {
    const scheduled = "2026-11-21T12:00:10Z";
    const at10 = buildGraph([task(1, { scheduled })], new Date(scheduled), DEFAULT_URGENCY);
    expect(at10.validUntil).toBe(at(scheduled) + 1);
    const after = buildGraph([task(1, { scheduled })], new Date(at10.validUntil), DEFAULT_URGENCY);
    expect(after.facts.get(task(1))!.urgency - at10.facts.get(task(1))!.urgency).toBeCloseTo(DEFAULT_URGENCY.scheduled);
  });

  it("promises facts that hold until then: the same flags, urgency within 0.001, for generated backlogs", () => {
    const HOUR = 3_600_000;
    const DAY = 24 * HOUR;
    /** A due, wait or scheduled time within two hours of the clock or right on it, or a date of the days around it. */
    const near = (clock: number) =>
      fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: -2 * HOUR, max: 2 * HOUR }).map((offset) => new Date(clock + offset).toISOString()) },
        { weight: 1, arbitrary: fc.constant(new Date(clock).toISOString()) },
        { weight: 1, arbitrary: fc.integer({ min: -1, max: 1 }).map((days) => new Date(clock + days * DAY).toISOString().slice(0, 10)) },
      );
    const backlog = fc.integer({ min: -DAY, max: DAY }).chain((offset) => {
      const clock = NOW.getTime() + offset;
      const draft = fc.record({
        due: fc.option(near(clock), { nil: undefined, freq: 3 }),
        wait: fc.option(near(clock), { nil: undefined, freq: 2 }),
        scheduled: fc.option(near(clock), { nil: undefined, freq: 2 }),
        depends: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined, freq: 2 }),
        age: fc.integer({ min: 0, max: 300 * DAY }),
        active: fc.boolean(),
      });
      return fc.tuple(fc.constant(new Date(clock)), fc.array(draft, { minLength: 1, maxLength: 20 }));
    });
    assertProperty(
      fc.property(backlog, ([now, drafts]) => {
        const tasks = timedTasks(drafts, now.getTime());
        const first = buildGraph(tasks, now, DEFAULT_URGENCY);
        const later = buildGraph(tasks, new Date(first.validUntil - 1), DEFAULT_URGENCY);
        for (const each of tasks) {
          const [a, b] = [first.facts.get(each)!, later.facts.get(each)!];
          expect({ ...b, urgency: 0 }, `#${each.id}`).toEqual({ ...a, urgency: 0 });
          expect(Math.abs(b.urgency - a.urgency), `#${each.id}`).toBeLessThan(0.001);
        }
      }),
      { runs: 150 },
    );
  });

  it("advanced to later clocks, gives the facts a fresh build gives there: the same flags, urgency within 0.001", () => {
    const HOUR = 3_600_000;
    const near = (clock: number) => fc.integer({ min: -2 * HOUR, max: 2 * HOUR }).map((offset) => new Date(clock + offset).toISOString());
    const clock = NOW.getTime();
    const draft = fc.record({
      due: fc.option(near(clock), { nil: undefined, freq: 3 }),
      wait: fc.option(near(clock), { nil: undefined, freq: 2 }),
      scheduled: fc.option(near(clock), { nil: undefined, freq: 2 }),
      depends: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined, freq: 2 }),
      age: fc.integer({ min: 0, max: 40 * 24 * HOUR }),
      active: fc.boolean(),
    });
    // Steps forward through the same UTC day (the clock is NOW, mid-day): seconds to hours.
    const steps = fc.array(fc.integer({ min: 0, max: 90 * 60_000 }), { minLength: 1, maxLength: 8 });
    assertProperty(
      fc.property(fc.array(draft, { minLength: 1, maxLength: 20 }), steps, (drafts, forward) => {
        const tasks = timedTasks(drafts, clock);
        const graph = buildGraph(tasks, NOW, DEFAULT_URGENCY);
        let at = clock;
        for (const step of forward) {
          at += step;
          const later = new Date(at);
          if (at < graph.validUntil) continue; // still valid: the previous property's promise
          expect(graph.advance(later), `advance to ${later.toISOString()}`).toBe(true);
          const fresh = buildGraph(tasks, later, DEFAULT_URGENCY);
          // Never later than a fresh build's promise (earlier only where a drift bound was set sooner).
          expect(graph.validUntil).toBeGreaterThan(at);
          expect(graph.validUntil).toBeLessThanOrEqual(fresh.validUntil);
          for (const each of tasks) {
            const [a, b] = [graph.facts.get(each)!, fresh.facts.get(each)!];
            expect({ ...a, urgency: 0 }, `#${each.id} at ${later.toISOString()}`).toEqual({ ...b, urgency: 0 });
            expect(Math.abs(a.urgency - b.urgency), `#${each.id} at ${later.toISOString()}`).toBeLessThan(0.001);
          }
        }
      }),
      { runs: 150 },
    );
  });

  it("will not advance into another UTC day or back in time", () => {
    const graph = buildGraph([task(1)], NOW, DEFAULT_URGENCY);
    expect(graph.advance(new Date(NOW.getTime() - 1))).toBe(false);
    expect(graph.advance(new Date("2026-11-19T00:00:00Z"))).toBe(false);
  });
});
