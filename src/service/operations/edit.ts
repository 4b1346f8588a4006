import { editTaskFile } from "../../format/edit-task-file.js";
import { parseTaskFile } from "../../format/parse-task-file.js";
import { BacklogError } from "../../domain/errors.js";
import type { Task } from "../../domain/task.js";
import { readTextFile } from "../../store/read-text-file.js";
import type { Backlog } from "../backlog.js";
import { nowIso, readTaskText, requireTask, taskRecord } from "../task-file.js";
import { actorName } from "../actor.js";
import { assertNotHeldByAnother } from "../claims.js";
import { transact } from "../transact.js";

/** The text an editor session starts from; a task another agent holds only when forced (checked again on save). */
export async function editableText(backlog: Backlog, id: number, options: { force?: boolean } = {}): Promise<{ task: Task; text: string }> {
  const task = requireTask(backlog, id);
  assertNotHeldByAnother(task, await actorName(backlog), options.force);
  return { task, text: readTaskText(backlog, task) };
}

/** What the editor saved: refused (`invalid`, with the line) when it is not UTF-8, so no byte of it is replaced on the way in. */
export function readEditedText(file: string): string {
  return readTextFile(file);
}

/**
 * Saves a whole file edited by hand (`edit`): it must parse, keep its id, and pass the write rules;
 * otherwise nothing is written and the error says why, so the caller can offer the text back.
 */
export async function saveEditedTask(backlog: Backlog, id: number, text: string, original: string, options: { force?: boolean } = {}): Promise<{ task: Task; sha?: string; unchanged?: boolean }> {
  const task = requireTask(backlog, id);
  if (text === original) return { task, unchanged: true };
  const parsed = parseTaskFile(text, task.path);
  const errors = parsed.problems.filter((problem) => problem.severity === "error");
  if (!parsed.task || errors.length > 0) {
    throw new BacklogError("invalid", errors.map((problem) => `line ${problem.line ?? "?"}: ${problem.message}`).join("\n"), { problems: errors });
  }
  if (parsed.task.id !== id) throw new BacklogError("invalid", `the id changed from ${id} to ${parsed.task.id}; ids are fixed`, { id }, [{ use: "doctor-fix", does: "renumbers duplicates" }]);
  // Like every other operation, an edit stamps `modified`, unless the user set it by hand in the editor.
  const userSetModified = parsed.task.modified !== parseTaskFile(original, task.path).task?.modified;
  const content = userSetModified ? text : editTaskFile(text, { modified: nowIso(backlog) });
  const me = await actorName(backlog);
  const outcome = await transact(backlog, () => {
    const current = requireTask(backlog, id);
    assertNotHeldByAnother(current, me, options.force);
    const now = readTaskText(backlog, current);
    if (now !== original) throw new BacklogError("conflict", `${task.path} changed on disk while it was being edited; your text is kept, edit again to merge.`, { path: task.path });
    return { changes: [{ path: task.path, content }], record: taskRecord("edit", parsed.task ?? task), result: {} };
  });
  return { task: requireTask(backlog, id), ...(outcome.sha && { sha: outcome.sha }) };
}
