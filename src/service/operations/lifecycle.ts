import { nextOccurrence } from "../../domain/recurrence.js";
import { renderTaskFile } from "../../format/render-task-file.js";
import { taskFileName } from "../../domain/slug.js";
import { BacklogError, isBacklogError, type Remedy } from "../../domain/errors.js";
import type { FieldChanges, Task } from "../../domain/task.js";
import type { FileChange, OperationRecord } from "../../store/writer.js";
import type { Backlog } from "../backlog.js";
import { allocateId } from "../ids.js";
import { batchRecord, editTask, nowIso, requireTask, withBody } from "../task-file.js";
import { transact } from "../transact.js";
import { actorName } from "../actor.js";
import { findArchived } from "../archived.js";
import { assertNotBlocked, assertNotHeldByAnother } from "../claims.js";
import { unarchiveChanges } from "./archive.js";
import { cleanupWorktree, worktreeBeforeStep, type BranchBeforeStep, type WorktreeCleanup } from "../worktree/cleanup.js";
import { inTaskWorktree, mirrorOnBase, type BaseCommit } from "../worktree/mirror-on-base.js";

/*
 * The lifecycle steps (docs/reference/changes.md, "Lifecycle"). Each takes one or several ids and is one operation ("Several ids in one command"):
 * every task is checked first, and when one of them cannot take the step, nothing is written and
 * the refusal names each such task and why.
 */

export interface LifecycleResult {
  task: Task;
  sha?: string;
  /** The next occurrence a recurring task spawned when it was done. */
  spawned?: Task;
  /** `done`, `stop`, `delete` inside the task's worktree: the same step on the base branch. */
  base?: BaseCommit;
  /** After `done`, or `stop` and `delete` inside the task's worktree: what became of the worktree. */
  worktree?: WorktreeCleanup;
}

export interface BatchResult {
  /** One per id, in the order given. */
  results: LifecycleResult[];
  sha?: string;
}

/**
 * Claims tasks: pending → active with `started` and the assignee. The check and the write happen
 * under the clone-wide lock on a fresh read, so of two agents starting one task exactly one wins.
 * A task held by someone, or waiting on open dependencies, is started only when forced.
 */
export async function startTasks(backlog: Backlog, ids: readonly number[], options: { force?: boolean; agent?: string } = {}): Promise<BatchResult> {
  // Without an agent the claim still names someone (git's user, as notes do), so a refused start can say who holds it.
  const agent = options.agent || (await actorName(backlog));
  return step(backlog, ids, "start", (task) => claimFields(backlog, task, { ...options, agent }), options);
}

/** The fields of a claim, or the refusal: shared with `start --worktree`, which adds the branch and folder. */
export function claimFields(backlog: Backlog, task: Task, options: { force?: boolean; agent: string }): FieldChanges {
  const { agent } = options;
  const id = task.id;
  if (task.status === "done" || task.status === "deleted") {
    throw new BacklogError("refused", `task ${id} is ${task.status}`, { id, status: task.status }, [{ use: "restore", id, does: "reopens it first" }]);
  }
  if (task.status === "active" && !options.force) {
    const holder = task.assignee ?? "someone";
    throw new BacklogError("refused", `task ${id} is already active, claimed by ${holder}${task.started ? ` since ${task.started}` : ""}`, { id, assignee: task.assignee }, [
      { use: "next", does: "picks another" },
      { use: "force", does: "takes it over" },
    ]);
  }
  assertNotBlocked(backlog, task, options.force);
  return { status: "active", started: nowIso(backlog), assignee: agent };
}

/**
 * Releases claims: active → pending, `started` cleared; the assignee stays. Another agent's claim
 * only when forced. Inside the task's worktree, on the base too.
 */
export async function stopTasks(backlog: Backlog, ids: readonly number[], options: { force?: boolean } = {}): Promise<BatchResult> {
  const me = await actorName(backlog);
  return step(
    backlog,
    ids,
    "stop",
    (task) => {
      assertNotHeldByAnother(task, me, options.force);
      if (task.status !== "active") throw new BacklogError("refused", `task ${task.id} is ${task.status}, not active; only an active task can be stopped.`, { id: task.id, status: task.status });
      return { status: "pending", started: null };
    },
    { ...options, worktree: "inside" },
  );
}

/**
 * Completes tasks; a recurring one spawns its next occurrence in the same operation. A task
 * with a worktree gets it removed afterwards when that is safe (service/worktree/cleanup.ts),
 * wherever `done` runs; the outcome is in `worktree`. Inside the task's worktree, on the base too.
 * Another agent's claim, or a parent with open children, only when forced.
 */
export async function doneTasks(backlog: Backlog, ids: readonly number[], options: { force?: boolean } = {}): Promise<BatchResult> {
  const me = await actorName(backlog);
  return step(
    backlog,
    ids,
    "done",
    (task) => {
      const id = task.id;
      assertNotHeldByAnother(task, me, options.force);
      if (task.status === "done") throw new BacklogError("refused", `task ${id} is already done${task.ended ? ` (${task.ended})` : ""}.`, { id, status: task.status });
      if (task.status === "deleted") throw new BacklogError("refused", `task ${id} is deleted`, { id, status: task.status }, [{ use: "restore", id, does: "reopens it first, if it was done after all" }]);
      return { status: "done", ended: nowIso(backlog) };
    },
    { ...options, worktree: "anywhere" },
  );
}

