import { BacklogError, isBacklogError } from "../domain/errors.js";
import type { Task } from "../domain/task.js";
import type { Backlog } from "../service/backlog.js";
import { withBody } from "../service/bodies.js";
import { graphOf } from "../service/derived.js";
import { doneTasks, restoreTasks, startTasks, stopTasks } from "../service/operations/lifecycle.js";
import { taskForm } from "../service/operations/form-edit.js";
import { DEFAULT_SORT, hasUserField, selectTasks } from "../service/query.js";
import { addTask } from "../service/operations/add.js";
import { parseChangeArgs, takeTitle } from "../domain/changes.js";
import { sortTasks } from "../domain/sort.js";
import type { BoardAnswer, Card, ErrorBody, GraphAnswer, PanelAnswer } from "./board-wire.js";

/**
 * How many cards a column shows unless asked for more: the most urgent open tasks, the most
 * recently ended done ones. A column of thousands helps no one and costs the page seconds.
 */
export const SHOWN = { pending: 200, active: 200, done: 50, deleted: 50 } as const;

/** The columns a card can be dropped on. */
export type Column = "pending" | "active" | "done";
export type Limits = Record<Column | "deleted", number>;

/**
 * The board of the tasks `filter` selects (the filter language, over every status but deleted),
 * most urgent first in each column, the done ones most recently ended first.
 */
export async function boardOf(backlog: Backlog, filter: string, limits: Limits = SHOWN, withDeleted = false): Promise<BoardAnswer> {
  const version = backlog.index.version;
  const all = await selectTasks(backlog, filter, { statuses: "all" });
  const selected = all.filter((task) => task.status !== "deleted");
  const { facts } = graphOf(backlog);
  const open = sortTasks(
    selected.filter((task) => task.status !== "done"),
    DEFAULT_SORT,
    facts,
  );
  const done = sortTasks(
    selected.filter((task) => task.status === "done"),
    "ended-,id+",
    facts,
  );
  const card = (task: Task): Card => {
    const fact = facts.get(task);
    const total = (fact?.doneChildren ?? 0) + (fact?.openChildren ?? 0);
    return {
      id: task.id,
      title: task.title,
      status: task.status,
      ...(task.priority && { priority: task.priority }),
      ...(task.project && { project: task.project }),
      tags: task.tags,
      ...(task.due && { due: task.due }),
      ...(task.assignee && { assignee: task.assignee }),
      blocked: fact?.blocked ?? false,
      blocking: fact?.blocking ?? false,
      overdue: fact?.overdue ?? false,
      duplicate: fact?.duplicate ?? false,
      ...(total > 0 && { progress: { done: fact?.doneChildren ?? 0, total } }),
    };
  };
  const columns = { pending: open.filter((task) => task.status === "pending"), active: open.filter((task) => task.status === "active"), done };
  const deleted = withDeleted ? sortTasks(all.filter((task) => task.status === "deleted"), "modified-,id+", facts) : undefined;
  return {
    columns: {
      pending: columns.pending.slice(0, limits.pending).map(card),
      active: columns.active.slice(0, limits.active).map(card),
      done: columns.done.slice(0, limits.done).map(card),
      ...(deleted && { deleted: deleted.slice(0, limits.deleted).map(card) }),
    },
    more: {
      pending: Math.max(0, columns.pending.length - limits.pending),
      active: Math.max(0, columns.active.length - limits.active),
      done: Math.max(0, columns.done.length - limits.done),
      ...(deleted && { deleted: Math.max(0, deleted.length - limits.deleted) }),
    },
    version,
  };
}

/**
 * A card dropped on a column: the lifecycle step that takes it there, through the service, with
 * the rules and refusals of the CLI (a claim held by another agent, a blocked task, a parent with
 * open children). A done task goes back to Pending (restore) before it can be started.
 */
