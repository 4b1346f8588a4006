import { AsyncLocalStorage } from "node:async_hooks";
import { join } from "node:path";
import { editTaskFile } from "../format/edit-task-file.js";
import { parseTaskFile } from "../format/parse-task-file.js";
import { formatResolvedDate } from "../domain/dates.js";
import { BacklogError } from "../domain/errors.js";
import { idFromFileName } from "../domain/task-id.js";
import type { FieldChanges, Task } from "../domain/task.js";
import { decodeUtf8, FileFaultError, readRegularFile } from "../store/read-text-file.js";
import type { FileChange, OperationRecord } from "../store/writer.js";
import type { Backlog } from "./backlog.js";
import { archiveSegmentOf } from "./ids.js";
import { duplicateIdError } from "./task-lookup.js";

/** The current time as stored in `modified`, `started`, ...: ISO UTC to the second. */
export function nowIso(backlog: Backlog): string {
  return formatResolvedDate({ start: backlog.now().getTime(), hasTime: true });
}

/**
 * The task with that id, or an error that says why not (two files hold the id, its file is broken,
 * it is archived) or how to find one. An id two files hold (a merge from another clone) is
 * refused, naming both: no command picks one of them (docs/reference/git.md, "Duplicate ids after a merge").
 */
export function requireTask(backlog: Backlog, id: number): Task {
  const copies = backlog.index.copies(id);
  if (copies.length > 1) throw duplicateIdError(copies);
  if (copies[0]) return copies[0];
  assertNoBrokenFile(backlog, id);
  const segment = archiveSegmentOf(backlog, id);
  if (segment) {
    throw new BacklogError("not-found", `task ${id} is archived, in ${segment}`, { id, segment, path: `${backlog.config.dir}/archive/${segment}` }, [{ use: "restore", id, does: "brings it back" }]);
  }
  throw new BacklogError("not-found", `no task ${id}`, { id }, [{ use: "list", does: "finds ids" }]);
}

/** What the operation being planned has read: each task file's bytes (transact.ts). */
const planReads = new AsyncLocalStorage<Map<string, Buffer>>();

/** Runs an operation's planning, noting every task file it reads, so the write can check they are still so. */
export async function notingReads<T>(plan: () => T | Promise<T>, reads = new Map<string, Buffer>()): Promise<{ result: T; reads: Map<string, Buffer> }> {
  const result = await planReads.run(reads, plan);
  return { result, reads };
}

/** Refuses an id whose file is in the folder but cannot be used (does not parse, not UTF-8, a FIFO), naming the file and why. */
export function assertNoBrokenFile(backlog: Backlog, id: number): void {
  const broken = backlog.index.files().find((file) => !file.task && idFromFileName(file.path.slice(file.path.lastIndexOf("/") + 1)) === id);
  if (!broken) return;
  const reason = broken.problems[0]?.message ?? "it does not parse";
  throw new BacklogError("invalid", `task ${id} (${broken.path}) cannot be used: ${reason}. Fix the file by hand`, { id, path: broken.path }, [{ use: "doctor", does: "lists every problem" }]);
}

/** The file as it is on disk now: edits start from the user's bytes, never from a re-rendering. */
export function readTaskText(backlog: Backlog, task: Pick<Task, "path">): string {
  try {
    const bytes = readRegularFile(join(backlog.root, task.path), { file: task.path });
    const reads = planReads.getStore();
    if (reads && !reads.has(task.path)) reads.set(task.path, bytes);
    return decodeUtf8(bytes, task.path);
  } catch (error) {
    // Swapped for a FIFO, or re-saved in another encoding, since it was loaded: refused by name.
    if (error instanceof FileFaultError) throw error;
    throw new BacklogError("conflict", `${task.path} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}); it may have been moved or deleted since it was loaded. Run the command again.`, { path: task.path });
  }
}

/** The task with its document and notes: one served by the stat cache comes without its body. */
export function withBody(backlog: Backlog, task: Task): Task {
  if (backlog.index.file(task.path)?.bodyLoaded !== false) return task;
  return parseTaskFile(readTaskText(backlog, task), task.path).task ?? task;
}

/** A minimal edit of one task file, stamping `modified`. */
export function editTask(backlog: Backlog, task: Task, fields: FieldChanges, body?: string): FileChange {
  const text = readTaskText(backlog, task);
  const content = editTaskFile(text, { ...fields, modified: nowIso(backlog) }, body === undefined ? undefined : { body });
  return { path: task.path, content };
}

export function taskRecord(op: string, task: Pick<Task, "id" | "title">): OperationRecord {
  return { op, subject: `${op} #${task.id} ${task.title}`, taskIds: [task.id] };
}

export function batchRecord(op: string, tasks: readonly Pick<Task, "id" | "title">[]): OperationRecord {
  const [only] = tasks;
  if (tasks.length === 1 && only) return taskRecord(op, only);
  return { op, subject: `${op} ${tasks.length} tasks`, taskIds: tasks.map((task) => task.id) };
}
