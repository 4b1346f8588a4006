/**
 * 100,000 random and mutated filters, from a seeded PRNG so a failure reproduces: each must
 * parse to a node whose compiled test runs on sample tasks (and whose description reads back
 * to the same tree), or throw FilterSyntaxError naming a token where it stands. Anything else
 * (a TypeError, a RangeError, a silent non-boolean) fails.
 */

import { describe, expect, it } from "vitest";
import { FilterSyntaxError } from "../../../../src/domain/errors.js";
import { compileFilter, describeFilter, parseFilter } from "../../../../src/domain/filter/index.js";
import { NOW, entry } from "./fixtures.js";
import { seededRandom as prng } from "../../../helpers/seeded-random.js";

const SEED = 0x5eed_2026;
const RUNS = 100_000;

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

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

function term(random: Random): string {
  const roll = random();
  if (roll < 0.45) {
    const modifier = pick(random, MODIFIERS);
    return `${pick(random, ATTRIBUTES)}${modifier ? `.${modifier}` : ""}:${pick(random, VALUES)}`;
  }
  if (roll < 0.7) return pick(random, TAGS);
  return pick(random, WORDS);
}

/** A filter from the grammar: mostly well-formed, with the odd bad term or value. */
function expression(random: Random, depth: number): string {
  const roll = random();
  if (depth > 3 || roll < 0.35) return term(random);
  if (roll < 0.5) return `${random() < 0.5 ? "not " : "!"}${expression(random, depth + 1)}`;
  if (roll < 0.65) return `( ${expression(random, depth + 1)} )`;
  const operator = pick(random, ["and", "or", "xor", "", "", ""]);
  return [expression(random, depth + 1), operator, expression(random, depth + 1)].filter(Boolean).join(" ");
}

function mutate(random: Random, text: string): string {
  let result = text;
  const edits = 1 + Math.floor(random() * 3);
  for (let i = 0; i < edits; i += 1) {
    const at = Math.floor(random() * (result.length + 1));
    const words = result.split(" ");
    const w = Math.floor(random() * words.length);
    switch (Math.floor(random() * 7)) {
      case 0:
        result = result.slice(0, at) + pick(random, [...NOISE]) + result.slice(at);
        break;
      case 1:
        result = result.slice(0, at) + result.slice(at + 1);
        break;
      case 2:
        result = result.slice(0, at) + result.charAt(at + 1) + result.charAt(at) + result.slice(at + 2);
        break;
      case 3:
        words.splice(w, 0, pick(random, KEYWORDS));
        result = words.join(" ");
        break;
      case 4:
        words.splice(w, 1);
        result = words.join(" ");
        break;
      case 5: {
        const other = Math.floor(random() * words.length);
        [words[w], words[other]] = [words[other] ?? "", words[w] ?? ""];
        result = words.join(" ");
        break;
      }
      default:
        words.splice(w, 0, term(random));
        result = words.join(" ");
    }
  }
  return result;
}

/** Characters with no grammar at all, to reach states the generator never builds. */
function noise(random: Random): string {
  return Array.from({ length: Math.floor(random() * 24) }, () => pick(random, [...NOISE, ...KEYWORDS.map((k) => ` ${k} `)])).join("");
}

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
  it(`parses or refuses ${RUNS} random and mutated filters, and nothing else`, () => {
    const random = prng(SEED);
    const outcome: Outcome = { parsed: 0, refused: 0 };
    for (let run = 0; run < RUNS; run += 1) {
      const generated = run % 20 === 7 ? noise(random) : expression(random, 0);
      const input = run % 4 === 0 ? generated : mutate(random, generated);
      check(run % 10 === 5 ? input.split(" ") : input, outcome);
    }
    // Both branches must be well exercised, or the fuzzer tests nothing.
    expect(outcome.parsed).toBeGreaterThan(RUNS / 5);
    expect(outcome.refused).toBeGreaterThan(RUNS / 5);
  });
});
