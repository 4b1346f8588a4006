import { planRenumbering } from "../../domain/duplicate-ids.js";
import { taskFileName } from "../../domain/slug.js";
import { editTaskFile } from "../../format/edit-task-file.js";
import { renumberedTrailer } from "../../git/commit-message.js";
import type { FileChange } from "../../store/writer.js";
import type { Backlog } from "../backlog.js";
import { readTaskText } from "../task-file.js";

export interface RenumberChanges {
  changes: FileChange[];
  moves: Record<string, string>;
  actions: { path: string; action: string }[];
  /** The new ids, for the commit's trailers. */
  ids: number[];
  /** One `Backlog-Renumbered` trailer per renumbered file, so `log <new id>` follows it back. */
  trailers: (readonly [string, string])[];
  nextId: number;
}

/**
 * The file changes that give every newer duplicate a free id (and its canonical name) and point
 * the references that meant it at the new id; the rule is domain/duplicate-ids.ts. `place` picks a
 * free path for a new name, as the rest of doctor --fix does.
 */
export function renumberDuplicates(backlog: Backlog, nextId: number, place: (name: string, current: string) => string): RenumberChanges {
  const { renumbered, rewrites } = planRenumbering(backlog.index.tasks(), nextId);
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
  for (const { path, from, to } of renumbered) {
    const title = backlog.index.file(path)?.task?.title ?? "";
    const target = place(taskFileName(to, title), path);
    changes.push({ path, content: null }, { path: target, content: editTaskFile(read(path), { id: to }, { path }) });
    contents.delete(path);
    moves[target] = path;
    actions.push({ path, action: `duplicate id ${from}: the newer copy now has id ${to} (${target})` });
  }
  for (const [path, content] of contents) changes.push({ path, content });
  const last = renumbered.at(-1)?.to;
  return {
    changes,
    moves,
    actions,
    ids: renumbered.map((entry) => entry.to),
    trailers: renumbered.map(renumberedTrailer),
    nextId: last === undefined ? nextId : last + 1,
  };
}
