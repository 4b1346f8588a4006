import { isUtf8 } from "node:buffer";
import { BacklogError } from "../domain/errors.js";
import type { FileChange, OperationRecord } from "../store/writer.js";
import { DEFAULT_COMMIT_PREFIX, stripPrefix } from "./commit-message.js";
import { createContentFilter } from "./content-filter.js";
import { gitText, repoEnv } from "./git-cli.js";
import { createConfigReader, resolveIdentity } from "./git-config.js";
import { readLog, requireRepo, type LogEntry } from "./history.js";
import { createObjectStore } from "./object-store.js";
import type { RepoPaths } from "./repo-paths.js";
import { changedByCommit, changedInWorkingTree, nothingToRedo, tooFewToUndo } from "./undo-refusals.js";
import { isOwnedBy, passedOver, replayStacks, type Owner } from "./undo-stacks.js";

/**
 * Undo and redo as new commits (never history rewriting), planned here and applied by the
 * Writer like any operation, inside its lock.
 *
 * Both take only the caller's own operations (same author email and agent; docs/reference/git.md, "Undo and redo") unless
 * asked for everyone's, from the stacks of this branch's first-parent line (`undo-stacks.ts`):
 * a merge does not end the run, and what came in through one is not on it. Undoing commits
 * means giving each file they touched the content it had before the oldest of them; redoing an
 * undo means undoing the undo. Both are refused, with nothing changed, when a file was changed
 * by anything else since: between the reverted commits (another's operation, a hand edit), by
 * a later commit or merge, or in the working tree. That check is what makes passing over
 * others' operations safe: theirs on other files stay as they are.
 */

export interface UndoPlan {
  changes: FileChange[];
  record: OperationRecord;
  /** The commits whose effect the plan reverses, newest first. */
  reverted: LogEntry[];
  /** Commits after the oldest reverted one that the plan leaves in place (others', hand edits), newest first. */
  passedOver: LogEntry[];
}

export interface PlanOptions {
  /** Any folder inside the working tree. */
  root: string;
  /** The caller's agent: with the git author email, whose operations are theirs; and the `Backlog-Agent` trailer. */
  agent?: string;
  /** Take everyone's operations, not only the caller's. */
  any?: boolean;
  /** The commit prefix, stripped from subjects when quoting them. */
  prefix?: string;
}

export async function planUndo(options: PlanOptions & { count?: number }): Promise<UndoPlan> {
  const count = options.count ?? 1;
  if (!Number.isSafeInteger(count) || count < 1) throw new BacklogError("usage", `undo takes a positive number of operations, not ${count}.`);
  const paths = requireRepo(options.root);
  const owner = await callerOf(paths, options);
  const log = await readLog({ root: paths.root, firstParent: true });
  const stacks = replayStacks(log);
  const mine = stacks.undoable.filter((entry) => isOwnedBy(entry, owner));
  if (count > mine.length) throw await tooFewToUndo(paths, log, stacks, owner, count);
  const targets = mine.slice(-count).reverse(); // newest first
  const changes = await revertChanges(paths, targets);
  const prefix = options.prefix ?? DEFAULT_COMMIT_PREFIX;
  const record: OperationRecord = {
    op: "undo",
    subject: count === 1 ? `undo ${stripPrefix(targets[0]!.message, prefix)}` : `undo ${count} operations`,
    taskIds: unionOfTasks(targets),
    trailers: targets.map((target) => ["Backlog-Undo", target.sha] as const),
  };
  if (options.agent) record.agent = options.agent;
  return { changes, record, reverted: targets, passedOver: passedOver(log, stacks, targets, owner) };
}

export async function planRedo(options: PlanOptions): Promise<UndoPlan> {
  const paths = requireRepo(options.root);
  const owner = await callerOf(paths, options);
  const log = await readLog({ root: paths.root, firstParent: true });
  const stacks = replayStacks(log);
  const undo = stacks.redoable.filter((entry) => isOwnedBy(entry, owner)).pop();
  if (!undo) throw nothingToRedo(stacks, owner);
  const changes = await revertChanges(paths, [undo]);
  const subject = stripPrefix(undo.message, options.prefix ?? DEFAULT_COMMIT_PREFIX).replace(/^undo /, "");
  const record: OperationRecord = { op: "redo", subject: `redo ${subject}`, taskIds: [...undo.tasks], trailers: [["Backlog-Redo", undo.sha]] };
  if (options.agent) record.agent = options.agent;
  return { changes, record, reverted: [undo], passedOver: passedOver(log, stacks, [undo], owner) };
}

/** The caller: the author email their commits get (as the writer resolves it) and their agent. */
async function callerOf(paths: RepoPaths, options: PlanOptions): Promise<Owner> {
  if (options.any) return "any";
  const { author } = resolveIdentity(await createConfigReader(paths).read());
  return { email: author.email, agent: options.agent };
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
      else if (state.latest !== change.before) throw await changedByCommit(paths, change.path, state.since, `${commit.sha}^`);
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
  // The working file is compared as git compares it, and the old content is handed over as a checkout leaves it (smudged, CRLF).
  const filter = createContentFilter({ paths, objects: createObjectStore(paths), config: createConfigReader(paths) });
  const changes: FileChange[] = [];
  for (const [path, state] of states) {
    if ((atHead.get(path) ?? null) !== state.latest) throw await changedByCommit(paths, path, state.since, "HEAD");
    if ((await filter.blobOfFile(path)) !== state.latest) throw changedInWorkingTree(path, state.since);
    changes.push({ path, content: state.target === null ? null : textOf(path, state.target, await filter.checkout(path, state.target)) });
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

function unionOfTasks(entries: readonly LogEntry[]): number[] {
  return [...new Set(entries.flatMap((entry) => entry.tasks))].sort((a, b) => a - b);
}
