/**
 * How a typed field name is read, by change words and filters alike (each with its own names):
 * a field's name or Taskwarrior's for it, ignoring case; else a user field some task already
 * carries, as written; else Taskwarrior's abbreviation rule (`abbreviation.minimum`, default 2:
 * a prefix of two letters or more that fits one field stands for it, one that fits several is
 * ambiguous); else, when the name is a near miss of a known one, a suggestion. What is left is
 * unknown: a user field, if the caller's syntax allows one.
 */
import { closestWord } from "./suggest.js";
import type { KnownField } from "./task.js";

/** Taskwarrior's names for our fields (docs/reference/filters.md, "Attributes"). */
export const TASKWARRIOR_NAMES: Readonly<Record<string, KnownField>> = {
  description: "title",
  entry: "created",
  start: "started",
  end: "ended",
  agent: "assignee",
};

/** Taskwarrior's `abbreviation.minimum` default: `pr` may abbreviate, `p` never does. */
export const ABBREVIATION_MINIMUM = 2;

/**
 * A name within this many edits of a known one (and a third of its length), and not carried by
 * any task, is taken for a typo of it. Names under four letters are left alone: one edit from
 * `id`, `due` or `end` are `mid`, `env` or `aid`, other words people name their fields.
 */
const SUGGEST_DISTANCE = 2;
const SUGGEST_MIN_LENGTH = 4;

export type FieldName =
  | { kind: "field"; name: string }
  | { kind: "user"; name: string }
  | { kind: "ambiguous"; candidates: string[] }
  | { kind: "near"; suggestion: string }
  | { kind: "unknown" };

/**
 * Reads `written` against `names` (every name that may be typed, mapped to the field it stands
 * for). `isUserField` says whether some task carries a user field of exactly that name.
 */
export function readFieldName(written: string, names: ReadonlyMap<string, string>, isUserField: (name: string) => boolean): FieldName {
  const lower = written.toLowerCase();
  const exact = names.get(lower);
  if (exact !== undefined) return { kind: "field", name: exact };
  // Taskwarrior's exact match wins over any abbreviation, and a user field is a real field.
  if (isUserField(written)) return { kind: "user", name: written };
  if (lower.length >= ABBREVIATION_MINIMUM) {
    const candidates = [...names.keys()].filter((name) => name.startsWith(lower)).sort();
    const meanings = new Set(candidates.map((name) => names.get(name)));
    const [only] = meanings;
    if (meanings.size === 1 && only !== undefined) return { kind: "field", name: only };
    if (meanings.size > 1) return { kind: "ambiguous", candidates };
  }
  if (lower.length >= SUGGEST_MIN_LENGTH) {
    const suggestion = closestWord(lower, [...names.keys()], (name) => names.get(name) ?? name, SUGGEST_DISTANCE);
    if (suggestion !== undefined) return { kind: "near", suggestion };
  }
  return { kind: "unknown" };
}

/** `a, b or c`. */
export function listChoices(names: readonly string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names[names.length - 1] ?? ""}` : (names[0] ?? "");
}
