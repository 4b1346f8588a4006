import { isUtf8 } from "node:buffer";
import { join } from "node:path";
import { BacklogError } from "../domain/errors.js";
import type { FileChange, OperationRecord } from "../store/writer.js";
import { DEFAULT_COMMIT_PREFIX, stripPrefix } from "./commit-message.js";
import { gitText, repoEnv } from "./git-cli.js";
import { readLog, requireRepo, type LogEntry } from "./history.js";
import { createObjectStore } from "./object-store.js";
import { fileOid } from "./recover.js";
import type { RepoPaths } from "./repo-paths.js";

/**
 * Undo and redo as new commits (never history rewriting), planned here and applied by the
 * Writer like any operation, inside its lock.
 *
 * The stacks come from replaying this branch's operations (first-parent line) oldest first:
 * an operation or a redo is pushed on the undo stack and a new operation empties the redo
 * stack; an undo takes its operations off the undo stack and is pushed on the redo stack; a
 * redo takes its undo off the redo stack. Undoing commits means giving each file they touched
 * the content it had before the oldest of them; redoing an undo means undoing the undo. Both
 * are refused, with nothing changed, when a file was changed by anything else since: between
 * the reverted commits, by a later commit, or in the working tree.
 */

export interface UndoPlan {
  changes: FileChange[];
  record: OperationRecord;
  /** The commits whose effect the plan reverses. */
  reverts: string[];
}

export interface PlanOptions {
  /** Any folder inside the working tree. */
  root: string;
  /** For the `Backlog-Agent` trailer. */
  agent?: string;
  /** The commit prefix, stripped from subjects when quoting them. */
  prefix?: string;
}

export async function planUndo(options: PlanOptions & { count?: number }): Promise<UndoPlan> {
  const count = options.count ?? 1;
  if (!Number.isSafeInteger(count) || count < 1) throw new BacklogError("usage", `undo takes a positive number of operations, not ${count}.`);
  const paths = requireRepo(options.root);
  const { undoable } = await stacks(paths);
  if (undoable.length === 0) throw new BacklogError("refused", "There is no backlog operation to undo on this branch.");
  if (count > undoable.length) {
    throw new BacklogError("refused", `Only ${undoable.length} backlog operation${undoable.length === 1 ? "" : "s"} can be undone on this branch, not ${count}.`, { available: undoable.length });
  }
  const targets = undoable.slice(-count).reverse(); // newest first
  const changes = await revertChanges(paths, targets);
  const prefix = options.prefix ?? DEFAULT_COMMIT_PREFIX;
  const record: OperationRecord = {
    op: "undo",
    subject: count === 1 ? `undo ${stripPrefix(targets[0]!.message, prefix)}` : `undo ${count} operations`,
    taskIds: unionOfTasks(targets),
    trailers: targets.map((target) => ["Backlog-Undo", target.sha] as const),
  };
  if (options.agent) record.agent = options.agent;
  return { changes, record, reverts: targets.map((target) => target.sha) };
}

export async function planRedo(options: PlanOptions): Promise<UndoPlan> {
  const paths = requireRepo(options.root);
  const { redoable } = await stacks(paths);
  const undo = redoable[redoable.length - 1];
  if (!undo) throw new BacklogError("refused", "There is nothing to redo on this branch: no undo since the last operation.");
  const changes = await revertChanges(paths, [undo]);
  const subject = stripPrefix(undo.message, options.prefix ?? DEFAULT_COMMIT_PREFIX).replace(/^undo /, "");
  const record: OperationRecord = { op: "redo", subject: `redo ${subject}`, taskIds: [...undo.tasks], trailers: [["Backlog-Redo", undo.sha]] };
  if (options.agent) record.agent = options.agent;
  return { changes, record, reverts: [undo.sha] };
}

