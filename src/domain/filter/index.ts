/**
 * The filter language (docs/reference/filters.md), the one place that reads it: parse once, compile once per
 * query against the clock, evaluate per task.
 */

export type {
  AttributeNode,
  FilterNode,
  IdRange,
  IdsNode,
  LogicNode,
  Modifier,
  NotNode,
  TagNode,
  VirtualTag,
  VirtualTagNode,
  WordNode,
} from "./ast.js";
export { VIRTUAL_TAGS, filterReadsText, isEmptyFilter, widensScope, withDefaultScope } from "./ast.js";
export { describeFilter } from "./describe.js";
export type { Predicate } from "./evaluate.js";
export { compileFilter, type CompileOptions } from "./evaluate.js";
export { createTextIndex, type TextIndex, type TextIndexBuilder } from "./text-index.js";
export { candidatesOf, createFieldIndex, type FieldIndex } from "./field-index.js";
export { parseFilter } from "./parse.js";
export type { Token } from "./tokenize.js";
export { tokenize, tokenizeArgs } from "./tokenize.js";
