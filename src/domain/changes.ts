import { formatResolvedDate, minuteOrMonthHint, resolveDate } from "./dates.js";
import { BacklogError, type Remedy } from "./errors.js";
import { assertSettable } from "./field-policy.js";
import { listChoices, readFieldName, TASKWARRIOR_NAMES } from "./field-names.js";
import { parseRecur } from "./recurrence.js";
import { notATaskId, readTaskId } from "./task-id.js";
import {
  DATE_FIELDS,
  ID_LIST_FIELDS,
  isIdListField,
  isKnownField,
  isPriority,
  isStatus,
  isTaskType,
  KNOWN_FIELDS,
  type FieldChanges,
  type IdListField,
  type Task,
  type UserValue,
} from "./task.js";

/** Ids to add to and remove from one id list (`depends:7,-9`); `clear` empties it first (`depends:` with no value). */
export interface IdListEdit {
  add: number[];
  remove: number[];
  clear?: boolean;
}

/**
 * A change to one or many tasks, as both front ends express it: fields to set or clear,
 * tags to add or remove, and edits of the id lists (Taskwarrior's `+tag -tag depends:7 depends:-7`;
 * `related` is edited the same way).
 */
export interface TaskChanges {
  set: FieldChanges;
  addTags: string[];
  removeTags: string[];
  ids: Record<IdListField, IdListEdit>;
}

export function emptyChanges(): TaskChanges {
  return { set: {}, addTags: [], removeTags: [], ids: { depends: { add: [], remove: [] }, related: { add: [], remove: [] } } };
}

export function hasChanges(changes: TaskChanges): boolean {
  return Object.keys(changes.set).length > 0 || changes.addTags.length + changes.removeTags.length > 0 || ID_LIST_FIELDS.some((name) => editsList(changes.ids[name]));
}

function editsList(edit: IdListEdit): boolean {
  return edit.clear === true || edit.add.length + edit.remove.length > 0;
}

/** The names a change word may give a field: the fields' own and Taskwarrior's for them. */
const CHANGE_NAMES: ReadonlyMap<string, string> = new Map([...KNOWN_FIELDS.map((name) => [name, name] as const), ...Object.entries(TASKWARRIOR_NAMES)]);

/** The name a user field may be given in a change: a lower-case word. */
export const USER_FIELD = /^[a-z][a-z0-9_]*$/;

/**
 * `add` creates: a word starting with `-` is text there (`add Fix the -v flag`), and no id list
 * (`depends`, `related`) has an id to remove. `modify` (and `duplicate`, which changes a copy)
 * removes tags with `-tag`.
 */
export type ChangeMode = "add" | "modify";

/**
 * Parses Taskwarrior-style change words: `priority:H +tag -tag depends:7,9 due:friday project:web`.
 * Words that are not changes are returned in order (they form a title); no word is ever dropped.
 * `name:value` with a known field name, Taskwarrior's name for it or an abbreviation of either
 * (`pri:H`) is a change even when the value holds spaces (`"title:Write the docs"`), and a bad
 * value is refused. Another lower-case name sets a user field, unless the word holds a space (it
 * came quoted from the shell as text); but when the name is an ambiguous abbreviation or a near
 * miss of a field, and no task carries it (`isUserField`), the word is refused rather than turned
 * into a field nobody meant. The caller keeps the words after `--` out of `args`.
 */
export function parseChangeArgs(
  args: readonly string[],
  now: Date,
  mode: ChangeMode = "modify",
  isUserField: (name: string) => boolean = () => false,
): { words: string[]; changes: TaskChanges } {
  const changes = emptyChanges();
  const words: string[] = [];
  for (const arg of args) {
    const tag = /^([+-])([^\s+:-][^\s:]*)$/.exec(arg);
    if (tag?.[1] && tag[2] && (tag[1] === "+" || mode === "modify")) {
      (tag[1] === "+" ? changes.addTags : changes.removeTags).push(tag[2]);
      continue;
    }
    const pair = /^([A-Za-z][\w.-]*):([\s\S]*)$/.exec(arg);
    const value = pair?.[2] ?? "";
    const field = pair ? changedField(pair[1] ?? "", value, arg, isUserField) : undefined;
    if (field) {
      withTextHint(arg, () => applyChange(changes, field, value.trim(), arg, now, mode));
      continue;
    }
    words.push(arg);
  }
  return { words, changes };
}

