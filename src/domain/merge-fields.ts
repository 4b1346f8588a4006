/**
 * The three-way field merge of a task file (docs/reference/git.md, "The merge driver"), pure: the merge driver reads the three
 * versions, this decides every field, the driver writes the answer into our file's text.
 *
 * - Scalars (and user fields, compared deeply): the side that changed wins; when both changed
 *   to different values, the side with the later `modified` wins (ours on a tie, since git hands
 *   the driver our file as the one to keep) and the loser's value is kept in a `merge:` note.
 * - `started` and `ended` follow the status: when the sides' statuses differ, both come from the
 *   side whose status the merge kept.
 * - `modified` takes the later of the two.
 * - Lists (`tags`, `depends`, `related`): our order, plus what they added, minus what either side removed.
 * - Notes: the union of both sides in time order, deduplicated; a note that one side removed
 *   (denotate) and the other kept unchanged stays removed, as with list items.
 */
import { parseIsoTime } from "./iso-time.js";
import { ID_LIST_FIELDS, type KnownField, type Note, type Task, type UserValue } from "./task.js";

/** The fields a merge decides one by one; `id` included, so a renumbered copy is never silently split. */
const SCALAR_FIELDS = [
  "id", "title", "status", "priority", "type", "project", "parent", "assignee", "due", "scheduled", "wait", "until",
  "recur", "branch", "worktree", "created", "started", "ended",
] as const satisfies readonly KnownField[];
const LIST_FIELDS = ["tags", ...ID_LIST_FIELDS] as const satisfies readonly KnownField[];
const LIFECYCLE_FIELDS: ReadonlySet<KnownField> = new Set<KnownField>(["started", "ended"]);

export type MergeableTask = Omit<Task, "body" | "path">;
type FieldValue = UserValue | undefined;

export interface FieldMergeInput {
  /** The common ancestor; undefined when the file was added on both sides. */
  base?: MergeableTask;
  ours: MergeableTask;
  theirs: MergeableTask;
  /** ISO time of the merge, for the notes that record a lost value. */
  now: string;
}

export interface FieldMerge {
  /** Every known field's merged value (undefined: absent). */
  fields: Partial<Record<KnownField, FieldValue>>;
  /** Every user field that is present after the merge, plus absent ones (undefined) that a side had. */
  user: Record<string, FieldValue>;
  /** The merged notes in time order, the `merge:` notes about lost values included. */
  notes: Note[];
  /** The fields both sides changed to different values, for the driver's report. */
  contested: string[];
}

export function mergeFields({ base, ours, theirs, now }: FieldMergeInput): FieldMerge {
  const theirsWins = isLater(theirs.modified, ours.modified);
  const contested: string[] = [];
  const lost: Note[] = [];
  const pick = (name: string, o: FieldValue, t: FieldValue, b: FieldValue): FieldValue => {
    const merged = mergeScalar(b, o, t, theirsWins);
    if (merged.contested) {
      contested.push(name);
      const loser = theirsWins ? o : t;
      const what = loser === undefined ? "removed" : `changed to ${describe(loser)}`;
      lost.push({ time: now, author: "merge", text: `${name} was also ${what} on the other side` });
    }
    return merged.value;
  };

  const fields: Partial<Record<KnownField, FieldValue>> = {};
  const read = (task: MergeableTask | undefined, name: KnownField): FieldValue => (task ? (task as Record<string, unknown>)[name] : undefined) as FieldValue;
  for (const name of SCALAR_FIELDS) {
    if (!LIFECYCLE_FIELDS.has(name)) fields[name] = pick(name, read(ours, name), read(theirs, name), read(base, name));
  }
  // `started` and `ended` belong to a status: when the sides end in different statuses, they
  // come from the side whose status was kept, so a merged task is never active with an `ended`.
  const source = ours.status === theirs.status ? undefined : fields.status === theirs.status ? theirs : ours;
  for (const name of LIFECYCLE_FIELDS) fields[name] = source ? read(source, name) : pick(name, read(ours, name), read(theirs, name), read(base, name));
  for (const name of LIST_FIELDS) fields[name] = mergeList(read(base, name) as UserValue[] | undefined, read(ours, name) as UserValue[], read(theirs, name) as UserValue[]);
  fields.modified = isLater(theirs.modified, ours.modified) ? theirs.modified : (ours.modified ?? theirs.modified);

  const user: Record<string, FieldValue> = {};
  const names = new Set([...Object.keys(base?.user ?? {}), ...Object.keys(ours.user), ...Object.keys(theirs.user)]);
  for (const name of names) user[name] = pick(name, ours.user[name], theirs.user[name], base?.user[name]);

  return { fields, user, notes: sortNotes(mergeNotes(base?.notes ?? [], ours.notes, theirs.notes).concat(lost)), contested };
}

/** The scalar rule; `contested` when both sides moved away from the base to different values. */
export function mergeScalar(base: FieldValue, ours: FieldValue, theirs: FieldValue, theirsWins: boolean): { value: FieldValue; contested: boolean } {
  if (deepEqual(ours, theirs)) return { value: ours, contested: false };
  if (deepEqual(base, ours)) return { value: theirs, contested: false };
  if (deepEqual(base, theirs)) return { value: ours, contested: false };
  return { value: theirsWins ? theirs : ours, contested: true };
}

/** Set union minus removals, in our order followed by their additions. */
export function mergeList<T extends UserValue>(base: readonly T[] | undefined, ours: readonly T[], theirs: readonly T[]): T[] {
  const has = (list: readonly T[] | undefined, item: T): boolean => (list ?? []).some((other) => deepEqual(other, item));
  const removedByThem = (item: T): boolean => has(base, item) && !has(theirs, item);
  const kept = ours.filter((item) => !removedByThem(item));
  const added = theirs.filter((item) => !has(base, item) && !has(ours, item));
  return dedupe([...kept, ...added]);
}

/** Both sides' notes; one that was in the base and is missing on either side was removed on purpose. */
export function mergeNotes(base: readonly Note[], ours: readonly Note[], theirs: readonly Note[]): Note[] {
  const key = (note: Note): string => `${note.time}\u0000${note.author}\u0000${note.text}`;
  const inBase = new Set(base.map(key));
  const inOurs = new Set(ours.map(key));
  const inTheirs = new Set(theirs.map(key));
  const seen = new Set<string>();
  const merged: Note[] = [];
  for (const note of [...ours, ...theirs]) {
    const id = key(note);
    if (seen.has(id)) continue;
    seen.add(id);
    if (inBase.has(id) && !(inOurs.has(id) && inTheirs.has(id))) continue;
    merged.push(note);
  }
  return sortNotes(merged);
}

/** Time order; notes of the same moment keep the order they came in (ours before theirs). */
function sortNotes(notes: Note[]): Note[] {
  return notes
    .map((note, index) => ({ note, index, at: timeOf(note.time) }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map(({ note }) => note);
}

function isLater(candidate: string | undefined, other: string | undefined): boolean {
  if (candidate === undefined) return false;
  if (other === undefined) return true;
  return timeOf(candidate) > timeOf(other);
}

function timeOf(iso: string): number {
  return parseIsoTime(iso) ?? 0;
}

function describe(value: UserValue): string {
  if (Array.isArray(value)) return `[${value.map((item) => (typeof item === "string" ? item : JSON.stringify(item))).join(", ")}]`;
  return JSON.stringify(value);
}

function dedupe<T extends UserValue>(items: T[]): T[] {
  return items.filter((item, index) => items.findIndex((other) => deepEqual(other, item)) === index);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => key in right && deepEqual(left[key], right[key]));
}
