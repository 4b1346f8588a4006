import { planRedo, planUndo, readLog, taskHistory as gitTaskHistory, type LogEntry, type TaskHistory } from "../../git/index.js";
import { BacklogError } from "../../domain/errors.js";
import type { Backlog } from "../backlog.js";
import { transact } from "../transact.js";

/** History lives in git: without a repository there is none to read or revert. */
function requireGit(backlog: Backlog, what: string): void {
  if (!backlog.repo) throw new BacklogError("git", `${what} reads git history, and ${backlog.root} is not in a git repository; run \`git init\` to keep one.`);
}

/** Backlog operations on this branch, newest first (one task's with `id`). */
export async function readHistory(backlog: Backlog, options: { id?: number; limit?: number } = {}): Promise<LogEntry[]> {
  requireGit(backlog, "log");
  return readLog({ root: backlog.root, dir: backlog.config.dir, ...options });
}

/** One task file's diffs over time, newest first, following renames. */
export async function taskHistory(backlog: Backlog, id: number, limit?: number): Promise<TaskHistory> {
  requireGit(backlog, "history");
  return gitTaskHistory({ root: backlog.root, dir: backlog.config.dir, id, ...(limit !== undefined && { limit }) });
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