async function stacks(paths: RepoPaths): Promise<{ undoable: LogEntry[]; redoable: LogEntry[] }> {
  const log = await readLog({ root: paths.root, firstParent: true });
  let undoable: LogEntry[] = [];
  let redoable: LogEntry[] = [];
  for (const entry of log.reverse()) {
    if (entry.op === "undo") {
      const undone = new Set(entry.undoes ?? []);
      undoable = undoable.filter((candidate) => !undone.has(candidate.sha));
      redoable.push(entry);
    } else if (entry.op === "redo") {
      redoable = redoable.filter((candidate) => candidate.sha !== entry.redoes);
      undoable.push(entry);
    } else {
      undoable.push(entry);
      redoable = [];
    }
  }
  return { undoable, redoable };
}

interface PathState {
  /** Content before the oldest reverted commit that touched the path. */
  target: string | null;
  /** Content after the newest one: what the file must still hold. */
  latest: string | null;
  since: LogEntry;
}

/** File changes that give every path the reverted commits touched its content from before them. */
async function revertChanges(paths: RepoPaths, newestFirst: readonly LogEntry[]): Promise<FileChange[]> {
  const env = repoEnv(paths);
  const states = new Map<string, PathState>();
  for (const commit of [...newestFirst].reverse()) {
    const raw = await gitText(["diff-tree", "-r", "-z", "--no-commit-id", "--no-renames", "--root", commit.sha], { cwd: paths.root, env });
    for (const change of parseRawDiff(raw)) {
      const state = states.get(change.path);
      if (!state) states.set(change.path, { target: change.before, latest: change.after, since: commit });
      else if (state.latest !== change.before) throw changedSince(change.path, state.since);
      else Object.assign(state, { latest: change.after, since: commit });
    }
  }
  const list = [...states.keys()];
  if (list.length === 0) return [];
  const atHead = new Map<string, string>();
  const tree = await gitText(["--literal-pathspecs", "ls-tree", "-z", "--full-tree", "HEAD", "--", ...list], { cwd: paths.root, env });
  for (const record of tree.split("\0")) {
    const match = /^\d+ blob ([0-9a-f]{40})\t(.*)$/s.exec(record);
    if (match) atHead.set(match[2]!, match[1]!);
  }
  const objects = createObjectStore(paths);
  const changes: FileChange[] = [];
  for (const [path, state] of states) {
    if ((atHead.get(path) ?? null) !== state.latest) throw changedSince(path, state.since);
    if ((await fileOid(join(paths.root, path))) !== state.latest) throw changedSince(path, state.since, "in the working tree");
    changes.push({ path, content: state.target === null ? null : textOf(path, state.target, (await objects.read(state.target)).body) });
  }
  return changes;
}

/** Operations write text: a version that is not UTF-8 (saved by hand before an operation) cannot be written back byte for byte. */
function textOf(path: string, blob: string, body: Buffer): string {
  if (isUtf8(body)) return body.toString("utf8");
  throw new BacklogError("refused", `${path}: the version to restore is not valid UTF-8, and undo would replace some of its bytes; restore it with git instead: git cat-file blob ${blob} > ${path}`, { path });
}

function parseRawDiff(raw: string): Array<{ path: string; before: string | null; after: string | null }> {
  const fields = raw.split("\0");
  const changes: Array<{ path: string; before: string | null; after: string | null }> = [];
  for (let at = 0; at + 1 < fields.length; at += 2) {
    const match = /^:\d+ \d+ ([0-9a-f]{40}) ([0-9a-f]{40}) [A-Z]/.exec(fields[at]!);
    if (!match) continue;
    const before = /^0+$/.test(match[1]!) ? null : match[1]!;
    const after = /^0+$/.test(match[2]!) ? null : match[2]!;
    changes.push({ path: fields[at + 1]!, before, after });
  }
  return changes;
}

function changedSince(path: string, since: LogEntry, where = "by a later commit"): BacklogError {
  return new BacklogError(
    "conflict",
    `${path} was changed ${where} since "${since.message}" (${since.sha.slice(0, 12)}); undoing or redoing it would overwrite that change, so nothing was changed. ` +
      "Commit or revert that change by hand first.",
    { path, sha: since.sha },
  );
}

function unionOfTasks(entries: readonly LogEntry[]): number[] {
  return [...new Set(entries.flatMap((entry) => entry.tasks))].sort((a, b) => a - b);
}
