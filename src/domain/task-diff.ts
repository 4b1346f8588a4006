import { KNOWN_FIELDS, type FieldChanges, type Task, type UserValue } from "./task.js";

/** Fields a whole-task comparison leaves out: the identity, and the stamp every write moves. */
const NOT_COMPARED: ReadonlySet<string> = new Set(["id", "modified"]);

/**
 * The field changes that turn `before` into `after` (a value sets, `null` removes), for a write
 * that replaces a task's fields as a whole (an import of the same task). Empty lists count as
 * absent; `modified` is left to the caller; a user field is compared by value, whatever its order.
 */
export function taskDifference(before: Task, after: Task): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of KNOWN_FIELDS) {
    if (NOT_COMPARED.has(field)) continue;
    const next = present(after[field]);
    if (!same(present(before[field]), next)) changes[field] = (next ?? null) as FieldChanges[typeof field];
  }
  for (const name of new Set([...Object.keys(before.user), ...Object.keys(after.user)])) {
    // A null user value cannot be told from an absent one by a change (`null` removes): they count as equal.
    const next = after.user[name] ?? null;
    if (!same(before.user[name] ?? null, next)) changes[name] = next;
  }
  return changes;
}

/** True when two bodies hold the same document: trailing blank lines and a final newline aside. */
export function sameBody(a: string, b: string): boolean {
  return a.replace(/\s+$/, "") === b.replace(/\s+$/, "");
}

function present(value: unknown): unknown {
  return Array.isArray(value) && value.length === 0 ? undefined : value;
}

function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** JSON with object keys sorted, so `{a: 1, b: 2}` and `{b: 2, a: 1}` compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, UserValue>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  ) ?? "undefined";
}