export async function moveTask(backlog: Backlog, id: number, to: Column): Promise<void> {
  const task = backlog.index.get(id);
  if (!task) throw new BacklogError("not-found", `no task ${id}`, { id });
  const from = task.status;
  if (from === to) return;
  if (to === "done") await doneTasks(backlog, [id]);
  else if (to === "active") {
    if (from === "done" || from === "deleted") throw new BacklogError("refused", `task ${id} is ${from}: move it to Pending first (restore), then start it.`, { id });
    await startTasks(backlog, [id]);
  } else if (from === "active") await stopTasks(backlog, [id]);
  else await restoreTasks(backlog, [id]);
}

/** The HTTP status and body of an error: a refusal is the user's to read, anything else the server's fault. */
export function errorAnswer(error: unknown): { status: number; body: ErrorBody } {
  if (!isBacklogError(error)) return { status: 500, body: { error: error instanceof Error ? error.message : String(error) } };
  const status = error.code === "usage" || error.code === "filter-syntax" ? 400 : error.code === "not-found" ? 404 : 409;
  return { status, body: { error: error.message, code: error.code, data: error.data } };
}

/** What the task panel shows and edits: the form (fields as text, the document, the file it came from), the notes, the state. */
export function panelOf(backlog: Backlog, id: number): PanelAnswer {
  const form = taskForm(backlog, id);
  const found = backlog.index.get(id);
  if (!found) throw new BacklogError("not-found", `no task ${id}`, { id });
  const task = withBody(backlog, found);
  const fact = graphOf(backlog).facts.get(found);
  return { id, status: task.status, path: task.path, form, notes: task.notes, blockedBy: fact?.blockedBy ?? [], blocks: fact?.blocks ?? [], children: fact?.children ?? [] };
}

/**
 * A new task from one line written as for `add` (docs/reference/board.md, "New tasks"): title
 * words and change words (`Fix the login +bug priority:H due:friday`), and a template.
 */
export async function addFromLine(backlog: Backlog, line: string, template: string | undefined): Promise<{ id: number }> {
  const { words, changes } = parseChangeArgs(line.split(/\s+/).filter(Boolean), backlog.now(), "add", (name) => hasUserField(backlog, name));
  const title = takeTitle(words, changes) ?? "";
  const { task } = await addTask(backlog, { title, changes, ...(template && { template }) });
  return { id: task.id };
}

/**
 * The dependency graph of the tasks `filter` selects (every status but deleted) that take part in
 * a dependency or a parent link, or, with `around`, of that task and everything it reaches either
 * way. Edges to tasks outside the selection are left out; cycles come from the whole graph.
 */
export async function graphPicture(backlog: Backlog, filter: string, around?: number): Promise<GraphAnswer> {
  const graph = graphOf(backlog);
  const selected = (await selectTasks(backlog, filter, { statuses: "all" })).filter((task) => task.status !== "deleted");
  // The first copy of a duplicated id names its node; the edges are every copy's.
  const byId = new Map<number, Task>();
  for (const task of selected) if (!byId.has(task.id)) byId.set(task.id, task);
  const edges: GraphAnswer["edges"] = [];
  for (const task of selected) {
    for (const id of task.depends) if (byId.has(id)) edges.push({ from: task.id, to: id, kind: "depends" });
    if (task.parent !== undefined && byId.has(task.parent)) edges.push({ from: task.id, to: task.parent, kind: "parent" });
  }
  let keep = new Set(edges.flatMap((edge) => [edge.from, edge.to]));
  if (around !== undefined) {
    if (!byId.has(around)) throw new BacklogError("not-found", `no task ${around} in the board's selection`, { id: around });
    keep = new Set([around]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const edge of edges) {
        if (keep.has(edge.from) !== keep.has(edge.to)) {
          keep.add(edge.from);
          keep.add(edge.to);
          grew = true;
        }
      }
    }
  }
  const nodes = [...keep].flatMap((id) => {
    const task = byId.get(id);
    const fact = task && graph.facts.get(task);
    return task ? [{ id, title: task.title, status: task.status, blocked: fact?.blocked ?? false, ready: fact?.ready ?? false, duplicate: fact?.duplicate ?? false }] : [];
  });
  return { nodes: nodes.sort((a, b) => a.id - b.id), edges: edges.filter((edge) => keep.has(edge.from) && keep.has(edge.to)), cycles: graph.cycles.filter((cycle) => cycle.some((id) => keep.has(id))) };
}
