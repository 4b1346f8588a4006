import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileFilter, createTextIndex, parseFilter } from "../../../../src/domain/filter/index.js";
import type { Task } from "../../../../src/domain/task.js";
import { assertProperty } from "../../../helpers/property.js";
import { makeFacts, makeTask, NOW } from "./fixtures.js";

const WORDS = ["auth", "okta", "login", "Session", "redis", "café", "naïve", "x-ray", "v2", "2fa", "OAuth2", "token", "émigré", "re-login"];
/** Letters whose lower case is longer, or ASCII: what a naive index would get wrong. */
const ODD_WORDS = ["İstanbul", "Straße", "\u212Aelvin", "ǅemal", "ΣΑΣ", "ﬁx"];

const word = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD_WORDS) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 4 }) },
);
/** Words with spaces, line breaks, commas or nothing between them. */
const text = fc
  .array(fc.tuple(word, fc.constantFrom(" ", " ", "\n", ", ", "")), { maxLength: 10 })
  .map((parts) => parts.map(([chosen, separator]) => chosen + separator).join(""));
const draft = fc.record({ title: text, body: text });
type Draft = typeof draft extends fc.Arbitrary<infer T> ? T : never;
const taskOf = (id: number, { title, body }: Draft): Task => makeTask({ id, title, body });

const parses = (query: string): boolean => {
  try {
    parseFilter(query);
    return true;
  } catch {
    return false;
  }
};
/** A bare word to search: a word, a piece of one, in any case. */
const query = fc
  .oneof(
    fc.constantFrom("okta", "OKTA", "ta", "auth", "oauth2", "2", "v2", "login", "relogin", "caf", "café", "x-ray", "re-login", "nothing", "e", "k", "ss", "i"),
    fc.tuple(word, fc.nat(), fc.nat({ max: 6 }), fc.boolean()).map(([chosen, start, length, upper]) => {
      const piece = chosen.slice(start % chosen.length, (start % chosen.length) + 1 + length);
      return upper ? piece.toUpperCase() : piece;
    }),
  )
  .filter((candidate) => /^[\p{L}\p{N}]/u.test(candidate) && parses(candidate));

/** What the filter selects with the index, and by scanning every text. */
function both(tasks: readonly Task[], index: ReturnType<typeof createTextIndex>, filter: string): [number[], number[]] {
  const node = parseFilter(filter);
  const facts = makeFacts();
  const indexed = compileFilter(node, NOW, { text: index });
  const scanned = compileFilter(node, NOW);
  return [tasks.filter((task) => indexed(task, facts)).map((task) => task.id), tasks.filter((task) => scanned(task, facts)).map((task) => task.id)];
}

/**
 * What a search finds with the index and with a scan; and the index's own answer, when it gives
 * one, names exactly the current tasks whose title or body holds the word.
 */
function expectSame(tasks: readonly Task[], index: ReturnType<typeof createTextIndex>, search: string): number[] {
  const [indexed, scanned] = both(tasks, index, search);
  expect(indexed, search).toEqual(scanned);
  const word = search.toLowerCase();
  const answer = index.matching(word);
  const holding = tasks.filter((task) => `${task.title}\n${task.body}`.toLowerCase().includes(word)).map((task) => task.id);
  if (answer) expect([...answer].map((task) => task.id).sort((a, b) => a - b), search).toEqual(holding);
  return indexed;
}

describe("the text index", () => {
  it("selects exactly what a scan selects, for words inside, across and beside word runs", () => {
    // The comparison means little unless the index answered, and found something, often enough.
    let searches = 0;
    let answered = 0;
    assertProperty(
      fc.property(fc.array(draft, { maxLength: 30 }), fc.array(query, { minLength: 1, maxLength: 5 }), (drafts, queries) => {
        const tasks = drafts.map((chosen, i) => taskOf(i + 1, chosen));
        const index = createTextIndex();
        index.sync(tasks);
        for (const search of queries) {
          const indexed = expectSame(tasks, index, search);
          searches++;
          if (indexed.length > 0 && index.matching(search.toLowerCase()) !== undefined) answered++;
        }
      }),
      { runs: 400 },
    );
    expect(answered).toBeGreaterThan(searches / 5);
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
    const round = fc.record({
      replaced: fc.array(fc.tuple(fc.nat(), draft), { maxLength: 4 }),
      removed: fc.array(fc.nat(), { maxLength: 2 }),
      added: fc.array(draft, { maxLength: 2 }),
    });
    assertProperty(
      fc.property(fc.array(draft, { maxLength: 20 }), fc.array(round, { minLength: 1, maxLength: 6 }), fc.array(query, { minLength: 1, maxLength: 3 }), (drafts, rounds, queries) => {
        let tasks = drafts.map((chosen, i) => taskOf(i + 1, chosen));
        let nextId = tasks.length + 1;
        const index = createTextIndex();
        index.sync(tasks);
        for (const { replaced, removed, added } of rounds) {
          for (const [at, chosen] of replaced) {
            if (tasks.length > 0) tasks = tasks.map((task, i) => (i === at % tasks.length ? taskOf(task.id, chosen) : task));
          }
          for (const at of removed) if (tasks.length > 0) tasks = tasks.filter((_, i) => i !== at % tasks.length);
          tasks = [...tasks, ...added.map((chosen) => taskOf(nextId++, chosen))];
          index.sync(tasks);
          for (const search of queries) expectSame(tasks, index, search);
        }
      }),
      { runs: 200 },
    );
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