/**
 * Soft delete: the files stay, restorable until purged. A task another agent holds only when
 * forced. Inside the task's worktree, on the base too.
 */
export async function deleteTasks(backlog: Backlog, ids: readonly number[], options: { force?: boolean } = {}): Promise<BatchResult> {
  const me = await actorName(backlog);
  return step(
    backlog,
    ids,
    "delete",
    (task) => {
      assertNotHeldByAnother(task, me, options.force);
      if (task.status === "deleted") throw new BacklogError("refused", `task ${task.id} is already deleted`, { id: task.id }, [{ use: "purge", id: task.id, does: "removes the file" }]);
      return { status: "deleted", ended: nowIso(backlog) };
    },
    { ...options, worktree: "inside" },
  );
}

/** Reopens deleted or done tasks as pending, and brings archived ones back into the task folder. */
export async function restoreTasks(backlog: Backlog, ids: readonly number[]): Promise<BatchResult> {
  const unique = [...new Set(ids)];
  const outcome = await transact(backlog, () =>
    planEach(unique, "restore", (id) => {
      if (!backlog.index.get(id) && findArchived(backlog, id)) return unarchiveChanges(backlog, id);
      const task = requireTask(backlog, id);
      if (task.status !== "deleted" && task.status !== "done") {
        throw new BacklogError("refused", `task ${id} is ${task.status}; only a done or deleted task can be restored.`, { id, status: task.status });
      }
      return { task, changes: [editTask(backlog, task, { status: "pending", ended: null, started: null })] };
    }),
  );
  return answer(backlog, unique, outcome);
}

/** Removes the files of deleted tasks that nothing else refers to. */
export async function purgeTasks(backlog: Backlog, ids: readonly number[]): Promise<BatchResult> {
  const unique = [...new Set(ids)];
  const purged = new Set(unique);
  const tasks = new Map<number, Task>();
  const outcome = await transact(backlog, () =>
    planEach(unique, "purge", (id) => {
      const task = requireTask(backlog, id);
      if (task.status !== "deleted") throw new BacklogError("refused", `task ${id} is ${task.status}; purge removes deleted tasks only`, { id }, [{ use: "delete", id, does: "deletes it first" }]);
      const dependents = backlog.index.tasks().filter((other) => !purged.has(other.id) && (other.depends.includes(id) || other.parent === id));
      if (dependents.length > 0) {
        const which = dependents.map((other) => other.id).join(", ");
        throw new BacklogError("refused", `task ${id} is still referenced by ${which} (depends or parent); remove those references first.`, { id, dependents: which });
      }
      tasks.set(id, task);
      return { task, changes: [{ path: task.path, content: null }] };
    }),
  );
  return { results: unique.map((id) => ({ task: tasks.get(id)! })), ...(outcome.sha && { sha: outcome.sha }) };
}

/** One id's part of an operation: the task as it was and the file changes. */
interface Part {
  task: Task;
  changes: FileChange[];
}

/**
 * Plans every id, collecting the refusals instead of stopping at the first: with several ids the
 * answer names each task that cannot take the step, and nothing is written, with every way past
 * them. One id's refusal is thrown as it is.
 */
function planEach(ids: readonly number[], op: string, plan: (id: number) => Part): { changes: FileChange[]; record: OperationRecord; result: { parts: Part[] } } {
  const parts: Part[] = [];
  const refusals: BacklogError[] = [];
  for (const id of ids) {
    try {
      parts.push(plan(id));
    } catch (error) {
      if (!isBacklogError(error) || ids.length === 1) throw error;
      refusals.push(error);
    }
  }
  const [first] = refusals;
  if (first) {
    const code = refusals.every((refusal) => refusal.code === first.code) ? first.code : "refused";
    const lines = refusals.map((refusal) => `- ${refusal.message}`).join("\n");
    throw new BacklogError(code, `${op} ${ids.join(" ")} refused, nothing was written:\n${lines}`, { refusals: refusals.map((refusal) => refusal.data) }, remediesOf(refusals));
  }
  return { changes: parts.flatMap((part) => part.changes), record: batchRecord(op, parts.map((part) => part.task)), result: { parts } };
}

