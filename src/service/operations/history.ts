import { planRedo, planUndo, readLog, taskHistory as gitTaskHistory, type LogEntry, type PlanOptions, type TaskHistory, type UndoPlan } from "../../git/index.js";
import { BacklogError } from "../../domain/errors.js";
import { idFromFileName } from "../../domain/task-id.js";
import type { Backlog } from "../backlog.js";
import { archivedIds } from "../ids.js";
import { transact, type Plan } from "../transact.js";

/** History lives in git: without a repository there is none to read or revert. */
function requireGit(backlog: Backlog, what: string): void {
  if (!backlog.repo) throw new BacklogError("git", `${what} reads git history, and ${backlog.root} is not in a git repository; run \`git init\` to keep one.`);
}

/**
 * Backlog operations on this branch, newest first (one task's with `id`). A task with no
 * history that does not exist either is an error, not an empty answer; a purged task has history.
 */
export async function readHistory(backlog: Backlog, options: { id?: number; limit?: number } = {}): Promise<LogEntry[]> {
  requireGit(backlog, "log");
  const entries = await readLog({ root: backlog.root, dir: backlog.config.dir, ...options });
  if (options.id !== undefined && entries.length === 0) assertTaskExists(backlog, options.id);
  return entries;
}

/** One task file's diffs over time, newest first, following renames; a task never committed and not there is an error. */
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
  throw new BacklogError("not-found", `no task ${id}`, { id }, [{ use: "list", does: "finds ids" }]);
}

export interface RevertResult {
  /** The tasks whose files were restored. */
  tasks: number[];
  /** The shas of `reverted`. */
  reverts: string[];
  /** What was reversed, newest first: the operations undone, or for a redo the undo it reverts. */
  reverted: LogEntry[];
  /** Commits after the oldest reverted one left in place: others' operations and hand edits, newest first. */
  passedOver: LogEntry[];
  sha?: string;
}

export interface RevertOptions {
  /** Everyone's operations, not only the caller's (same git author email and agent). */
  any?: boolean;
}

/**
 * Undoes the caller's last `count` backlog operations on this branch that are not undone yet,
 * as one new commit; refused with nothing changed when one of their files was changed since by
 * anything else.
 */
export async function undoOperations(backlog: Backlog, options: RevertOptions & { count?: number } = {}): Promise<RevertResult> {
  requireGit(backlog, "undo");
  return transact(backlog, async () => answer(await planUndo({ ...planOptions(backlog, options), count: options.count ?? 1 })));
}

/** Re-applies the caller's most recent undo that is not redone yet. */
export async function redoOperation(backlog: Backlog, options: RevertOptions = {}): Promise<RevertResult> {
  requireGit(backlog, "redo");
  return transact(backlog, async () => answer(await planRedo(planOptions(backlog, options))));
}

function planOptions(backlog: Backlog, options: RevertOptions): PlanOptions {
  return { root: backlog.root, prefix: backlog.config.commitPrefix, ...(backlog.agent && { agent: backlog.agent }), ...(options.any && { any: true }) };
}

function answer(plan: UndoPlan): Plan<RevertResult> {
  const result: RevertResult = { tasks: plan.record.taskIds, reverts: plan.reverted.map((entry) => entry.sha), reverted: plan.reverted, passedOver: plan.passedOver };
  return { changes: plan.changes, record: plan.record, result };
}