/**
 * The field a `name:value` word changes, or undefined when the word is text. A name that would
 * make a new user field is refused when it looks meant for a known field: an abbreviation of
 * several, or a near miss of one that no task carries.
 */
function changedField(written: string, value: string, token: string, isUserField: (name: string) => boolean): string | undefined {
  // A capitalised word that names no field (`Note:this`, `Re:`) is title text, never a guess.
  if (!USER_FIELD.test(written)) {
    const known = CHANGE_NAMES.get(written.toLowerCase());
    return known;
  }
  const read = readFieldName(written, CHANGE_NAMES, isUserField);
  if (read.kind === "field") return read.name;
  // Only a value sets a user field; a URL (`http://…`) or a word holding a space came as text.
  if (value === "" || value.startsWith("//") || /\s/.test(token)) return undefined;
  const data = { token, field: written };
  if (read.kind === "ambiguous") {
    throw new BacklogError("usage", `"${token}": "${written}" is short for more than one field: ${listChoices(read.candidates)}; write more of the name`, data, [asText(token)]);
  }
  if (read.kind === "near") {
    throw new BacklogError("usage", `"${token}": unknown field "${written}"; did you mean ${read.suggestion}? A field of your own is set by name once a task carries it`, data, [
      { use: "edit", does: `adds "${written}: …" to one task` },
      asText(token),
    ]);
  }
  return written;
}

/** The way past a refused change word that was meant as words of the title. */
function asText(token: string): Remedy {
  return { use: "as-text", does: `keeps "${token}" as text` };
}

/**
 * The title the words give: the title words, or a `title:` change when there are none (one quoted
 * word, `add "title:Fix it"`); it is taken out of `changes`. Both at once would leave one of them
 * unused, so that is refused. Undefined when neither is there.
 */
export function takeTitle(words: readonly string[], changes: TaskChanges): string | undefined {
  const named = changes.set.title;
  delete changes.set.title;
  if (typeof named !== "string") return words.length > 0 ? words.join(" ") : undefined;
  if (words.length > 0) throw new BacklogError("usage", `give the title once, as words or as title:..., not both ("${words.join(" ")}" and "title:${named}").`, { field: "title" });
  return named;
}

/** A refused change word says how to keep it as text instead: the user may have meant a title. */
function withTextHint(token: string, apply: () => void): void {
  try {
    apply();
  } catch (error) {
    if (!(error instanceof BacklogError) || error.code !== "usage") throw error;
    throw new BacklogError("usage", error.message, error.data, [...error.remedies, asText(token)]);
  }
}

/** Adds one `name:value` change (the field's name already resolved) to `changes`, or throws a usage error naming `token`. */
export function applyChange(changes: TaskChanges, name: string, value: string, token: string, now: Date, mode: ChangeMode = "modify"): void {
  // What no change may set is refused as it is read; the service refuses the rest per operation.
  assertSettable(name, undefined, value);
  if (name === "tags") {
    changes.set.tags = value === "" ? null : splitList(value);
    return;
  }
  if (isIdListField(name)) {
    const edit = changes.ids[name];
    if (value === "") {
      edit.clear = true;
      return;
    }
    for (const item of splitList(value)) {
      const remove = item.startsWith("-");
      if (remove && mode === "add") throw new BacklogError("usage", `"${token}": a new task has nothing in ${name} to remove.`, { token });
      const id = parseId(remove ? item.slice(1) : item.replace(/^\+/, ""), token);
      (remove ? edit.remove : edit.add).push(id);
    }
    return;
  }
  if (value === "") {
    if (name === "title") throw new BacklogError("usage", `"${token}": a task needs a title.`, { token });
    changes.set[name] = null;
    return;
  }
  changes.set[name] = normaliseValue(name, value, token, now);
}

