import { describe, expect, it } from "vitest";
import { candidatesOf, compileFilter, createFieldIndex, parseFilter } from "../../../../src/domain/filter/index.js";
import type { Status as TaskStatus, Task } from "../../../../src/domain/task.js";
import { seededRandom } from "../../../helpers/seeded-random.js";
import { makeFacts, makeTask, NOW } from "./fixtures.js";

const TAGS = ["bug", "Bug", "ux", "UX", "api", "wip", "x-y", "émoji"];
const PROJECTS = [undefined, "web", "Web", "web.api", "web.api.v2", "webapp", "api", "API.billing", "api.billing"];
const STATUSES: TaskStatus[] = ["pending", "active", "done", "deleted"];

function randomTasks(random: () => number, count: number): Task[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const tags = Array.from({ length: Math.floor(random() * 4) }, () => pick(TAGS));
    const project = pick(PROJECTS);
    // Every tenth task shares its id with the one before (a merge from another clone), in a file of its own.
    const id = i % 10 === 9 ? i : i + 1;
    return makeTask({ id, path: `backlog/${id}-task-${i}.md`, tags, status: pick(STATUSES), ...(project && { project }), ...(random() < 0.3 && { wait: "2026-12-01" }) });
  });
}

const TERMS = [
  "+bug", "+Bug", "-bug", "+ux", "+api", "+wip", "+x-y", "+émoji", "+none", "project:web", "project:WEB", "project:web.api", "project:webapp",
  "project:api", "project.is:web", "project.not:web", "project:", "status:pending", "status:done", "status:waiting", "status.not:done",
  "status.is:active", "tags:bug", "+READY", "+PENDING", "priority:H", "1-40", "not +bug", "project.has:api",
];

function randomFilter(random: () => number, depth = 0): string {
  const roll = random();
  if (depth > 2 || roll < 0.4) return TERMS[Math.floor(random() * TERMS.length)] as string;
  if (roll < 0.5) return `not ( ${randomFilter(random, depth + 1)} )`;
  const operator = ["and", "or", "xor", ""][Math.floor(random() * 4)] as string;
  return `( ${randomFilter(random, depth + 1)} ${operator} ${randomFilter(random, depth + 1)} )`;
}

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
  it("narrows to a list that holds every match, in id then path order, for 5,000 random filters", () => {
    const random = seededRandom(2026);
    const tasks = randomTasks(random, 400);
    let narrowedSome = 0;
    for (let run = 0; run < 5000; run++) {
      const filter = randomFilter(random);
      const { narrowed, scanned, tried } = both(tasks, filter);
      expect(narrowed, filter).toEqual(scanned);
      if (tried < tasks.length) narrowedSome++;
    }
    expect(narrowedSome).toBeGreaterThan(1000);
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
