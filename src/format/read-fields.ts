/**
 * Turns the frontmatter map into the model's fields: known fields through their readers, every
 * other key into `user` (never dropped), with each problem located at the offending node.
 */
import { isAlias, isMap, isScalar, type Document, type Pair, type ParsedNode } from "yaml";
import { KNOWN_FIELDS, isKnownField, type KnownField, type Task, type UserValue } from "../domain/task.js";
import {
  readDate,
  readId,
  readIdList,
  readParent,
  readPriority,
  readStatus,
  readTags,
  readText,
  readTitle,
  readType,
  type Reader,
} from "./field-readers.js";
import type { LocatedProblem } from "./read-yaml.js";

export type TaskFields = Partial<Pick<Task, KnownField>>;

export interface FieldProblem extends LocatedProblem {
  /** The frontmatter key the problem is about. */
  key?: string;
}

export interface ReadFields {
  fields: TaskFields;
  user: Record<string, UserValue>;
  problems: FieldProblem[];
}

const READERS: { [K in KnownField]: Reader<NonNullable<Task[K]>> } = {
  id: readId,
  title: readTitle,
  status: readStatus,
  priority: readPriority,
  type: readType,
  project: readText,
  tags: readTags,
  depends: readIdList,
  related: readIdList,
  parent: readParent,
  assignee: readText,
  due: readDate,
  scheduled: readDate,
  wait: readDate,
  until: readDate,
  recur: readText,
  branch: readText,
  worktree: readText,
  created: readDate,
  modified: readDate,
  started: readDate,
  ended: readDate,
};

/** The name of a key as the model sees it; complex keys (rare) by their JSON form. */
export function keyName(pair: Pair, doc: Document.Parsed): string {
  const key = pair.key as ParsedNode | null;
  if (key === null) return "";
  if (isScalar(key)) {
    if (key.value === null || key.value === undefined) return "";
    // `1.10:` is the key "1.10", as written, not the number 1.1.
    return typeof key.value === "string" ? key.value : (key.source ?? JSON.stringify(key.value));
  }
  return JSON.stringify(readUserValue(key, doc).value);
}

/** `contents` is the frontmatter's root node (the fast path's nodes belong to no parsed document). */
export function readFields(doc: Document.Parsed, contents: ParsedNode | null = doc.contents): ReadFields {
  const fields: Record<string, unknown> = {};
  const user: Record<string, UserValue> = {};
  const problems: FieldProblem[] = [];
  const pairs = isMap(contents) ? contents.items : [];

  for (const pair of pairs) {
    const name = keyName(pair, doc);
    const offset = pair.value?.range[0] ?? pair.key.range[0];
    const fail = (code: LocatedProblem["code"], message: string, severity: "error" | "warning" = "error"): void => {
      problems.push({ code, message, severity, offset, key: name });
    };
    // `title: *name` reads the anchored node; an alias to nothing reads as empty.
    const node = isAlias(pair.value) ? ((pair.value.resolve(doc) as ParsedNode | undefined) ?? null) : pair.value;
    if (!isKnownField(name)) {
      const value = readUserValue(node, doc);
      if (value.error !== undefined) fail("bad-field", `${name} cannot be read: ${value.error}; simplify its anchors and aliases`);
      user[name] = value.value;
      const known = KNOWN_FIELDS.find((field) => field === name.toLowerCase());
      if (known) fail("bad-field", `${JSON.stringify(name)} is kept as a user field; did you mean ${known}?`, "warning");
      continue;
    }
    // An empty value (`due:`) means the field is absent, as if the line were not there.
    if (node === null || (isScalar(node) && node.value === null)) continue;
    const reader = READERS[name] as Reader<unknown>;
    const value = reader(name, node, fail);
    if (value !== undefined) fields[name] = value;
  }

  // A required field that is absent is reported at its empty key, or at the frontmatter's start.
  const keyOffset = (field: KnownField): number => {
    const pair = pairs.find((candidate) => keyName(candidate, doc) === field);
    return pair ? pair.key.range[0] : 0;
  };
  const missing = (field: "id" | "title", code: "missing-id" | "missing-title", message: string): void => {
    if (fields[field] !== undefined || problems.some((problem) => problem.key === field)) return;
    problems.push({ code, message, severity: "error", offset: keyOffset(field), key: field });
  };
  missing("id", "missing-id", missingIdMessage());
  missing("title", "missing-title", "the frontmatter has no title; add a line such as title: Fix the login form");
  return { fields, user, problems };
}

/** toJS throws on alias bombs (many aliases expanding to huge data): a problem, not a crash. */
export function readUserValue(node: ParsedNode | null, doc: Document.Parsed): { value: UserValue; error?: string } {
  try {
    return { value: toUserValue(node?.toJS(doc)) };
  } catch (error) {
    return { value: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/** YAML's JavaScript value as plain JSON-like data: user fields are shown, filtered and exported. */
export function toUserValue(value: unknown): UserValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (Array.isArray(value) || value instanceof Set) return [...(value as Iterable<unknown>)].map(toUserValue);
  if (value instanceof Map) return toUserValue(Object.fromEntries(value));
  if (typeof value === "object") {
    const result: Record<string, UserValue> = {};
    for (const [key, item] of Object.entries(value)) result[key] = toUserValue(item);
    return result;
  }
  // Functions and symbols cannot come out of YAML; keep the function total anyway.
  return null;
}

/** The missing-id problem's text; the caller that knows the backlog names the next free id. */
export function missingIdMessage(nextId?: number): string {
  const line = nextId === undefined ? "a line id: <n> with a number no other task uses" : `the line id: ${nextId} (the next free id)`;
  return `the frontmatter has no id; add ${line}`;
}
