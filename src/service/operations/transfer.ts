import { editTaskFile } from "../../format/edit-task-file.js";
import { renderTaskFile } from "../../format/render-task-file.js";
import { parseTaskFile } from "../../format/parse-task-file.js";
import { taskFileName } from "../../domain/slug.js";
import { BacklogError, isBacklogError } from "../../domain/errors.js";
import { TASK_ID_RANGE, readTaskId } from "../../domain/task-id.js";
import { sameBody, taskDifference } from "../../domain/task-diff.js";
import type { Task } from "../../domain/task.js";
import type { FileChange } from "../../store/writer.js";
import type { Backlog } from "../backlog.js";
import { selectTasks, type FilterInput } from "../query.js";
import { graphOf } from "../derived.js";
import { taskToJson } from "../task-json.js";
import { batchRecord, nowIso, readTaskText, withBody } from "../task-file.js";
import { transact } from "../transact.js";
import { fromImportItem, type ImportItem } from "./import-item.js";
import { placeItems, type Placement } from "./import-placement.js";

/** The tasks a filter selects over every status (like Taskwarrior's `task export`), in the JSON shape of docs/reference/mcp.md, "The task object", bodies included. */
export async function exportTasks(backlog: Backlog, filter: FilterInput): Promise<Record<string, unknown>[]> {
  await backlog.ensureBodies();
  const tasks = await selectTasks(backlog, filter, { statuses: "all" });
  const { facts } = graphOf(backlog);
  return tasks.map((task) => taskToJson(task, facts.get(task)));
}

export interface ImportResult {
  /** The tasks written: created, then updated. */
  tasks: Task[];
  /** Ids of the tasks created, updated, and of those already here as imported. */
  created: number[];
  updated: number[];
  unchanged: number[];
  /** Item id (or Taskwarrior uuid) → the id it got, for items that could not keep theirs. */
  renumbered: Record<string, number>;
  sha?: string;
}

type Summary = Omit<ImportResult, "tasks" | "sha">;

/** Thrown out of the plan when every item is already here as imported: nothing is committed. */
class NothingToImport extends Error {
  constructor(readonly summary: Summary) {
    super("nothing to import");
  }
}

/**
 * Imports tasks from our own export or from Taskwarrior's `task export`, all or nothing, as one
 * operation, and idempotently (docs/reference/cli.md, "`export` and `import`"): an item that is a task already here (same id and
 * `created`, see import-placement.ts) updates it, or is left alone when nothing differs; any
 * other item is a new task, keeping its id when it is free. `depends`/`related`/`parent`
 * references inside the import follow the items that got a new id.
 */
export async function importTasks(backlog: Backlog, data: unknown): Promise<ImportResult> {
  if (!Array.isArray(data)) throw new BacklogError("usage", "import takes a JSON array of tasks (the output of `export` or of Taskwarrior's `task export`).");
  if (data.length === 0) throw new BacklogError("usage", "the import holds no tasks.");
  const items = data.map((raw, index) => fromImportItem(raw, index));
  try {
    const outcome = await transact(backlog, async () => {
      const now = nowIso(backlog);
      const placements = await placeItems(backlog, items);
      const keyToIndex = new Map(items.flatMap((item, position) => (item.key === undefined ? [] : [[item.key, position] as const])));
      const tasks = items.map((_item, index) => buildTask(backlog, { items, placements, keyToIndex }, index, now));
      const summary: Summary = { created: [], updated: [], unchanged: [], renumbered: renumbering(items, placements) };
      const changes: FileChange[] = [];
      const written: Task[] = [];
      const problems: string[] = [];
      tasks.forEach((task, index) => {
        const match = placements[index]?.match;
        const change = match ? updateOf(backlog, match, task, index) : createOf(task, index, problems);
        if (!change) {
          summary.unchanged.push(task.id);
          return;
        }
        changes.push(change);
        written.push(task);
        (match ? summary.updated : summary.created).push(task.id);
      });
      if (problems.length > 0) throw new BacklogError("invalid", `import refused, nothing was written:\n${problems.join("\n")}`);
      if (changes.length === 0) throw new NothingToImport(summary);
      return { changes, record: batchRecord("import", written), result: summary };
    });
    const tasks = [...outcome.created, ...outcome.updated].map((id) => backlog.index.get(id)).filter((task): task is Task => task !== undefined);
    return { ...outcome, tasks };
  } catch (error) {
    if (error instanceof NothingToImport) return { ...error.summary, tasks: [] };
    throw error;
  }
}

