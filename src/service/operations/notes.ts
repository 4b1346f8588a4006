import { appendNote, removeNote, splitBody } from "../../format/notes.js";
import { BacklogError } from "../../domain/errors.js";
import type { Task } from "../../domain/task.js";
import type { Backlog } from "../backlog.js";
import { actorName } from "../actor.js";
import { editTask, nowIso, readTaskText, requireTask, taskRecord } from "../task-file.js";
import { assertNotHeldByAnother } from "../claims.js";
import { transact } from "../transact.js";
import { parseTaskFile } from "../../format/parse-task-file.js";

/** Appends a note `- <time> <author>: <text>` under `## Notes`. */
export async function annotateTask(backlog: Backlog, id: number, text: string): Promise<{ task: Task; sha?: string }> {
  const clean = text.trim();
  if (clean === "") throw new BacklogError("usage", "a note needs text.", { field: "text" });
  const author = await actorName(backlog);
  return withBody(backlog, id, "annotate", (body) => appendNote(body, { time: nowIso(backlog), author, text: clean }));
}

/**
 * Removes one note: the one whose text equals `match`, else the only one containing it,
 * else by its 1-based number (`#2` or `2`). Never guesses between several.
 */
export async function denotateTask(backlog: Backlog, id: number, match: string): Promise<{ task: Task; sha?: string }> {
  return withBody(backlog, id, "denotate", (body, task) => removeNote(body, findNote(task, match)));
}

export function findNote(task: Task, match: string): number {
  const wanted = match.trim();
  if (task.notes.length === 0) throw new BacklogError("not-found", `task ${task.id} has no notes.`, { id: task.id });
  const exact = task.notes.findIndex((note) => note.text === wanted);
  if (exact >= 0) return exact;
  const lower = wanted.toLowerCase();
  const containing = task.notes.flatMap((note, index) => (note.text.toLowerCase().includes(lower) ? [index] : []));
  if (containing.length === 1 && containing[0] !== undefined) return containing[0];
  if (containing.length > 1) {
    throw new BacklogError("usage", `"${wanted}" is in ${containing.length} notes of task ${task.id}; give more of the text or the note's number (#1 is the first).`, { id: task.id });
  }
  const number = /^#?(\d+)$/.exec(wanted);
  if (number?.[1] && Number(number[1]) >= 1 && Number(number[1]) <= task.notes.length) return Number(number[1]) - 1;
  throw new BacklogError("not-found", `task ${task.id} has no note matching "${wanted}"`, { id: task.id }, [{ use: "show", id: task.id, does: "lists its notes" }]);
}

/** Replaces the task's document (the body before the notes), keeping the notes; another agent's claimed task only when forced. */
export async function writeDoc(backlog: Backlog, id: number, content: string, options: { force?: boolean } = {}): Promise<{ task: Task; sha?: string }> {
  const me = await actorName(backlog);
  return withBody(backlog, id, "doc", (body, task) => {
    assertNotHeldByAnother(task, me, options.force);
    const { notes } = splitBody(body);
    const doc = content.replace(/\s+$/, "");
    const next = notes ? (doc === "" ? notes : `${doc}\n\n${notes}`) : doc === "" ? "" : `${doc}\n`;
    // No silent no-op: rewriting the same document would only move `modified`.
    if (next === body) throw new BacklogError("refused", `the document of task ${id} already reads like that${doc === "" ? " (it is empty)" : ""}; nothing was written.`, { id });
    return next;
  });
}

/** The task's document: the body without its notes section. */
export function readDoc(backlog: Backlog, id: number): string {
  const task = requireTask(backlog, id);
  const parsed = parseTaskFile(readTaskText(backlog, task), task.path);
  return splitBody(parsed.task?.body ?? "").doc;
}

async function withBody(backlog: Backlog, id: number, op: string, change: (body: string, task: Task) => string): Promise<{ task: Task; sha?: string }> {
  const outcome = await transact(backlog, () => {
    const listed = requireTask(backlog, id);
    const fresh = parseTaskFile(readTaskText(backlog, listed), listed.path).task ?? listed;
    const body = change(fresh.body, fresh);
    return { changes: [editTask(backlog, fresh, {}, body)], record: taskRecord(op, fresh), result: {} };
  });
  return { task: requireTask(backlog, id), ...(outcome.sha && { sha: outcome.sha }) };
}
