import { planRedo, planUndo, readLog, taskHistory as gitTaskHistory, type LogEntry, type TaskHistory } from "../../git/index.js";
import { BacklogError } from "../../domain/errors.js";
import { idFromFileName } from "../../domain/task-id.js";
import type { Backlog } from "../backlog.js";
import { archivedIds } from "../ids.js";
import { transact } from "../transact.js";

/** History lives in git: without a repository there is none to read or revert. */
function requireGit(backlog: Backlog, what: string): void {
  if (!backlog.repo) throw new BacklogError("git", `${what} reads git history, and ${backlog.root} is not in a git repository; run \`git init\` to keep one.`);
}

/** Backlog operations on this branch, newest first (one task's with `id`). */
export async function readHistory(backlog: Backlog, options: { id?: number; limit?: number } = {}): Promise<LogEntry[]> {
  requireGit(backlog, "log");
  const entries = await readLog({ root: backlog.root, dir: backlog.config.dir, ...options });
  if (options.id !== undefined && entries.length === 0) assertTaskExists(backlog, options.id);
  return entries;
}

/** One task file's diffs over time, newest first, following renames. */
export async function taskHistory(backlog: Backlog, id: number, limit?: number): Promise<TaskHistory> {
  requireGit(backlog, "history");
  const history = await gitTaskHistory({ root: backlog.root, dir: backlog.config.dir, id, ...(limit !== undefined && { limit }) });
  if (history.path === undefined) assertTaskExists(backlog, id);
  return history;
}

/**
 * An empty history is an answer only for a task that exists: one whose history holds nothing
 * (the caller looked there first), in the folder (a broken file too) or the archive. Anything
 * else is a mistyped id, which an empty list would hide.
 */
function assertTaskExists(backlog: Backlog, id: number): void {
  const inFolder = backlog.index.get(id) !== undefined || backlog.index.files().some((file) => idFromFileName(file.path.slice(file.path.lastIndexOf("/") + 1)) === id);
  if (inFolder || archivedIds(backlog).has(id)) return;
  throw new BacklogError("not-found", `no task ${id}: none in the task folder, the archive or this branch's history; \`list\` (or task_list) finds ids.`, { id });
}

export interface RevertResult {
  /** The tasks whose files were restored. */
  tasks: number[];
  /** The operations reversed. */
  reverts: string[];
  sha?: string;
}

/**
 * Undoes the last `count` backlog operations on this branch that are not undone yet, as one new
 * commit; refused with nothing changed when one of their files was changed since by anything else.
 */
export async function undoOperations(backlog: Backlog, count = 1): Promise<RevertResult> {
  requireGit(backlog, "undo");
  return transact(backlog, async () => {
    const plan = await planUndo({ root: backlog.root, count, prefix: backlog.config.commitPrefix, ...(backlog.agent && { agent: backlog.agent }) });
    return { changes: plan.changes, record: plan.record, result: { tasks: plan.record.taskIds, reverts: plan.reverts } };
  });
}

/** Re-applies the most recently undone operation. */
export async function redoOperation(backlog: Backlog): Promise<RevertResult> {
  requireGit(backlog, "redo");
  return transact(backlog, async () => {
    const plan = await planRedo({ root: backlog.root, prefix: backlog.config.commitPrefix, ...(backlog.agent && { agent: backlog.agent }) });
    return { changes: plan.changes, record: plan.record, result: { tasks: plan.record.taskIds, reverts: plan.reverts } };
  });
}
