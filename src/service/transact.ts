import { isUtf8 } from "node:buffer";
import { join } from "node:path";
import { parseTaskFile } from "../format/parse-task-file.js";
import { checkWrite } from "../domain/rules/index.js";
import { BacklogError } from "../domain/errors.js";
import { problemRemedies, type Problem } from "../domain/problem.js";
import type { TaskSet } from "../domain/cycles.js";
import type { Task } from "../domain/task.js";
import type { LoadedFile } from "../store/loaded-file.js";
import { readRegularFile, readTextFile } from "../store/read-text-file.js";
import { sameBytes } from "../git/working-files.js";
import { HAND_EDIT_OP, type ChangedOnDisk, type FileChange, type OperationRecord } from "../store/writer.js";
import type { Backlog } from "./backlog.js";
import { archivedIds, rememberIds } from "./ids.js";
import { notingReads } from "./task-file.js";

/** What an operation wants written: the new file contents and how to describe the commit. */
export interface Plan<T> {
  changes: FileChange[];
  record: OperationRecord;
  result: T;
  /** Files this operation moves, new path → old path, so the rules judge a moved task against what it was. */
  moves?: Readonly<Record<string, string>>;
}

export interface TransactOptions {
  /** Skip the rules a user may override (a done parent with open children, a claim held by another). */
  force?: boolean;
}

/** How many times an operation is planned again when a file it read changes on disk before its write. */
const MAX_REPLANS = 5;

/**
 * The one way an operation changes the backlog: under the clone-wide lock, re-read what changed
 * on disk, let the operation plan its changes against that fresh state, check every rule, and
 * hand the changes to the writer as one operation. Nothing is written when any step refuses.
 *
 * A file the plan read that changes on disk before the writer replaces it (an editor saving) is
 * never overwritten: the writer refuses, and the operation is planned again from the new bytes.
 * A task file the operation changes that differs from the branch (edited by hand) is committed
 * first, as `edit #<id> (by hand)`, so the operation's commit holds only the operation.
 */
export async function transact<T>(
  backlog: Backlog,
  plan: () => Plan<T> | Promise<Plan<T>>,
  options: TransactOptions = {},
): Promise<T & { sha?: string }> {
  return backlog.writer.withLock(async () => {
    for (let attempt = 1; ; attempt++) {
      await backlog.refresh();
      const reads = new Map<string, Buffer>();
      try {
        return await attemptOnce(backlog, plan, options, reads);
      } catch (error) {
        const moved = changedPaths(error) ?? (await tornRead(backlog, error, reads));
        if (!moved) throw error;
        if (attempt >= MAX_REPLANS) {
          throw new BacklogError("conflict", `${moved.join(", ")} kept changing on disk while the operation ran (${attempt} attempts); nothing was written. Save the file, then run it again.`, { paths: moved });
        }
      }
    }
  });
}

async function attemptOnce<T>(backlog: Backlog, plan: () => Plan<T> | Promise<Plan<T>>, options: TransactOptions, reads: Map<string, Buffer>): Promise<T & { sha?: string }> {
  const { result: planned } = await notingReads(plan, reads);
  const { changes, record, result, moves = {} } = planned;
  if (changes.length === 0) throw new BacklogError("refused", "nothing to change: the tasks already look like that.");
  const written = validate(backlog, changes, moves, options);
  await backlog.writer.assertWritable(changes.map((change) => change.path));
  const read = new Map<string, Buffer | null>(reads);
  // A new file must not appear under the operation either (someone's file of the same name).
  for (const change of changes) if (!read.has(change.path) && !backlog.index.file(change.path)) read.set(change.path, null);
  const outcome = await backlog.writer.apply(changes, { ...record, ...(backlog.agent && !record.agent && { agent: backlog.agent }) }, { read, handEdits: (paths) => handEditRecord(backlog, paths) });
  backlog.index.update(
    written,
    changes.filter((change) => change.content === null || !isInFolder(backlog, change.path)).map((change) => change.path),
  );
  await rememberIds(backlog, written.flatMap((file) => (file.task ? [file.task.id] : [])));
  return { ...result, ...(outcome.sha && { sha: outcome.sha }) };
}

/** The paths of a writer's "changed on disk since it was read" refusal. */
function changedPaths(error: unknown): string[] | undefined {
  if (!(error instanceof BacklogError) || error.code !== "conflict") return undefined;
  const paths = (error.data as Partial<ChangedOnDisk>).changedOnDisk;
  return Array.isArray(paths) ? paths : undefined;
}

/** How long a save in progress is given to finish before a file that did not parse is looked at again. */
const SAVE_SETTLE_MS = 25;

/**
 * A file that did not parse because it was read in the middle of a save (an editor truncates,
 * then writes): the refusal is the save's moment, not the file's fault. It counts as a change on
 * disk, and the operation is planned again, when the file read by the plan has other bytes a
 * moment later, or the file named by the refusal parses by then.
 */
