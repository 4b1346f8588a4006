/**
 * Generated and mutated filters (fast-check: a failure shrinks and replays from its seed): each must
 * parse to a node whose compiled test runs on sample tasks (and whose description reads back
 * to the same tree), or throw FilterSyntaxError naming a token where it stands. Anything else
 * (a TypeError, a RangeError, a silent non-boolean) fails.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FilterSyntaxError } from "../../../../src/domain/errors.js";
import { compileFilter, describeFilter, parseFilter } from "../../../../src/domain/filter/index.js";
import { NOW, entry } from "./fixtures.js";
import { assertProperty } from "../../../helpers/property.js";

const ATTRIBUTES = [
  "status", "project", "priority", "type", "title", "description", "body", "tags", "depends", "parent", "id", "urgency",
  "assignee", "agent", "due", "scheduled", "wait", "until", "created", "entry", "modified", "started", "start", "ended",
  "end", "recur", "branch", "worktree", "custom_field", "estimate", "constructor", "__proto__", "Status", "x-y",
];
const MODIFIERS = [
  "", "", "", "is", "not", "isnt", "has", "hasnt", "none", "any", "contains", "startswith", "endswith", "before", "after",
  "by", "equals", "above", "below", "over", "under", "left", "right", "befor", "xx",
];
const VALUES = [
  "", "pending", "completed", "waiting", "done", "H", "m", "bug", "web", "web.api", "7", "7,9", "3-5", "5-3", "1.5", "-2",
  "friday", "fri", "today", "now", "now-2h", "+3d", "-1w", "today+1d", "sow", "eoy", "socw", "2026-12-01",
  "2026-12-01T10:00:00Z", "2026-02-30", "fridya", "later", `"fix login"`, `'a b'`, `"("`, "a:b", "x\\y", "é", "9".repeat(30),
  "now+999999999y", "P1D",
];
const WORDS = ["auth", "login", "log-in", "Fix", "12", "12,15", "3-5", "0", `"or"`, `"12"`, "é", "a!b", "12:30", `"x y"`];
const TAGS = ["+bug", "-wip", "+READY", "-BLOCKED", "+OVERDUE", "+TODAY", "+WEEK", "+DUE", "+FOO", "+A", "-", "+", `+"x y"`, "+-x"];
const KEYWORDS = ["and", "or", "xor", "not", "!", "(", ")", "AND", "Or"];
const NOISE = ` ()!"'+-:.,\\xyz0123456789aé\t`;

const term = fc.oneof(
  { weight: 9, arbitrary: fc.tuple(fc.constantFrom(...ATTRIBUTES), fc.constantFrom(...MODIFIERS), fc.constantFrom(...VALUES)).map(([name, modifier, value]) => `${name}${modifier ? `.${modifier}` : ""}:${value}`) },
  { weight: 5, arbitrary: fc.constantFrom(...TAGS) },
  { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
);

/** A filter from the grammar: mostly well-formed, with the odd bad term or value. */
const { expression } = fc.letrec<{ expression: string }>((tie) => ({
  expression: fc.oneof(
    { maxDepth: 4, depthIdentifier: "filter", withCrossShrink: true },
    { weight: 7, arbitrary: term },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom("not ", "!"), tie("expression")).map(([not, inner]) => not + inner) },
    { weight: 3, arbitrary: tie("expression").map((inner) => `( ${inner} )`) },
    {
      weight: 7,
      arbitrary: fc.tuple(tie("expression"), fc.constantFrom("and", "or", "xor", "", "", ""), tie("expression")).map((parts) => parts.filter(Boolean).join(" ")),
    },
  ),
}));

