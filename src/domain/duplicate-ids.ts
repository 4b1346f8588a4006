/**
 * Duplicate ids that arrive through a merge from another clone (docs/reference/git.md, "Duplicate ids after a merge"): which copy keeps the id,
 * which gets a new one, and which references follow it. Pure; `doctor --fix` applies the plan.
 *
 * - The OLDEST copy keeps the id (earliest `created`; a copy without `created` counts as oldest;
 *   ties by file name), so what was there first never moves. Every newer copy gets the next free id.
 * - A reference (`depends`, `related`, `parent`) to the duplicated id is taken to mean the newest copy that
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
}

export type ReferenceRewrite = { path: string; parent?: number } & Partial<Record<IdListField, number[]>>;

type Copy = Pick<Task, "id" | "path" | "created">;
type Referrer = Pick<Task, "id" | "path" | "created" | "parent" | IdListField>;

export function planRenumbering(tasks: readonly Referrer[], firstFreeId: number): { renumbered: Renumbering[]; rewrites: ReferenceRewrite[] } {
  const groups = new Map<number, Copy[]>();
  for (const task of tasks) groups.set(task.id, [...(groups.get(task.id) ?? []), task]);
  let next = firstFreeId;
  const renumbered: Renumbering[] = [];
  /** Per duplicated id, its copies oldest first with the id each ends up with. */
  const copies = new Map<number, { created: number; path: string; to: number }[]>();
  for (const [id, group] of [...groups].sort(([a], [b]) => a - b)) {
    if (group.length < 2) continue;
    const ordered = [...group].sort((a, b) => createdAt(a) - createdAt(b) || a.path.localeCompare(b.path));
    copies.set(
      id,
      ordered.map((copy, index) => {
        const to = index === 0 ? id : next++;
        if (index > 0) renumbered.push({ path: copy.path, from: id, to });
        return { created: createdAt(copy), path: copy.path, to };
      }),
    );
  }

  const rewrites: ReferenceRewrite[] = [];
  for (const task of tasks) {
    if (task.created === undefined) continue;
    const created = createdAt(task);
    const target = (id: number): number => {
      const known = copies.get(id)?.filter((copy) => copy.created <= created && copy.path !== task.path);
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