/** Items now under another id than their key (a Taskwarrior uuid, a taken id); a task already here is not news. */
function renumbering(items: readonly ImportItem[], placements: readonly Placement[]): Record<string, number> {
  const renumbered: Record<string, number> = {};
  items.forEach((item, index) => {
    const placed = placements[index];
    if (item.key !== undefined && placed && !placed.match && item.key !== String(placed.id)) renumbered[item.key] = placed.id;
  });
  return renumbered;
}

function createOf(task: Task, index: number, problems: string[]): FileChange {
  const content = renderItem(task, index);
  const parsed = parseTaskFile(content, task.path);
  for (const problem of parsed.problems.filter((p) => p.severity === "error")) problems.push(`item ${index + 1} (${task.title}): ${problem.message}`);
  return { path: task.path, content };
}

/** The minimal edit that makes a task already here what the item says, or undefined when it already is. */
function updateOf(backlog: Backlog, existing: Task, imported: Task, index: number): FileChange | undefined {
  const current = withBody(backlog, existing);
  const fields = taskDifference(current, imported);
  const bodyChanged = !sameBody(current.body, imported.body);
  if (Object.keys(fields).length === 0 && !bodyChanged) return undefined;
  try {
    const content = editTaskFile(readTaskText(backlog, existing), { ...fields, modified: imported.modified }, { path: existing.path, ...(bodyChanged && { body: imported.body }) });
    return { path: existing.path, content };
  } catch (error) {
    if (!isBacklogError(error)) throw error;
    throw new BacklogError("invalid", `import refused, nothing was written:\nitem ${index + 1} (${imported.title}): ${error.message}`, { item: index + 1 });
  }
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

interface Placed {
  items: readonly ImportItem[];
  placements: readonly Placement[];
  /** Item key (its id or uuid) → its position, for references between items. */
  keyToIndex: ReadonlyMap<string, number>;
}

function buildTask(backlog: Backlog, { items, placements, keyToIndex }: Placed, index: number, now: string): Task {
  const item = items[index] as ImportItem;
  const id = placements[index]?.id ?? 0;
  const resolve = (ref: string): number => {
    const position = keyToIndex.get(ref);
    if (position !== undefined) return placements[position]?.id ?? 0;
    const id = readTaskId(ref);
    if (id !== undefined) return id;
    const what = /^\d+$/.test(ref) ? `${ref}, which is not a task id (ids are ${TASK_ID_RANGE})` : `"${ref}", which is neither in the import nor a task id`;
    throw new BacklogError("invalid", `import item ${index + 1} (${item.task.title}) refers to ${what}.`, { item: index + 1 });
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
    path: `${backlog.config.dir}/${fileNameFor(backlog, item, id)}`,
  };
}

/**
 * The name the task's file had where it was exported, when the task keeps its id and the name is
 * one our slugs make (`12-old-title.md`: a title changed since does not rename a file), so a round
 * trip gives the same paths; otherwise the canonical `<id>-<slug>.md`.
 */
function fileNameFor(backlog: Backlog, item: ImportItem, id: number): string {
  const name = item.fileName;
  const kept = name !== undefined && item.id === id && new RegExp(`^${id}(?:-[a-z0-9]+(?:-[a-z0-9]+)*)?\\.md$`).test(name) && name.length <= 80;
  return kept && !backlog.index.file(`${backlog.config.dir}/${name}`) ? name : taskFileName(id, item.task.title);
}
