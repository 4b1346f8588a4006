import { describe, expect, it } from "vitest";
import { compileFilter, createTextIndex, parseFilter } from "../../../../src/domain/filter/index.js";
import type { Task } from "../../../../src/domain/task.js";
import { seededRandom } from "../../../helpers/seeded-random.js";
import { makeFacts, makeTask, NOW } from "./fixtures.js";

const WORDS = ["auth", "okta", "login", "Session", "redis", "café", "naïve", "x-ray", "v2", "2fa", "OAuth2", "token", "émigré", "re-login"];

function randomTasks(random: () => number, count: number, firstId = 1): Task[] {
  const pick = (): string => WORDS[Math.floor(random() * WORDS.length)] ?? "auth";
  const text = (n: number): string => Array.from({ length: n }, () => pick() + (random() < 0.2 ? "," : "")).join(random() < 0.5 ? " " : "\n");
  return Array.from({ length: count }, (_, i) => makeTask({ id: firstId + i, title: text(3), body: text(Math.floor(random() * 20)) }));
}

/** What the filter selects with the index, and by scanning every text. */
function both(tasks: readonly Task[], index: ReturnType<typeof createTextIndex>, filter: string): [number[], number[]] {
  const node = parseFilter(filter);
  const facts = makeFacts();
  const indexed = compileFilter(node, NOW, { text: index });
  const scanned = compileFilter(node, NOW);
  return [tasks.filter((task) => indexed(task, facts)).map((task) => task.id), tasks.filter((task) => scanned(task, facts)).map((task) => task.id)];
}

describe("the text index", () => {
  it("selects exactly what a scan selects, for words inside, across and beside word runs", () => {
    const random = seededRandom(7);
    const tasks = randomTasks(random, 300);
    const index = createTextIndex();
    index.sync(tasks);
    for (const query of ["okta", "OKTA", "ta", "auth", "oauth2", "2", "v2", "login", "relogin", "caf", "café", "x-ray", "re-login", "nothing", "e"]) {
      const [indexed, scanned] = both(tasks, index, query);
      expect(indexed, query).toEqual(scanned);
    }
    expect(both(tasks, index, "okta")[0].length).toBeGreaterThan(0);
  });

  it("answers only what it can answer exactly", () => {
    const index = createTextIndex();
    index.sync([makeTask({ id: 1, title: "Fix login" })]);
    expect(index.matching("login")?.size).toBe(1);
    expect(index.matching("fix login")).toBeUndefined();
    expect(index.matching("x-ray")).toBeUndefined();
    expect(index.matching("café")).toBeUndefined();
  });

  it("follows changes: replaced, removed and added tasks", () => {
    const random = seededRandom(11);
    let tasks = randomTasks(random, 200);
    const index = createTextIndex();
    index.sync(tasks);
    for (let round = 0; round < 20; round++) {
      const replaced = randomTasks(random, 5, 1 + Math.floor(random() * 150));
      const ids = new Set(replaced.map((task) => task.id));
      tasks = [...tasks.filter((task) => !ids.has(task.id) && random() > 0.02), ...replaced, ...randomTasks(random, 2, 1000 + round * 2)];
      index.sync(tasks);
      for (const query of ["okta", "session", "2fa", "ray"]) {
        const [indexed, scanned] = both(tasks, index, query);
        expect(indexed, `${query} after round ${round}`).toEqual(scanned);
      }
    }
  });
});

describe("the text index, when a task object comes back", () => {
  it("does not match the words it had before it left", () => {
    const first = makeTask({ id: 1, title: "okta login" });
    const second = makeTask({ id: 2, title: "redis" });
    const index = createTextIndex();
    index.sync([first, second]);
    index.sync([second]);
    expect(index.matching("okta")?.size).toBe(0);
    index.sync([first, second]);
    expect([...(index.matching("okta") ?? [])].map((task) => task.id)).toEqual([1]);
    expect([...(index.matching("redis") ?? [])].map((task) => task.id)).toEqual([2]);
  });
});
