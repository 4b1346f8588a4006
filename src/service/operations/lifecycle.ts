import { nextOccurrence } from "../../domain/recurrence.js";
import { renderTaskFile } from "../../format/render-task-file.js";
import { taskFileName } from "../../domain/slug.js";
import { BacklogError } from "../../domain/errors.js";
import type { FieldChanges, Task } from "../../domain/task.js";
import type { FileChange } from "../../store/writer.js";
import type { Backlog } from "../backlog.js";
import { allocateId } from "../ids.js";
import { editTask, nowIso, requireTask, taskRecord, withBody } from "../task-file.js";
import { transact } from "../transact.js";
import { actingAgent, assertNotBlocked, assertNotHeldByAnother } from "../claims.js";
import { findArchived } from "../archived.js";
import { unarchiveTask } from "./archive.js";
import { cleanupWorktree, worktreeBeforeDone, type WorktreeCleanup } from "../worktree/cleanup.js";

export interface LifecycleResult {
  task: Task;
  sha?: string;
  /** The next occurrence a recurring task spawned when it was done. */
  spawned?: Task;
  /** After `done`: what became of the task's worktree. */
  worktree?: WorktreeCleanup;
}

/**
 * Claims a task: pending → active with `started` and the assignee. The check and the write happen
 * under the clone-wide lock on a fresh read, so of two agents starting one task exactly one wins.
 * A task held by someone, or waiting on open dependencies, is started only when forced.
 */
export async function startTask(backlog: Backlog, id: number, options: { force?: boolean; agent?: string } = {}): Promise<LifecycleResult> {
  return single(backlog, id, "start", (task) => claimFields(backlog, task, options));
}

/** The fields of a claim, or the refusal: shared with `start --worktree`, which adds the branch and folder. */
export function claimFields(backlog: Backlog, task: Task, options: { force?: boolean; agent?: string } = {}): FieldChanges {
  // Without an agent the claim still names someone (the local user, as notes do), so a refused start can say who holds it.
  const agent = options.agent || actingAgent(backlog);
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

/** Releases a claim: active → pending, `started` cleared; the assignee stays. Another's claim only when forced. */
export async function stopTask(backlog: Backlog, id: number, options: { force?: boolean } = {}): Promise<LifecycleResult> {
  return single(backlog, id, "stop", (task) => {
    assertNotHeldByAnother(backlog, task, options.force);
    if (task.status !== "active") throw new BacklogError("refused", `task ${id} is ${task.status}, not active; only an active task can be stopped.`, { id, status: task.status });
    return { status: "pending", started: null };
  });
}

/**
 * Completes a task; a recurring one spawns its next occurrence in the same operation. A task
 * with a worktree gets it removed afterwards when that is safe (service/worktree/cleanup.ts);
 * the outcome is in `worktree`.
 */
export async function doneTask(backlog: Backlog, id: number, options: { force?: boolean } = {}): Promise<LifecycleResult> {
  const before = await worktreeBeforeDone(backlog, id);
  const result = await single(
    backlog,
    id,
    "done",
    (task) => {
      assertNotHeldByAnother(backlog, task, options.force);
      if (task.status === "done") throw new BacklogError("refused", `task ${id} is already done${task.ended ? ` (${task.ended})` : ""}.`, { id, status: task.status });
      if (task.status === "deleted") throw new BacklogError("refused", `task ${id} is deleted`, { id, status: task.status }, [{ use: "restore", id, does: "reopens it first, if it was done after all" }]);
      return { status: "done", ended: nowIso(backlog) };
    },
    options,
  );
  const worktree = before && (await cleanupWorktree(backlog, before));
  return { ...result, ...(worktree && { worktree }) };
}

/** Soft delete: the file stays, restorable until purged. A task another agent holds only when forced. */
export async function deleteTask(backlog: Backlog, id: number, options: { force?: boolean } = {}): Promise<LifecycleResult> {
  return single(backlog, id, "delete", (task) => {
    assertNotHeldByAnother(backlog, task, options.force);
    if (task.status === "deleted") throw new BacklogError("refused", `task ${id} is already deleted`, { id }, [{ use: "purge", id, does: "removes the file" }]);
    return { status: "deleted", ended: nowIso(backlog) };
  });
}

/**
 * `restore`, for both front ends: a task that is only in the archive comes back into the task
 * folder as it was archived (done or deleted; a second restore reopens it), any other is reopened.
 */
export async function restoreTask(backlog: Backlog, id: number): Promise<LifecycleResult> {
  if (!backlog.index.get(id) && findArchived(backlog, id)) return unarchiveTask(backlog, id);
  return reopenTask(backlog, id);
}

/** Reopens a deleted or done task as pending. */
async function reopenTask(backlog: Backlog, id: number): Promise<LifecycleResult> {
  return single(backlog, id, "restore", (task) => {
    if (task.status !== "deleted" && task.status !== "done") {
      throw new BacklogError("refused", `task ${id} is ${task.status}; only a done or deleted task can be restored.`, { id, status: task.status });
    }
    return { status: "pending", ended: null, started: null };
  });
}

/** Removes the file of a deleted task. */
export async function purgeTask(backlog: Backlog, id: number): Promise<{ task: Task; sha?: string }> {
  return transact(backlog, () => {
    const task = requireTask(backlog, id);
    if (task.status !== "deleted") throw new BacklogError("refused", `task ${id} is ${task.status}; purge removes deleted tasks only`, { id }, [{ use: "delete", id, does: "deletes it first" }]);
    const dependents = backlog.index.tasks().filter((other) => other.depends.includes(id) || other.parent === id);
    if (dependents.length > 0) {
      const ids = dependents.map((other) => other.id).join(", ");
      throw new BacklogError("refused", `task ${id} is still referenced by ${ids} (depends or parent); remove those references first.`, { id, dependents: ids });
    }
    return { changes: [{ path: task.path, content: null }], record: taskRecord("purge", task), result: { task } };
  });
}

type FieldsFor = (task: Task) => Parameters<typeof editTask>[2];

async function single(backlog: Backlog, id: number, op: string, fieldsFor: FieldsFor, options: { force?: boolean } = {}): Promise<LifecycleResult> {
  const outcome = await transact(
    backlog,
    async () => {
      const task = requireTask(backlog, id);
      const changes: FileChange[] = [editTask(backlog, task, fieldsFor(task))];
      let spawned: Task | undefined;
      if (op === "done" && task.recur) {
        // The next occurrence copies the document: a task served by the stat cache comes without it.
        spawned = await spawnNext(backlog, withBody(backlog, task));
        if (spawned) changes.push({ path: spawned.path, content: renderTaskFile(spawned) });
      }
      return { changes, record: taskRecord(op, task), result: { spawnedId: spawned?.id } };
    },
    options,
  );
  const task = requireTask(backlog, id);
  const spawned = outcome.spawnedId === undefined ? undefined : backlog.index.get(outcome.spawnedId);
  return { task, ...(spawned && { spawned }), ...(outcome.sha && { sha: outcome.sha }) };
}

async function spawnNext(backlog: Backlog, task: Task): Promise<Task | undefined> {
  const next = nextOccurrence(task, backlog.now());
  if (!next) return undefined;
  const id = await allocateId(backlog);
  const now = nowIso(backlog);
  return { ...next, id, notes: [], created: now, modified: now, path: `${backlog.config.dir}/${taskFileName(id, next.title)}` };
}
