import { normaliseValue } from "../../domain/changes.js";
import { BacklogError } from "../../domain/errors.js";
import type { FieldChanges, Task } from "../../domain/task.js";
import { notATaskId, readTaskId } from "../../domain/task-id.js";
import { editTaskFile } from "../../format/edit-task-file.js";
import { findFrontmatter } from "../../format/frontmatter.js";
import { splitBody } from "../../format/notes.js";
import type { Backlog } from "../backlog.js";
import { readTaskText, requireTask } from "../task-file.js";
import { saveEditedTask } from "./edit.js";

/** The fields a form edits (the board's task panel), each as text: `""` clears it. */
export const FORM_FIELDS = ["title", "priority", "type", "project", "tags", "depends", "related", "parent", "assignee", "due", "scheduled", "wait"] as const;
export type FormField = (typeof FORM_FIELDS)[number];

/** A task as a form shows it: every form field as text, the document, and the file's text the form edits. */
export interface TaskForm {
  fields: Record<FormField, string>;
  doc: string;
  /** The file as it was read: sent back with the changes, so a save over a newer file is refused. */
  original: string;
}

export function taskForm(backlog: Backlog, id: number): TaskForm {
  const task = requireTask(backlog, id);
  // From the file itself: a long-running index may not hold the body yet.
  const original = readTaskText(backlog, task);
  const block = findFrontmatter(original);
  return { fields: formFields(task), doc: typeof block === "string" ? "" : splitBody(block.body).doc, original };
}

function formFields(task: Task): Record<FormField, string> {
  const text = (value: string | number | readonly (string | number)[] | undefined): string => (value === undefined ? "" : Array.isArray(value) ? value.join(" ") : String(value));
  return Object.fromEntries(FORM_FIELDS.map((field) => [field, text(task[field])])) as Record<FormField, string>;
}

/**
 * Saves a form's edit of a task (docs/reference/board.md, "The task panel"): the fields that
 * differ from the `original` file's, and the document (the notes are kept as they are), applied
 * to `original` as minimal edits and saved as `edit` saves a file: validated the same way, and
 * refused with nothing written when the file changed on disk since the form was loaded
 * (`conflict`, with the file's new text, so the form can show it and keep the user's).
 */
export async function saveTaskForm(backlog: Backlog, id: number, original: string, fields: Partial<Record<string, string>>, doc: string | undefined): Promise<{ task: Task; sha?: string; unchanged?: boolean }> {
  const task = requireTask(backlog, id);
  const current = readTaskText(backlog, task);
  if (current !== original) throw new BacklogError("conflict", `${task.path} changed on disk since the form was loaded; your edits are kept, look at the new version and save again.`, { path: task.path, current });
  const before = formFields(task);
  const now = backlog.now();
  const changes: FieldChanges = {};
  for (const [name, raw] of Object.entries(fields)) {
    if (!(FORM_FIELDS as readonly string[]).includes(name)) throw new BacklogError("usage", `"${name}" is not a field the form edits; it edits ${FORM_FIELDS.join(", ")}.`, { field: name });
    const value = (raw ?? "").trim();
    if (value === before[name as FormField]) continue;
    changes[name] = value === "" ? null : fieldValue(name as FormField, value, now);
  }
  let text = Object.keys(changes).length > 0 ? editTaskFile(original, changes, { path: task.path }) : original;
  if (doc !== undefined) text = withDoc(text, doc);
  return saveEditedTask(backlog, id, text, original);
}

function fieldValue(field: FormField, value: string, now: Date): FieldChanges[string] {
  if (field === "tags") return [...new Set(value.split(/[\s,]+/).map((tag) => tag.replace(/^\+/, "")).filter(Boolean))];
  if (field === "depends" || field === "related") return value.split(/[\s,]+/).filter(Boolean).map((word) => idOf(field, word));
  if (field === "parent") return idOf(field, value);
  return normaliseValue(field, value, `${field}:${value}`, now);
}

/** An id as a change word types it (`12`, `#12`; readTaskId), or a usage error naming the field and the word. */
function idOf(field: string, word: string): number {
  const id = readTaskId(word);
  if (id === undefined) throw new BacklogError("usage", `${field}: ${notATaskId(word)}`, { field, token: word });
  return id;
}

/** The file with its document replaced and its notes section kept. */
function withDoc(text: string, doc: string): string {
  const block = findFrontmatter(text);
  if (typeof block === "string") return text;
  const { notes } = splitBody(block.body);
  const eol = block.eol;
  let body = doc.replace(/\r?\n/g, eol);
  if (body !== "" && !body.endsWith(eol)) body += eol;
  if (notes && body !== "" && !body.endsWith(`${eol}${eol}`)) body += eol;
  return text.slice(0, block.bodyStart) + body + notes;
}