/** Turns a typed value into the model's form, or a usage error naming the token. */
export function normaliseValue(name: string, value: string, token: string, now: Date): string | number | UserValue {
  if (name === "parent") return parseId(value.replace(/^#/, ""), token);
  if (name === "project" && /\s/.test(value)) {
    throw new BacklogError("usage", `"${token}": a project name holds no spaces; use dots for sub-projects (docs.site) or dashes (docs-site).`, { token });
  }
  if (name === "priority") {
    const upper = value.toUpperCase();
    if (!isPriority(upper)) throw new BacklogError("usage", `"${token}": priority is H, M or L.`, { token });
    return upper;
  }
  if (name === "status") {
    const lower = value.toLowerCase() === "completed" ? "done" : value.toLowerCase();
    if (!isStatus(lower)) throw new BacklogError("usage", `"${token}": status is pending, active, done or deleted.`, { token });
    return lower;
  }
  if (name === "type") {
    if (!isTaskType(value.toLowerCase())) throw new BacklogError("usage", `"${token}": type is task, bug, feature, chore, spec or story.`, { token });
    return value.toLowerCase();
  }
  if ((DATE_FIELDS as readonly string[]).includes(name)) return storedDate(value, token, now);
  if (name === "recur") {
    try {
      parseRecur(value);
    } catch (error) {
      throw new BacklogError("usage", `"${token}": ${(error as Error).message}`, { token });
    }
  }
  return isKnownField(name) ? value : userValueFromText(value);
}

/**
 * A user field's value from a typed word, read as YAML reads a plain word but never changing what
 * was typed: a number when it reads back as the same text (4, -0.5; not 007, 1.10 or 1e3, which
 * stay text), `true` and `false` as booleans, anything else as text.
 */
export function userValueFromText(text: string): string | number | boolean {
  if (text === "true" || text === "false") return text === "true";
  if (/^-?\d/.test(text) && String(Number(text)) === text) return Number(text);
  return text;
}

/**
 * User field changes as a task takes them: a field keeps the type its value has (docs/reference/file-format.md, "User fields"), so a
 * quoted `code: "42"` changed to 43 stays text, while `estimate: 3` changed to 4 stays a number.
 */
export function keepUserTypes(user: Readonly<Record<string, UserValue>>, set: FieldChanges): FieldChanges {
  const typed: FieldChanges = { ...set };
  for (const [name, value] of Object.entries(set)) {
    if (isKnownField(name) || typeof user[name] !== "string") continue;
    if (typeof value === "number" || typeof value === "boolean") typed[name] = String(value);
  }
  return typed;
}

/** A date expression as the file stores it: `YYYY-MM-DD` for whole days, ISO UTC to the second otherwise. */
export function storedDate(value: string, token: string, now: Date): string {
  const resolved = resolveDate(value, now);
  if (!resolved) {
    const hint = minuteOrMonthHint(value);
    if (hint) throw new BacklogError("usage", `"${token}": ${hint}`, { token });
    throw new BacklogError("usage", `"${token}": "${value}" is not a date; use ISO (2026-12-01, 2026-12-01T10:00:00Z), today, tomorrow, friday, eow, now+2h, +3d.`, { token });
  }
  return formatResolvedDate(resolved);
}

function splitList(value: string): string[] {
  return value
    .split(/[,\s]+/)
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function parseId(text: string, token: string): number {
  const id = readTaskId(text);
  if (id === undefined) throw new BacklogError("usage", `"${token}": ${notATaskId(text)}.`, { token });
  return id;
}

/**
 * The field values a task gets from a change: tag and id list edits folded into whole lists, on
 * top of a whole list the change sets (a duplicate's copied `depends`) or else the task's own.
 */
export function resolveChanges(task: Pick<Task, "tags" | IdListField | "user">, changes: TaskChanges): FieldChanges {
  const fields: FieldChanges = keepUserTypes(task.user, changes.set);
  if (changes.addTags.length > 0 || changes.removeTags.length > 0) {
    const base = Array.isArray(fields.tags) ? (fields.tags as string[]) : fields.tags === null ? [] : task.tags;
    const tags = [...base.filter((tag) => !changes.removeTags.includes(tag))];
    for (const tag of changes.addTags) if (!tags.includes(tag)) tags.push(tag);
    fields.tags = tags.length > 0 ? tags : null;
  }
  for (const name of ID_LIST_FIELDS) {
    const edit = changes.ids[name];
    if (!editsList(edit)) continue;
    const set = fields[name];
    const base = edit.clear || set === null ? [] : Array.isArray(set) ? (set as number[]) : task[name];
    const list = base.filter((id) => !edit.remove.includes(id));
    for (const id of edit.add) if (!list.includes(id)) list.push(id);
    fields[name] = list.length > 0 ? list : null;
  }
  return fields;
}
