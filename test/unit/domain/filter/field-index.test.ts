import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { candidatesOf, compileFilter, createFieldIndex, parseFilter } from "../../../../src/domain/filter/index.js";
import type { Status as TaskStatus, Task } from "../../../../src/domain/task.js";
import { assertProperty } from "../../../helpers/property.js";
import { makeFacts, makeTask, NOW } from "./fixtures.js";

const TAGS = ["bug", "Bug", "ux", "UX", "api", "wip", "x-y", "émoji"];
const PROJECTS = [undefined, "web", "Web", "web.api", "web.api.v2", "webapp", "api", "API.billing", "api.billing"];
const STATUSES: TaskStatus[] = ["pending", "active", "done", "deleted"];

/** A backlog of tasks in files named by id; now and then a task shares its id with the one before (a merge from another clone). */
const tasks = fc
  .array(
    fc.record({
      tags: fc.array(fc.constantFrom(...TAGS), { maxLength: 3 }),
      project: fc.constantFrom(...PROJECTS),
      status: fc.constantFrom(...STATUSES),
      waiting: fc.boolean(),
      sharesId: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    }),
    { maxLength: 40 },
  )
  .map((drafts) =>
    drafts.map(({ tags, project, status, waiting, sharesId }, i): Task => {
      const id = sharesId && i > 0 ? i : i + 1;
      return makeTask({ id, path: `backlog/${id}-task-${i}.md`, tags, status, ...(project && { project }), ...(waiting && { wait: "2026-12-01" }) });
    }),
  );

const TERMS = [
  "+bug", "+Bug", "-bug", "+ux", "+api", "+wip", "+x-y", "+émoji", "+none", "project:web", "project:WEB", "project:web.api", "project:webapp",
  "project:api", "project.is:web", "project.not:web", "project:", "status:pending", "status:done", "status:waiting", "status.not:done",
  "status.is:active", "tags:bug", "+READY", "+PENDING", "priority:H", "1-40", "not +bug", "project.has:api",
];

const { filter } = fc.letrec<{ filter: string }>((tie) => ({
  filter: fc.oneof(
    { maxDepth: 3, depthIdentifier: "filter", withCrossShrink: true },
    { weight: 4, arbitrary: fc.constantFrom(...TERMS) },
    { weight: 1, arbitrary: tie("filter").map((inner) => `not ( ${inner} )`) },
    { weight: 5, arbitrary: fc.tuple(tie("filter"), fc.constantFrom("and", "or", "xor", ""), tie("filter")).map(([a, operator, b]) => `( ${a} ${operator} ${b} )`) },
  ),
}));

/** The files the filter selects from the narrowed list, and by trying every task. */
function both(tasks: readonly Task[], filter: string): { narrowed: string[]; scanned: string[]; tried: number } {
  const node = parseFilter(filter);
  const test = compileFilter(node, NOW);
  const facts = makeFacts();
  const pool = candidatesOf(node, createFieldIndex(tasks)) ?? tasks;
  const ids = (list: readonly Task[]): string[] => list.filter((task) => test(task, facts)).map((task) => task.path);
  return { narrowed: ids(pool), scanned: ids(tasks), tried: pool.length };
}

describe("the field index", () => {
  it("narrows to a list that holds every match, in id then path order, for generated filters and backlogs", () => {
    let narrowedSome = 0;
    let runs = 0;
    assertProperty(
      fc.property(tasks, filter, (backlog, text) => {
        runs++;
        const { narrowed, scanned, tried } = both(backlog, text);
        expect(narrowed).toEqual(scanned);
        if (tried < backlog.length) narrowedSome++;
      }),
      { runs: 2000 },
    );
    expect(narrowedSome).toBeGreaterThan(runs / 5);
  });

  it("follows the filter's own rules: case, subprojects, waiting", () => {
    const tasks = [
      makeTask({ id: 1, tags: ["Bug", "bug"], project: "Web.API" }),
      makeTask({ id: 2, project: "webapp" }),
      makeTask({ id: 3, project: "web", wait: "2027-01-01" }),
      makeTask({ id: 4, status: "done", tags: ["ux"] }),
    ];
    const index = createFieldIndex(tasks);
    expect(index.tagged("bug").map((task) => task.id)).toEqual([1]); // once, though tagged twice
    expect(index.inProject("web").map((task) => task.id)).toEqual([1, 3]);
    expect(index.inProject("web.api").map((task) => task.id)).toEqual([1]);
    expect(candidatesOf(parseFilter("status:waiting"), index)).toBeUndefined();
    expect(candidatesOf(parseFilter("project:"), index)).toBeUndefined();
    expect(candidatesOf(parseFilter("-bug"), index)).toBeUndefined();
    expect(candidatesOf(parseFilter("project:web +bug"), index)?.map((task) => task.id)).toEqual([1]);
    expect(candidatesOf(parseFilter("+ux or +bug"), index)?.map((task) => task.id)).toEqual([1, 4]);
    expect(candidatesOf(parseFilter("+ux or priority:H"), index)).toBeUndefined();
  });
});