async function tornRead(backlog: Backlog, error: unknown, reads: ReadonlyMap<string, Buffer>): Promise<string[] | undefined> {
  if (!(error instanceof BacklogError) || error.code !== "invalid") return undefined;
  const named = (error.data as { path?: unknown } | undefined)?.path;
  if (reads.size === 0 && typeof named !== "string") return undefined;
  await new Promise((resolve) => setTimeout(resolve, SAVE_SETTLE_MS));
  const changed = [...reads].filter(([path, bytes]) => !sameBytes(readNow(backlog, path) ?? null, bytes)).map(([path]) => path);
  if (changed.length > 0) return changed;
  if (typeof named !== "string" || reads.has(named)) return undefined;
  const bytes = readNow(backlog, named);
  // Judged as the index judges a file: strict UTF-8 (a Latin-1 file is broken, not being saved).
  return bytes && isUtf8(bytes) && parseTaskFile(bytes.toString("utf8"), named).task ? [named] : undefined;
}

function readNow(backlog: Backlog, path: string): Buffer | undefined {
  try {
    return readRegularFile(join(backlog.root, path), { file: path });
  } catch {
    return undefined;
  }
}


/** The commit of hand edits found in the files an operation changes: `edit #12 (by hand)`. */
function handEditRecord(backlog: Backlog, paths: readonly string[]): OperationRecord {
  const ids = paths.map((path) => backlog.index.file(path)?.task?.id).filter((id): id is number => id !== undefined);
  const subject = ids.length === 1 ? `edit #${ids[0]} (by hand)` : `edit ${paths.length} ${paths.length === 1 ? "file" : ids.length === paths.length ? "tasks" : "files"} (by hand)`;
  return { op: HAND_EDIT_OP, subject, taskIds: ids };
}

/** Parses every new file and applies the write rules to the backlog as it would be after the change. */
function validate(backlog: Backlog, changes: readonly FileChange[], moves: Readonly<Record<string, string>>, options: TransactOptions): LoadedFile[] {
  const written: LoadedFile[] = [];
  // The backlog after the write as a view over the index, not a copy of it (10,000 tasks).
  const changed = new Map<number, Task>();
  const removed = new Set<number>();
  for (const change of changes) {
    const before = backlog.index.file(change.path)?.task;
    if (before && backlog.index.get(before.id) === before) removed.add(before.id);
  }
  const after = overlay(backlog, changed, removed);
  const problems: Problem[] = [];
  const touched: Task[] = [];
  for (const change of changes) {
    if (change.content === null) continue;
    const parsed = parseTaskFile(change.content, change.path);
    const errors = parsed.problems.filter((problem) => problem.severity === "error");
    if (!parsed.task || errors.length > 0) {
      problems.push(...errors);
      continue;
    }
    if (!isInFolder(backlog, change.path)) continue; // archived: out of the index, as written
    written.push({ path: change.path, task: parsed.task, problems: parsed.problems, bodyLoaded: true });
    changed.set(parsed.task.id, parsed.task);
    touched.push(parsed.task);
  }
  const archived = archivedIds(backlog);
  for (const task of touched) {
    const before = backlog.index.file(task.path)?.task ?? movedFrom(backlog, moves[task.path], task.id);
    const checks = checkWrite(task, after, { force: options.force ?? false, archivedIds: archived, ...(before && { before }) });
    problems.push(...checks.filter((problem) => problem.severity === "error"));
  }
  if (problems.length > 0) {
    const lines = problems.map((problem) => `${problem.file}${problem.line ? `:${problem.line}` : ""}: ${problem.message}`);
    const force = problems.some((problem) => problem.overridable) ? [{ use: "force" as const, does: "writes it anyway" }] : [];
    const fixes = [...new Set(problems.flatMap((problem) => problemRemedies(problem)))];
    throw new BacklogError("invalid", `refused, nothing was written:\n${lines.join("\n")}`, { problems }, [...fixes, ...force]);
  }
  return written;
}

/** The index with a write's changes on top: `changed` replaces or adds tasks, `removed` drops them. */
function overlay(backlog: Backlog, changed: ReadonlyMap<number, Task>, removed: ReadonlySet<number>): TaskSet {
  return {
    get: (id) => changed.get(id) ?? (removed.has(id) ? undefined : backlog.index.get(id)),
    *values() {
      for (const task of backlog.index.tasks()) if (!changed.has(task.id) && !removed.has(task.id)) yield task;
      yield* changed.values();
    },
  };
}

/**
 * The task as it was before this operation when the operation moves its file (doctor --fix renames
 * a file, or gives an id-less file its id and name): what the old path held, or its id-less draft.
 * Without it, a rename would count every problem the task already had as new, and refuse the fix.
 */
function movedFrom(backlog: Backlog, oldPath: string | undefined, id: number): Task | undefined {
  const file = oldPath === undefined ? undefined : backlog.index.file(oldPath);
  if (!file) return undefined;
  if (file.task) return file.task;
  const draft = parseTaskFile(readTextFile(join(backlog.root, file.path), { file: file.path }), file.path).draft;
  return draft ? { ...draft, id } : undefined;
}

/** Task files sit directly in the task folder; anything deeper (the archive) is not indexed. */
function isInFolder(backlog: Backlog, path: string): boolean {
  const prefix = `${backlog.config.dir}/`;
  return path.startsWith(prefix) && !path.slice(prefix.length).includes("/");
}
