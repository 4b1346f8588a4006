import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_URGENCY } from "../../../src/domain/config.js";
import { STATUSES, type Task } from "../../../src/domain/task.js";
import { graphOf, nearFacts, type DerivedSource } from "../../../src/service/derived.js";
import { taskToJson } from "../../../src/service/task-json.js";
import { createTaskIndex } from "../../../src/store/task-index.js";
import { daysFrom, NOW, task } from "../domain/task-fixture.js";

/**
 * A write answers with its task's computed fields from the task's neighbourhood, not the whole
 * graph (`nearFacts`); they must be the whole graph's, whatever the backlog around it holds.
 */

const IDS = 7;
const id = fc.integer({ min: 1, max: IDS + 1 }); // IDS + 1 is never a task: a missing dependency or parent
const when = fc.option(fc.integer({ min: -20, max: 20 }).map((days) => daysFrom(NOW, days)), { nil: undefined });

const fields = fc.record({
  status: fc.constantFrom(...STATUSES),
  depends: fc.uniqueArray(id, { maxLength: 3 }),
  parent: fc.option(id, { nil: undefined }),
  recur: fc.option(fc.constant("weekly"), { nil: undefined, freq: 3 }),
  due: when,
  wait: when,
  scheduled: when,
  created: when,
  priority: fc.option(fc.constantFrom("H" as const, "M" as const, "L" as const), { nil: undefined }),
  tags: fc.subarray(["next", "ui", "api"]),
});

/** A backlog of up to IDS tasks, some ids held by a second file (a merge from another clone). */
const backlogs = fc
  .tuple(fc.array(fields, { minLength: 1, maxLength: IDS }), fc.array(fc.tuple(fc.nat(), fields), { maxLength: 2 }))
  .map(([firsts, seconds]) => {
    const tasks: Task[] = firsts.map((given, i) => task(i + 1, defined(given)));
    for (const [pick, given] of seconds) {
      const of = (pick % firsts.length) + 1;
      tasks.push(task(of, { ...defined(given), path: `backlog/${of}-copy-${tasks.length}.md` }));
    }
    return tasks;
  });

function defined<T extends object>(given: T): Partial<Task> {
  return Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
}

function sourceOf(tasks: readonly Task[]): DerivedSource {
  const index = createTaskIndex(tasks.map((one) => ({ path: one.path, task: one, problems: [], bodyLoaded: true })));
  return { index, now: () => NOW, config: { urgency: DEFAULT_URGENCY } };
}

describe("nearFacts", () => {
  it("gives every task the facts the whole graph gives it", () => {
    fc.assert(
      fc.property(backlogs, (tasks) => {
        const source = sourceOf(tasks);
        const whole = graphOf(source).facts;
        for (const one of source.index.tasks()) {
          expect(nearFacts(source, one), `#${one.id} ${one.path}`).toEqual(whole.get(one));
          expect(taskToJson(one, nearFacts(source, one))).toEqual(taskToJson(one, whole.get(one)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("counts both copies of a child whose id two files hold", () => {
    const tasks = [task(1), task(2, { parent: 1 }), task(2, { parent: 1, path: "backlog/2-copy.md", status: "done" })];
    const source = sourceOf(tasks);
    const near = nearFacts(source, source.index.get(1)!);
    expect(near).toMatchObject({ openChildren: 1, doneChildren: 1, ready: false });
    expect(near).toEqual(graphOf(source).facts.get(tasks[0]!));
  });

  it("marks a task whose id another file holds as a duplicate", () => {
    const tasks = [task(1), task(1, { path: "backlog/1-copy.md" })];
    const source = sourceOf(tasks);
    for (const one of tasks) expect(nearFacts(source, one)?.duplicate).toBe(true);
  });
});
