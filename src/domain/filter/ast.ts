/** The filter's syntax tree: what `parseFilter` builds and the compiler and describer read. */

/**
 * Canonical modifiers; the parser folds the aliases (`equals`→`is`, `contains`→`has`,
 * `above`/`over`→`after`, `below`/`under`→`before`, `left`→`startswith`, `right`→`endswith`).
 * `match` is the plain `attr:value`.
 */
export type Modifier =
  | "match"
  | "is"
  | "not"
  | "isnt"
  | "has"
  | "hasnt"
  | "none"
  | "any"
  | "startswith"
  | "endswith"
  | "before"
  | "after"
  | "by";

export const VIRTUAL_TAGS = [
  "READY",
  "BLOCKED",
  "UNBLOCKED",
  "BLOCKING",
  "ACTIVE",
  "OVERDUE",
  "WAITING",
  "TODAY",
  "TOMORROW",
  "YESTERDAY",
  "WEEK",
  "MONTH",
  "QUARTER",
  "YEAR",
  "TAGGED",
  "ANNOTATED",
  "PARENT",
  "CHILD",
  "PENDING",
  "COMPLETED",
  "DELETED",
  "PROJECT",
  "PRIORITY",
  "DUE",
  "SCHEDULED",
  "RECURRING",
] as const;
export type VirtualTag = (typeof VIRTUAL_TAGS)[number];

/** An inclusive id range; a single id is `[n, n]`. */
export type IdRange = readonly [from: number, to: number];

export interface EmptyNode {
  readonly kind: "empty";
}

export interface LogicNode {
  readonly kind: "and" | "or" | "xor";
  /** Two or more; `xor` of many is true when an odd number are. */
  readonly operands: readonly FilterNode[];
}

export interface NotNode {
  readonly kind: "not";
  readonly operand: FilterNode;
}

/** Bare ids and id lists: `12`, `12,15`, `3-5`; adjacent ones merged (Taskwarrior's or). */
export interface IdsNode {
  readonly kind: "ids";
  readonly ranges: readonly IdRange[];
}

/** `+tag` / `-tag`; the name as written, matched ignoring case. */
export interface TagNode {
  readonly kind: "tag";
  readonly tag: string;
  readonly present: boolean;
}

export interface VirtualTagNode {
  readonly kind: "virtual";
  readonly tag: VirtualTag;
  readonly present: boolean;
}

/** A bare word: searched in title and body, ignoring case. */
export interface WordNode {
  readonly kind: "word";
  readonly text: string;
}

export interface AttributeNode {
  readonly kind: "attribute";
  /** Canonical name (`title`, `created`…) for a known field, the name as written for a user field. */
  readonly attribute: string;
  readonly user: boolean;
  readonly modifier: Modifier;
  /** As written, except status (lower case, `completed`→`done`) and priority (upper case). */
  readonly value: string;
}

export type FilterNode =
  | EmptyNode
  | LogicNode
  | NotNode
  | IdsNode
  | TagNode
  | VirtualTagNode
  | WordNode
  | AttributeNode;

export const EMPTY_FILTER: EmptyNode = { kind: "empty" };

/** True for the empty filter, to which a read applies its default scope (`withDefaultScope`). */
export function isEmptyFilter(node: FilterNode): boolean {
  return node.kind === "empty";
}

const WIDENING_TAGS: ReadonlySet<VirtualTag> = new Set(["COMPLETED", "DELETED"]);

/**
 * True when the filter reaches past open tasks on purpose: a status term (`status:done`,
 * `status.any:`, `status.not:pending`), `+COMPLETED` or `+DELETED`, or ids (docs/reference/filters.md, "Which tasks a filter starts from").
 * `+PENDING`, `+ACTIVE` and negated status tags stay within the open tasks, so they do not.
 */
export function widensScope(node: FilterNode): boolean {
  return someTerm(node, (term) =>
    term.kind === "ids" ||
    (term.kind === "attribute" && !term.user && term.attribute === "status") ||
    (term.kind === "virtual" && term.present && WIDENING_TAGS.has(term.tag)),
  );
}

const statusIs = (value: string): AttributeNode => ({ kind: "attribute", attribute: "status", user: false, modifier: "match", value });
const OPEN: FilterNode = { kind: "or", operands: [statusIs("pending"), statusIs("active")] };
const OPEN_NOT_WAITING: FilterNode = { kind: "and", operands: [OPEN, { kind: "virtual", tag: "WAITING", present: false }] };

/**
 * The filter as a command applies it (docs/reference/filters.md, "Which tasks a filter starts from", like Taskwarrior's reports): one
 * that does not widen the scope covers open tasks (pending and active) only, and an empty one
 * means open tasks that are not WAITING. `export` skips this: its filter covers every status.
 */
export function withDefaultScope(node: FilterNode): FilterNode {
  if (node.kind === "empty") return OPEN_NOT_WAITING;
  return widensScope(node) ? node : { kind: "and", operands: [node, OPEN] };
}

const TEXT_TAGS: ReadonlySet<VirtualTag> = new Set(["ANNOTATED"]);

/**
 * True when evaluating the filter reads a task's body or notes (bare words, `body…:`,
 * +ANNOTATED), so a loader that defers bodies knows it must read them first.
 */
export function filterReadsText(node: FilterNode): boolean {
  return someTerm(node, (term) =>
    term.kind === "word" ||
    (term.kind === "attribute" && !term.user && term.attribute === "body") ||
    (term.kind === "virtual" && TEXT_TAGS.has(term.tag)),
  );
}

/** True when `test` holds for some leaf of the tree. */
export function someTerm(node: FilterNode, test: (term: FilterNode) => boolean): boolean {
  if (node.kind === "and" || node.kind === "or" || node.kind === "xor") {
    return node.operands.some((operand) => someTerm(operand, test));
  }
  return node.kind === "not" ? someTerm(node.operand, test) : test(node);
}
