import { renderTaskFile } from "../../format/render-task-file.js";
import { parseTaskFile } from "../../format/parse-task-file.js";
import { taskFileName } from "../../domain/slug.js";
import { BacklogError, isBacklogError } from "../../domain/errors.js";
import type { Task } from "../../domain/task.js";
import type { Backlog } from "../backlog.js";
import { allocateId } from "../ids.js";
import { selectTasks, type FilterInput } from "../query.js";
import { graphOf } from "../derived.js";
import { taskToJson } from "../task-json.js";
import { batchRecord, nowIso } from "../task-file.js";
import { transact } from "../transact.js";
import { fromImportItem, type ImportItem } from "./import-item.js";

/** The tasks a filter selects, in the JSON shape of SPEC §9 (bodies included). */
export async function exportTasks(backlog: Backlog, filter: FilterInput): Promise<Record<string, unknown>[]> {
  await backlog.ensureBodies();
  const tasks = await selectTasks(backlog, filter);
  const { facts } = graphOf(backlog);
  return tasks.map((task) => taskToJson(task, facts.get(task.id)));
}

/**
 * Imports tasks from our own export or from Taskwarrior's `task export`, all or nothing, as one
 * operation. An id that is free is kept; a taken or missing one gets the next free id, and
 * `depends`/`related`/`parent` references inside the import follow the renumbering.
 */
export async function importTasks(backlog: Backlog, data: unknown): Promise<{ tasks: Task[]; renumbered: Record<string, number>; sha?: string }> {
  if (!Array.isArray(data)) throw new BacklogError("usage", "import takes a JSON array of tasks (the output of `export` or of Taskwarrior's `task export`).");
  if (data.length === 0) throw new BacklogError("usage", "the import holds no tasks.");
  const items = data.map((raw, index) => fromImportItem(raw, index));
  const outcome = await transact(backlog, async () => {
    const now = nowIso(backlog);
    const ids = await assignIds(backlog, items);
    const tasks = items.map((item, index) => buildTask(backlog, items, item, ids, index, now));
    const problems: string[] = [];
    const changes = tasks.map((task, index) => {
      const content = renderItem(task, index);
      const parsed = parseTaskFile(content, task.path);
      for (const problem of parsed.problems.filter((p) => p.severity === "error")) problems.push(`item ${index + 1} (${task.title}): ${problem.message}`);
      return { path: task.path, content };
    });
    if (problems.length > 0) throw new BacklogError("invalid", `import refused, nothing was written:\n${problems.join("\n")}`);
    const renumbered: Record<string, number> = {};
    items.forEach((item, index) => {
      const id = ids.get(index);
      if (item.key !== undefined && id !== undefined && item.key !== String(id)) renumbered[item.key] = id;
    });
    return { changes, record: batchRecord("import", tasks), result: { ids: tasks.map((task) => task.id), renumbered } };
  });
  const tasks = outcome.ids.map((id) => backlog.index.get(id)).filter((task): task is Task => task !== undefined);
  return { tasks, renumbered: outcome.renumbered, ...(outcome.sha && { sha: outcome.sha }) };
}

/** Renders one imported task; a value the file format refuses is reported against the import item, not the id it was given. */
function renderItem(task: Task, index: number): string {
  try {
    return renderTaskFile(task);
  } catch (error) {
    if (!isBacklogError(error)) throw error;
    throw new BacklogError("invalid", `import refused, nothing was written:\nitem ${index + 1} (${task.title}): ${error.message.replace(/^cannot write task \d+: /, "")}`, { item: index + 1 });
  }
}

async function assignIds(backlog: Backlog, items: readonly ImportItem[]): Promise<Map<number, number>> {
  const ids = new Map<number, number>();
  const used = new Set(backlog.index.allTasks().map((task) => task.id));
  let next = await allocateId(backlog);
  items.forEach((item, index) => {
    if (item.id !== undefined && !used.has(item.id) && item.id < next) {
      used.add(item.id);
      ids.set(index, item.id);
    }
  });
  items.forEach((item, index) => {
    if (ids.has(index)) return;
    if (item.id !== undefined && !used.has(item.id)) {
      used.add(item.id);
      ids.set(index, item.id);
      next = Math.max(next, item.id + 1);
      return;
    }
    while (used.has(next)) next++;
    used.add(next);
    ids.set(index, next++);
  });
  return ids;
}

function buildTask(backlog: Backlog, items: readonly ImportItem[], item: ImportItem, ids: Map<number, number>, index: number, now: string): Task {
  const id = ids.get(index) ?? 0;
  const keyToIndex = new Map(items.flatMap((other, position) => (other.key === undefined ? [] : [[other.key, position] as const])));
  const resolve = (ref: string): number => {
    const position = keyToIndex.get(ref);
    if (position !== undefined) return ids.get(position) ?? 0;
    if (/^\d+$/.test(ref)) return Number(ref);
    throw new BacklogError("invalid", `import item ${index + 1} (${item.task.title}) refers to "${ref}", which is neither in the import nor a task id.`, { item: index + 1 });
  };
  const { parent, ...rest } = item.task;
  return {
    ...rest,
    id,
    depends: item.refs.depends.map(resolve),
    related: item.refs.related.map(resolve),
    ...(item.refs.parent !== undefined ? { parent: resolve(item.refs.parent) } : parent !== undefined ? { parent } : {}),
    created: item.task.created ?? now,
    modified: item.task.modified ?? now,
    path: `${backlog.config.dir}/${taskFileName(id, item.task.title)}`,
  };
}
