/**
 * The filter compiler: a tree of closures built once per query, so evaluating a task is a few
 * calls and comparisons. Operands of `and`/`or` run cheapest first (pure tests commute), so a
 * text search only scans the tasks the structured terms let through.
 */

import type { FilterNode } from "./ast.js";
import { compileAttribute, hasTag } from "./compile-attribute.js";
import { idInRanges } from "./id-ranges.js";
import type { Predicate } from "./predicate.js";
import { not } from "./predicate.js";
import { searchTextOf } from "./task-cache.js";
import type { TextIndex } from "./text-index.js";
import { compileVirtualTag } from "./virtual-tags.js";

export type { Predicate } from "./predicate.js";

export interface CompileOptions {
  /** A word index over the tasks the predicate will see: bare words look tasks up instead of scanning text. */
  text?: TextIndex;
}

/** Compiles a parsed filter against a clock: dates like `friday` or `now-2h` resolve to `now`. */
export function compileFilter(node: FilterNode, now: Date, options: CompileOptions = {}): Predicate {
  return compileNode(node, now, options).test;
}

interface Compiled {
  test: Predicate;
  /** Rough relative cost, for ordering operands. */
  cost: number;
}

const CHEAP = 1;
const SCAN = 50;

function compileNode(node: FilterNode, now: Date, options: CompileOptions): Compiled {
  switch (node.kind) {
    case "empty":
      return { test: () => true, cost: 0 };
    case "and":
    case "or":
    case "xor": {
      const parts = node.operands.map((operand) => compileNode(operand, now, options));
      const cost = parts.reduce((sum, part) => sum + part.cost, 0);
      if (node.kind === "xor") return { test: xorOf(parts.map((part) => part.test)), cost };
      const tests = [...parts].sort((a, b) => a.cost - b.cost).map((part) => part.test);
      return { test: node.kind === "and" ? allOf(tests) : anyOf(tests), cost };
    }
    case "not": {
      const inner = compileNode(node.operand, now, options);
      return { test: not(inner.test), cost: inner.cost };
    }
    case "ids": {
      const { ranges } = node;
      return { test: (task) => idInRanges(task.id, ranges), cost: CHEAP };
    }
    case "tag": {
      const tag = node.tag.toLowerCase();
      const test: Predicate = (task) => hasTag(task, tag);
      return { test: node.present ? test : not(test), cost: CHEAP };
    }
    case "virtual": {
      const test = compileVirtualTag(node.tag, now);
      return { test: node.present ? test : not(test), cost: CHEAP };
    }
    case "word": {
      const word = node.text.toLowerCase();
      const found = options.text?.matching(word);
      if (found) return { test: (task) => found.has(task), cost: CHEAP };
      return { test: (task) => searchTextOf(task).includes(word), cost: SCAN };
    }
    case "attribute":
      return { test: compileAttribute(node, now), cost: node.attribute === "body" ? SCAN : CHEAP * 2 };
  }
}

function allOf(tests: Predicate[]): Predicate {
  const [first, second] = tests;
  if (tests.length === 2 && first && second) return (task, facts) => first(task, facts) && second(task, facts);
  return (task, facts) => {
    for (const test of tests) if (!test(task, facts)) return false;
    return true;
  };
}

function anyOf(tests: Predicate[]): Predicate {
  const [first, second] = tests;
  if (tests.length === 2 && first && second) return (task, facts) => first(task, facts) || second(task, facts);
  return (task, facts) => {
    for (const test of tests) if (test(task, facts)) return true;
    return false;
  };
}

/** True when an odd number of operands hold: `a xor b xor c` read left to right. */
function xorOf(tests: Predicate[]): Predicate {
  return (task, facts) => {
    let result = false;
    for (const test of tests) if (test(task, facts)) result = !result;
    return result;
  };
}
