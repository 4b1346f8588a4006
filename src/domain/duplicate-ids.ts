/**
 * Duplicate ids that arrive through a merge from another clone (docs/reference/git.md, "Duplicate ids after a merge"): which copy keeps the id,
 * which gets a new one, and which references follow it. Pure; `doctor --fix` and `sync` apply the plan.
 *
 * - A file the user names (`keep`) keeps its id.
 * - Else, when history tells (`sideOf`: the copy on this branch's own line is `local`, the one a
 *   merge brought in `arrived`), the local copy keeps the id and the one that arrived moves, so
 *   ids on this branch never change under the people and agents using them.
 * - Else the OLDEST copy keeps the id (earliest `created`; a copy without `created` counts as
 *   oldest; ties by file name), so what was there first never moves. Every other copy gets the
 *   next free id. Each renumbering says which rule decided it (`decidedBy`).
 * - A reference (`depends`, `related`, `parent`) to the duplicated id from a task of one side is
 *   taken to mean that side's copy, when history tells both. Else it means the newest copy that
 *   already existed when the referencing task was created: a task created after a newer copy came
 *   with it from the same clone (or was written knowing it). Tasks without `created` keep their
 *   references: the rule cannot tell, and the old id is the safe guess.
 */
import { parseIsoTime } from "./iso-time.js";
import { ID_LIST_FIELDS, type IdListField, type Task } from "./task.js";

export interface Renumbering {
  path: string;
  from: number;
  to: number;
  /** What decided that this copy moves: the user's `keep`, history (it arrived through a merge), or `created`. */
  decidedBy: "keep" | "history" | "created";
}

/** Where a file's task came from, as history tells it: this branch's own line, or a merge. */
export type Side = "local" | "arrived";

export interface RenumberingOptions {
  /** Each file's side; undefined where history cannot tell (an untracked file, no git). */
  sideOf?: (path: string) => Side | undefined;
  /** Files that keep their id, whatever else says. */
  keep?: readonly string[];
}

export type ReferenceRewrite = { path: string; parent?: number } & Partial<Record<IdListField, number[]>>;

type Copy = Pick<Task, "id" | "path" | "created">;
type Referrer = Pick<Task, "id" | "path" | "created" | "parent" | IdListField>;

export function planRenumbering(tasks: readonly Referrer[], firstFreeId: number, options: RenumberingOptions = {}): { renumbered: Renumbering[]; rewrites: ReferenceRewrite[] } {
  const groups = new Map<number, Copy[]>();
  for (const task of tasks) groups.set(task.id, [...(groups.get(task.id) ?? []), task]);
  const keep = new Set(options.keep ?? []);
  const sideOf = (path: string): Side | undefined => options.sideOf?.(path);
  let next = firstFreeId;
  const renumbered: Renumbering[] = [];
  /** Per duplicated id, its copies oldest first with the id each ends up with. */
  const copies = new Map<number, { created: number; path: string; to: number; side: Side | undefined }[]>();
  for (const [id, group] of [...groups].sort(([a], [b]) => a - b)) {
    if (group.length < 2) continue;
    const kept = group.filter((copy) => keep.has(copy.path));
    const sides = group.map((copy) => sideOf(copy.path));
    // History decides when exactly one kind of copy is local and the rest arrived.
    const byHistory = kept.length === 0 && sides.filter((side) => side === "local").length === 1 && sides.every((side) => side !== undefined);
    const rank = (copy: Copy): number => (keep.has(copy.path) ? 0 : byHistory && sideOf(copy.path) === "local" ? 0 : 1);
    const ordered = [...group].sort((a, b) => rank(a) - rank(b) || createdAt(a) - createdAt(b) || a.path.localeCompare(b.path));
    const decidedBy: Renumbering["decidedBy"] = kept.length > 0 ? "keep" : byHistory ? "history" : "created";
    copies.set(
      id,
      ordered.map((copy, index) => {
        const to = index === 0 ? id : next++;
        if (index > 0) renumbered.push({ path: copy.path, from: id, to, decidedBy });
        return { created: createdAt(copy), path: copy.path, to, side: sideOf(copy.path) };
      }),
    );
  }

  const rewrites: ReferenceRewrite[] = [];
  for (const task of tasks) {
    if (task.created === undefined && sideOf(task.path) === undefined) continue;
    const created = createdAt(task);
    const side = sideOf(task.path);
    const target = (id: number): number => {
      const all = copies.get(id);
      // A task of one side means that side's copy, when history places exactly one copy there.
      const same = side === undefined ? [] : (all ?? []).filter((copy) => copy.side === side && copy.path !== task.path);
      if (same.length === 1) return same[0]?.to ?? id;
      if (task.created === undefined) return id;
      const known = all?.filter((copy) => copy.created <= created && copy.path !== task.path);
      return known?.at(-1)?.to ?? id;
    };
    const rewrite: ReferenceRewrite = { path: task.path };
    for (const name of ID_LIST_FIELDS) {
      const ids = task[name].map(target);
      if (ids.some((id, index) => id !== task[name][index])) rewrite[name] = ids;
    }
    const parent = task.parent === undefined ? undefined : target(task.parent);
    if (parent !== task.parent && parent !== undefined) rewrite.parent = parent;
    if (Object.keys(rewrite).length > 1) rewrites.push(rewrite);
  }
  return { renumbered, rewrites };
}

function createdAt(task: Pick<Task, "created">): number {
  return parseIsoTime(task.created) ?? Number.NEGATIVE_INFINITY;
}
