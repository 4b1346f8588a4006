import { planRenumbering, type Renumbering, type RenumberingOptions, type Side } from "../../domain/duplicate-ids.js";
import { sidesOf } from "../../git/index.js";
import { taskFileName } from "../../domain/slug.js";
import { editTaskFile } from "../../format/edit-task-file.js";
import { renumberedTrailer } from "../../git/commit-message.js";
import type { FileChange } from "../../store/writer.js";
import type { Task } from "../../domain/task.js";
import type { Backlog } from "../backlog.js";
import { readTaskText } from "../task-file.js";

export interface RenumberChanges {
  changes: FileChange[];
  moves: Record<string, string>;
  actions: { path: string; action: string }[];
  /** The new ids, for the commit's trailers. */
  ids: number[];
  /** Each file that gets a new id, where it is now. */
  renumbered: { path: string; from: number; to: number }[];
  /** One `Backlog-Renumbered` trailer per renumbered file, so `log <new id>` follows it back. */
  trailers: (readonly [string, string])[];
  nextId: number;
}

/**
 * The file changes that give every newer duplicate a free id (and its canonical name) and point
 * the references that meant it at the new id; the rule is domain/duplicate-ids.ts. `place` picks a
 * free path for a new name, as the rest of doctor --fix does.
 */
export function renumberDuplicates(backlog: Backlog, nextId: number, place: (name: string, current: string) => string, options: RenumberingOptions = {}): RenumberChanges {
  const { renumbered, rewrites } = planRenumbering(backlog.index.tasks(), nextId, options);
  const contents = new Map<string, string>();
  const read = (path: string): string => contents.get(path) ?? readTaskText(backlog, { path });
  const actions: RenumberChanges["actions"] = [];
  // References first, so a renumbered task that itself refers to another duplicate keeps both edits.
  for (const rewrite of rewrites) {
    const { path, ...changes } = rewrite;
    contents.set(path, editTaskFile(read(path), changes, { path }));
    const what = Object.entries(changes).map(([name, value]) => `${name}: ${Array.isArray(value) ? `[${value.join(", ")}]` : value}`);
    actions.push({ path, action: `now refers to the renumbered task (${what.join(", ")})` });
  }
  const changes: FileChange[] = [];
  const moves: Record<string, string> = {};
  const placed: RenumberChanges["renumbered"] = [];
  for (const { path, from, to, decidedBy } of renumbered) {
    const title = backlog.index.file(path)?.task?.title ?? "";
    const target = place(taskFileName(to, title), path);
    changes.push({ path, content: null }, { path: target, content: editTaskFile(read(path), { id: to }, { path }) });
    contents.delete(path);
    moves[target] = path;
    placed.push({ path: target, from, to });
    actions.push({ path, action: `duplicate id ${from}: ${WHY[decidedBy]} now has id ${to} (${target})` });
  }
  for (const [path, content] of contents) changes.push({ path, content });
  const last = renumbered.at(-1)?.to;
  return {
    changes,
    moves,
    actions,
    ids: renumbered.map((entry) => entry.to),
    renumbered: placed,
    trailers: renumbered.map(renumberedTrailer),
    nextId: last === undefined ? nextId : last + 1,
  };
}

const WHY: Record<Renumbering["decidedBy"], string> = {
  keep: "you kept the other copy; this one",
  history: "this copy arrived through a merge and",
  created: "the newer copy by `created` (history cannot tell which one arrived; `doctor --fix --keep <file>` chooses)",
};

/** Where each copy of a duplicated id came from, as git's history tells it (git/task-origins.ts). */
export async function duplicateSides(backlog: Backlog): Promise<((path: string) => Side | undefined) | undefined> {
  if (!backlog.repo) return undefined;
  const byId = new Map<number, string[]>();
  for (const task of backlog.index.tasks()) byId.set(task.id, [...(byId.get(task.id) ?? []), task.path]);
  const duplicated = new Set([...byId].filter(([, paths]) => paths.length > 1).map(([id]) => id));
  if (duplicated.size === 0) return undefined;
  // The copies, and the tasks that refer to one: a reference means its own side's copy.
  const refers = (task: Task): boolean => [...task.depends, ...task.related, ...(task.parent === undefined ? [] : [task.parent])].some((id) => duplicated.has(id));
  const files = backlog.index.tasks().filter((task) => duplicated.has(task.id) || refers(task)).map((task) => task.path);
  const sides = await sidesOf(backlog.repo, files);
  return (path) => sides.get(path);
}
