import { BUILTIN_VIEWS, groupBoard, resolveViews } from "../../domain/views.js";
import { renderGraph, type GraphDirection, type GraphFormat } from "../../domain/render-graph.js";
import { sortTasks } from "../../domain/sort.js";
import { BacklogError } from "../../domain/errors.js";
import { isOpen, type Status, type Task } from "../../domain/task.js";
import type { ViewDefinition } from "../../domain/config.js";
import type { Backlog } from "../backlog.js";
import { graphOf } from "../derived.js";
import { DEFAULT_SORT, hasUserField, selectTasks } from "../query.js";
import { requireTask } from "../task-file.js";

/** Open tasks per project, with dotted sub-projects listed under their own names. */
export function listProjects(backlog: Backlog): { project: string; count: number }[] {
  return countBy(backlog.index.tasks().filter(isOpen), (task) => (task.project ? [task.project] : []), "project");
}

/** Open tasks per tag. */
export function listTags(backlog: Backlog): { tag: string; count: number }[] {
  return countBy(backlog.index.tasks().filter(isOpen), (task) => task.tags, "tag");
}

function countBy<K extends string>(tasks: readonly Task[], keys: (task: Task) => readonly string[], name: K): ({ [P in K]: string } & { count: number })[] {
  const counts = new Map<string, number>();
  for (const task of tasks) for (const key of keys(task)) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, count]) => ({ [name]: key, count }) as { [P in K]: string } & { count: number });
}

export function viewDefinitions(backlog: Backlog): Record<string, ViewDefinition> {
  return resolveViews(BUILTIN_VIEWS, backlog.config.views);
}

export type ViewResult =
  | { name: string; kind: "list"; definition: ViewDefinition; tasks: Task[] }
  | { name: string; kind: "board"; definition: ViewDefinition; columns: Record<Status, Task[]> };

/**
 * Runs a named view: its filter and sort; `board` groups by status. A view's filter applies as
 * written, over every status, like a Taskwarrior report's: it says which statuses it shows.
 */
export async function runView(backlog: Backlog, name: string): Promise<ViewResult> {
  const views = viewDefinitions(backlog);
  const definition = views[name];
  if (!definition) throw new BacklogError("not-found", `no view "${name}"; views: ${Object.keys(views).join(", ")}.`, { name });
  const selected = await selectTasks(backlog, definition.filter, { statuses: "all" });
  const sorted = sortTasks(selected, definition.sort ?? DEFAULT_SORT, graphOf(backlog).facts, (field) => hasUserField(backlog, field));
  if (name === "board") return { name, kind: "board", definition, columns: groupBoard(sorted) };
  return { name, kind: "list", definition, tasks: sorted };
}

/** The dependency graph as text, mermaid or dot; with an id, only what that task touches, on one side or both. */
export function drawGraph(backlog: Backlog, format: GraphFormat, root?: number, direction: GraphDirection = "both"): string {
  if (root !== undefined) requireTask(backlog, root);
  return renderGraph(backlog.index.tasks(), graphOf(backlog), format, { ...(root !== undefined && { root }), direction });
}