/** One edit of a filter's text or words; `at` and `other` pick places, taken modulo the length. */
const edit = fc.record({
  kind: fc.constantFrom("insert", "delete", "swap-characters", "keyword", "drop-word", "swap-words", "term"),
  at: fc.nat(),
  other: fc.nat(),
  noise: fc.constantFrom(...NOISE),
  keyword: fc.constantFrom(...KEYWORDS),
  term,
});
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, edits: readonly Edit[]): string {
  let result = text;
  for (const { kind, at: place, other: second, noise, keyword, term: inserted } of edits) {
    const at = place % (result.length + 1);
    const words = result.split(" ");
    const w = place % words.length;
    const other = second % words.length;
    switch (kind) {
      case "insert":
        result = result.slice(0, at) + noise + result.slice(at);
        break;
      case "delete":
        result = result.slice(0, at) + result.slice(at + 1);
        break;
      case "swap-characters":
        result = result.slice(0, at) + result.charAt(at + 1) + result.charAt(at) + result.slice(at + 2);
        break;
      case "keyword":
        words.splice(w, 0, keyword);
        result = words.join(" ");
        break;
      case "drop-word":
        words.splice(w, 1);
        result = words.join(" ");
        break;
      case "swap-words":
        [words[w], words[other]] = [words[other] ?? "", words[w] ?? ""];
        result = words.join(" ");
        break;
      case "term":
        words.splice(w, 0, inserted);
        result = words.join(" ");
    }
  }
  return result;
}

/** Characters with no grammar at all, to reach states the generator never builds. */
const noise = fc.array(fc.constantFrom(...NOISE, ...KEYWORDS.map((k) => ` ${k} `)), { maxLength: 24 }).map((parts) => parts.join(""));

/** A filter as typed (one string) or as the shell passes it (words); generated, mutated or noise. */
const filterInput = fc
  .tuple(
    fc.oneof({ weight: 19, arbitrary: expression }, { weight: 1, arbitrary: noise }),
    fc.oneof({ weight: 1, arbitrary: fc.constant([]) }, { weight: 3, arbitrary: fc.array(edit, { minLength: 1, maxLength: 3 }) }),
    fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  )
  .map(([generated, edits, words]): string | string[] => {
    const text = mutate(generated, edits);
    return words ? text.split(" ") : text;
  });

const SAMPLES = [
  entry({ id: 1, title: "Auth login", tags: ["bug"], project: "web", priority: "H", due: "2026-11-20", user: { estimate: 3 } }, { ready: true, today: true }),
  entry({ id: 7, status: "active", depends: [9], parent: 1, due: "2026-11-27T17:00:00Z", body: "log-in (x y)\n" }, { blocked: true, urgency: 4.5 }),
  entry({ id: 9, status: "done", tags: ["wip", "x y"], ended: "2026-11-19", user: { custom_field: ["a", "b"], constructor: "c" } }),
  entry({ id: 12, status: "deleted", due: "garbage", created: "2026-02-30" }, { waiting: true, children: [1] }),
];

interface Outcome {
  parsed: number;
  refused: number;
}

function check(input: string | readonly string[], outcome: Outcome): void {
  const source = typeof input === "string" ? input : input.join(" ");
  let node;
  try {
    node = parseFilter(input);
  } catch (error) {
    if (!(error instanceof FilterSyntaxError)) throw new Error(`${JSON.stringify(input)} threw ${String(error)}`, { cause: error });
    if (!source.slice(error.position).startsWith(error.token) || error.token === "" || !error.message.includes(`position ${error.position}`)) {
      throw new Error(`${JSON.stringify(input)}: token ${JSON.stringify(error.token)} is not at position ${error.position}`, { cause: error });
    }
    outcome.refused += 1;
    return;
  }
  const test = compileFilter(node, NOW);
  for (const { task, facts } of SAMPLES) {
    if (typeof test(task, facts) !== "boolean") throw new Error(`${JSON.stringify(input)} gave a non-boolean`);
  }
  const text = describeFilter(node);
  expect(parseFilter(text), `${JSON.stringify(input)} described as ${text}`).toEqual(node);
  outcome.parsed += 1;
}

describe("filter fuzz", () => {
  it("parses or refuses random and mutated filters, and nothing else", () => {
    const outcome: Outcome = { parsed: 0, refused: 0 };
    assertProperty(
      fc.property(filterInput, (input) => check(input, outcome)),
      { runs: 5000 },
    );
    // Both branches must be well exercised, or the fuzzer tests nothing.
    const runs = outcome.parsed + outcome.refused;
    expect(outcome.parsed).toBeGreaterThan(runs / 5);
    expect(outcome.refused).toBeGreaterThan(runs / 5);
  });
});
