/**
 * Views: named queries (filter, sort, columns), built in and from config (docs/reference/filters.md, "Views").
 * A view only names its filter; evaluating it is the service's job (through the filter module),
 * so this file stays free of the filter language.
 *
 * `columns` are field names (known or user fields) plus the computed `urgency`; the CLI decides
 * how to draw them.
 */
import type { ViewDefinition } from "./config.js";
import { BacklogError } from "./errors.js";
import { parseSortSpec } from "./sort.js";
import type { Status, Task } from "./task.js";

export const BUILTIN_VIEWS: Readonly<Record<string, ViewDefinition>> = {
  ready: {
    filter: "+READY",
    sort: "urgency-,due+,id+",
    columns: ["id", "priority", "project", "title", "due", "urgency"],
    description: "Pending tasks that can start now, most urgent first",
  },
  blocked: {
    filter: "+BLOCKED",
    sort: "urgency-,id+",
    columns: ["id", "status", "title", "depends", "urgency"],
    description: "Open tasks waiting for an open dependency",
  },
  active: {
    filter: "status:active",
    sort: "started+,id+",
    columns: ["id", "assignee", "title", "started", "branch"],
    description: "Tasks someone is working on, longest running first",
  },
  overdue: {
    filter: "+OVERDUE",
    sort: "due+,urgency-",
    columns: ["id", "priority", "assignee", "title", "due"],
    description: "Open tasks past their due date, oldest first",
  },
  board: {
    filter: "status.not:deleted",
    sort: "urgency-,id+",
    columns: ["id", "title", "assignee", "priority"],
    description: "Every task that is not deleted, in columns by status",
  },
};

/** The board's columns, left to right: `deleted` is grouped but not drawn (the board view filters it out). */
export const BOARD_COLUMNS = ["pending", "active", "done"] as const satisfies readonly Status[];
export type BoardColumn = (typeof BOARD_COLUMNS)[number];

/**
 * Tasks by status, each group in the order given (sort first). Pending is one column: blocked
 * and waiting tasks stay in it and the front end marks them from the facts, so a card does not
 * jump columns when a dependency is finished.
 */
export function groupBoard(tasks: readonly Task[]): Record<Status, Task[]> {
  const board: Record<Status, Task[]> = { pending: [], active: [], done: [], deleted: [] };
  for (const task of tasks) board[task.status].push(task);
  return board;
}

const VIEW_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** View names become resource URIs (`backlog://views/<name>`) and CLI words: keep them plain. */
export function isViewName(name: string): boolean {
  return VIEW_NAME.test(name);
}

/**
 * The views a backlog offers: the built-ins, then the user's. A user view with a built-in's name
 * overrides only the keys it sets (`ready: {filter: "+READY project:web"}` keeps the built-in
 * sort and columns). A bad name or sort spec is an "invalid" error naming the view.
 */
export function resolveViews(
  builtins: Readonly<Record<string, ViewDefinition>>,
  userViews: Readonly<Record<string, ViewDefinition>>,
): Record<string, ViewDefinition> {
  // No prototype: a view named `constructor` must not find Object's.
  const views = Object.create(null) as Record<string, ViewDefinition>;
  for (const [name, view] of Object.entries(builtins)) views[name] = checkView(name, view);
  for (const [name, view] of Object.entries(userViews)) {
    const base = Object.hasOwn(views, name) ? views[name] : undefined;
    views[name] = checkView(name, { ...base, ...definedKeys(view) } as ViewDefinition);
  }
  return views;
}

function checkView(name: string, view: ViewDefinition): ViewDefinition {
  if (!isViewName(name)) {
    throw new BacklogError(
      "invalid",
      `View name "${name}" is not allowed: use lowercase letters, digits, "-" and "_", starting with a letter or digit.`,
      { view: name },
    );
  }
  if (typeof view.filter !== "string") {
    throw new BacklogError("invalid", `View "${name}" has no filter: give it one, e.g. filter: "+READY project:web".`, { view: name });
  }
  if (view.sort !== undefined) {
    try {
      parseSortSpec(view.sort);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new BacklogError("invalid", `View "${name}": ${reason}`, { view: name, sort: view.sort });
    }
  }
  return view;
}

/** `{sort: undefined}` from a config parser must not erase the built-in's sort. */
function definedKeys(view: ViewDefinition): Partial<ViewDefinition> {
  return Object.fromEntries(Object.entries(view).filter(([, value]) => value !== undefined));
}
