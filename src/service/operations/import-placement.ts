import { parseIsoTime } from "../../domain/iso-time.js";
import type { Task } from "../../domain/task.js";
import type { Backlog } from "../backlog.js";
import { MAX_TASK_ID } from "../../domain/task-id.js";
import { allocateId, heldIds, noIdLeft } from "../ids.js";
import type { ImportItem } from "./import-item.js";

/** Where one import item lands: on the task it already is (`match`), or as a new task with `id`. */
export interface Placement {
  id: number;
  match?: Task;
}

/**
 * Places every item of an import, so that importing twice changes nothing:
 * 1. an item is the task already here with its id and the same `created` (an item without an id:
 *    the same `created` and title), and updates it;
 * 2. otherwise it keeps the id it asks for when nothing here holds that id;
 * 3. otherwise (the id is another task's, or there is none) it gets a new id above every id known.
 */
export async function placeItems(backlog: Backlog, items: readonly ImportItem[]): Promise<Placement[]> {
  const placements: (Placement | undefined)[] = items.map(() => undefined);
  const byId = groupBy(backlog.index.tasks(), (task) => task.id);
  // Items without an id (Taskwarrior's export) are found by title, then created.
  const byTitle = items.some((item) => item.id === undefined) ? groupBy(backlog.index.tasks(), (task) => task.title) : new Map<string, Task[]>();
  const matched = new Set<Task>();
  items.forEach((item, index) => {
    const candidates = (item.id !== undefined ? byId.get(item.id) : item.task.created !== undefined ? byTitle.get(item.task.title) : undefined) ?? [];
    const match = candidates.find((task) => !matched.has(task) && isSameTask(task, item));
    if (!match) return;
    matched.add(match);
    placements[index] = { id: match.id, match };
  });
  const used = heldIds(backlog);
  items.forEach((item, index) => {
    if (placements[index] || item.id === undefined || used.has(item.id)) return;
    used.add(item.id);
    placements[index] = { id: item.id };
  });
  let next = await allocateId(backlog);
  return items.map((_item, index) => {
    const placed = placements[index];
    if (placed) return placed;
    while (used.has(next)) next++;
    if (next > MAX_TASK_ID) throw noIdLeft();
    used.add(next);
    return { id: next++ };
  });
}

function isSameTask(task: Task, item: ImportItem): boolean {
  const created = item.task.created;
  if (created === undefined) return task.created === undefined && task.title === item.task.title;
  if (task.created === undefined) return false;
  if (item.id === undefined && task.title !== item.task.title) return false;
  return task.created === created || (parseIsoTime(task.created) ?? NaN) === parseIsoTime(created);
}

function groupBy<K>(tasks: readonly Task[], key: (task: Task) => K): Map<K, Task[]> {
  const groups = new Map<K, Task[]>();
  for (const task of tasks) {
    const group = groups.get(key(task));
    if (group) group.push(task);
    else groups.set(key(task), [task]);
  }
  return groups;
}