/** The remedies of several refusals, each once (two claimed tasks need one `force`). */
function remediesOf(refusals: readonly BacklogError[]): Remedy[] {
  const seen = new Set<string>();
  return refusals.flatMap((refusal) => refusal.remedies).filter((remedy) => {
    const key = JSON.stringify([remedy.use, remedy.id, remedy.does]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

interface StepOptions {
  force?: boolean;
  /**
   * `done`, `stop`, `delete` (docs/reference/git.md, "Task branches and worktrees"): inside the task's worktree the step is made again on the
   * base branch, then the worktree goes when that is safe; `done` removes it from anywhere.
   */
  worktree?: "inside" | "anywhere";
}

/** Moves each task through one step: `fieldsFor` gives the new fields or throws the refusal. */
async function step(backlog: Backlog, ids: readonly number[], op: string, fieldsFor: (task: Task) => FieldChanges, options: StepOptions = {}): Promise<BatchResult> {
  const unique = [...new Set(ids)];
  // Decided before the step changes the index they are read from (a stopped task may no longer be the one this branch works on).
  const inWorktree = new Set(options.worktree ? unique.filter((id) => inTaskWorktree(backlog, id)) : []);
  const before = new Map<number, BranchBeforeStep>();
  for (const id of unique) {
    if (options.worktree !== "anywhere" && !inWorktree.has(id)) continue;
    const branch = await worktreeBeforeStep(backlog, id);
    if (branch) before.set(id, branch);
  }
  const fieldsSet = new Map<number, FieldChanges>();
  const spawnedFiles = new Map<number, FileChange>();
  const outcome = await transact(
    backlog,
    async () => {
      fieldsSet.clear();
      spawnedFiles.clear();
      const planned = planEach(unique, op, (id) => {
        const task = requireTask(backlog, id);
        const fields = fieldsFor(task);
        fieldsSet.set(id, fields);
        return { task, changes: [editTask(backlog, task, fields)] };
      });
      const spawned: Record<number, number> = {};
      if (op === "done") {
        // Spawned ids are handed out one after another: allocateId sees none of them until the write.
        let nextId: number | undefined;
        for (const { task } of planned.result.parts) {
          if (!task.recur) continue;
          nextId ??= await allocateId(backlog);
          // The next occurrence takes the document: a task served by the stat cache comes without it.
          const next = spawnNext(backlog, withBody(backlog, task), nextId);
          if (!next) continue;
          spawned[task.id] = nextId++;
          const file = { path: next.path, content: renderTaskFile(next) };
          spawnedFiles.set(task.id, file);
          planned.changes.push(file);
        }
      }
      return { ...planned, result: { spawned } };
    },
    options.force ? { force: true } : {},
  );
  const answered = answer(backlog, unique, outcome);
  for (const result of answered.results) {
    const id = result.task.id;
    if (inWorktree.has(id)) {
      const spawned = spawnedFiles.get(id);
      const base = await mirrorOnBase(backlog, {
        op,
        id,
        fields: fieldsSet.get(id) ?? {},
        modified: result.task.modified,
        check: (copy) => void fieldsFor(copy),
        ...(spawned && { spawned }),
        ...(options.force && { force: true }),
      });
      if (base) result.base = base;
    }
    const branch = before.get(id);
    const worktree = branch && (await cleanupWorktree(backlog, branch));
    if (worktree) result.worktree = worktree;
  }
  return answered;
}

/** The tasks as written, each with the occurrence it spawned. */
function answer(backlog: Backlog, ids: readonly number[], outcome: { spawned?: Record<number, number>; sha?: string }): BatchResult {
  const results = ids.map((id): LifecycleResult => {
    const spawnedId = outcome.spawned?.[id];
    const spawned = spawnedId === undefined ? undefined : backlog.index.get(spawnedId);
    return { task: requireTask(backlog, id), ...(spawned && { spawned }) };
  });
  return { results, ...(outcome.sha && { sha: outcome.sha }) };
}

function spawnNext(backlog: Backlog, task: Task, id: number): Task | undefined {
  const next = nextOccurrence(task, backlog.now());
  if (!next) return undefined;
  const now = nowIso(backlog);
  return { ...next, id, notes: [], created: now, modified: now, path: `${backlog.config.dir}/${taskFileName(id, next.title)}` };
}

/** The single-task forms the MCP tools use: one id, one result. */
export const startTask = async (backlog: Backlog, id: number, options: { force?: boolean; agent?: string } = {}): Promise<LifecycleResult> => only(await startTasks(backlog, [id], options));
export const stopTask = async (backlog: Backlog, id: number, options: { force?: boolean } = {}): Promise<LifecycleResult> => only(await stopTasks(backlog, [id], options));
export const doneTask = async (backlog: Backlog, id: number, options: { force?: boolean } = {}): Promise<LifecycleResult> => only(await doneTasks(backlog, [id], options));
export const deleteTask = async (backlog: Backlog, id: number, options: { force?: boolean } = {}): Promise<LifecycleResult> => only(await deleteTasks(backlog, [id], options));
export const restoreTask = async (backlog: Backlog, id: number): Promise<LifecycleResult> => only(await restoreTasks(backlog, [id]));
export const purgeTask = async (backlog: Backlog, id: number): Promise<LifecycleResult> => only(await purgeTasks(backlog, [id]));

function only(batch: BatchResult): LifecycleResult {
  const [result] = batch.results;
  if (!result) throw new BacklogError("io", "the operation returned no task.");
  return { ...result, ...(batch.sha && { sha: batch.sha }) };
}
