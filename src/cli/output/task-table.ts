import type { FactsLookup, TaskFacts } from "../../domain/facts.js";
import type { Task } from "../../domain/task.js";
import type { Style } from "../io.js";
import { renderTable, type Column } from "./table.js";

/** The human task list: id, priority, status (unless every task is pending), project, title, tags, due, urgency. */
export async function renderTaskTable(
  tasks: readonly Task[],
  facts: FactsLookup,
  options: { width: number; paint: (style: Style, text: string) => string },
): Promise<string> {
  const { paint } = options;
  // Left out only when every task is pending: a done or active task never reads as pending.
  const showStatus = tasks.some((task) => task.status !== "pending");
  const tails: string[] = [];
  const shown = new Set<Marker>();
  const columns: Column[] = [
    { header: "ID", align: "right" },
    { header: "Pri" },
    ...(showStatus ? [{ header: "Status" }] : []),
    { header: "Title", flex: true, tails },
    { header: "Project", dropRank: 3 },
    { header: "Tags", dropRank: 1 },
    { header: "Due", dropRank: 4 },
    { header: "Urg", align: "right", dropRank: 2 },
  ];
  // A plain loop: a cold `list` builds thousands of rows in code the JIT has not compiled yet.
  const rows: string[][] = [];
  for (const task of tasks) {
    const fact = facts.get(task);
    tails.push(titleMarks(fact, shown));
    const title = task.title;
    const row = [paint("bold", String(task.id)), task.priority ? paint(task.priority === "H" ? "red" : task.priority === "M" ? "yellow" : "blue", task.priority) : ""];
    if (showStatus) row.push(paint(statusStyle(task.status), task.status));
    row.push(
      fact?.blocked ? paint("dim", title) : title,
      task.project ?? "",
      task.tags.join(" "),
      task.due ? paint(fact?.overdue ? "red" : "gray", task.due.slice(0, 10)) : "",
      (fact?.urgency ?? 0).toFixed(1),
    );
    rows.push(row);
  }
  const table = await renderTable(columns, rows, options.width);
  return table + markerLegend(shown, paint);
}

/** The markers after a title (docs/reference/cli.md, "Output"), explained below a table or board when they appear. */
const MARKERS = [
  ["⚠dup", "another file has this id (doctor --fix renumbers)"],
  ["⧗", "blocked by an open dependency"],
  ["!", "overdue"],
] as const;
export type Marker = (typeof MARKERS)[number][0];

/** What follows a task's title (` ⚠dup ⧗!`, or nothing); adds the markers used to `shown`. */
export function titleMarks(fact: TaskFacts | undefined, shown: Set<Marker>): string {
  if (fact?.duplicate) shown.add("⚠dup");
  if (fact?.blocked) shown.add("⧗");
  if (fact?.overdue) shown.add("!");
  const marks = [fact?.duplicate ? "⚠dup" : "", (fact?.blocked ? "⧗" : "") + (fact?.overdue ? "!" : "")].filter(Boolean).join(" ");
  return marks ? ` ${marks}` : "";
}

/** One line explaining the markers that were shown, or nothing. */
export function markerLegend(shown: ReadonlySet<Marker>, paint: (style: Style, text: string) => string): string {
  const legend = MARKERS.filter(([mark]) => shown.has(mark)).map(([mark, meaning]) => `${mark} ${meaning}`);
  return legend.length > 0 ? `${paint("gray", legend.join("  "))}\n` : "";
}

export function statusStyle(status: Task["status"]): Style {
  switch (status) {
    case "pending":
      return "cyan";
    case "active":
      return "green";
    case "done":
      return "gray";
    case "deleted":
      return "dim";
  }
}
