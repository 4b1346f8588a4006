import type { FactsLookup } from "../../domain/facts.js";
import type { Task } from "../../domain/task.js";
import type { Style } from "../io.js";
import { renderTable, type Column } from "./table.js";

/** The human task list: id, priority, status (when mixed), project, title, tags, due, urgency. */
export async function renderTaskTable(
  tasks: readonly Task[],
  facts: FactsLookup,
  options: { width: number; paint: (style: Style, text: string) => string },
): Promise<string> {
  const { paint } = options;
  const mixed = new Set(tasks.map((task) => task.status)).size > 1;
  const columns: Column[] = [
    { header: "ID", align: "right" },
    { header: "Pri" },
    ...(mixed ? [{ header: "Status" }] : []),
    { header: "Title", flex: true },
    { header: "Project" },
    { header: "Tags" },
    { header: "Due" },
    { header: "Urg", align: "right" },
  ];
  // A plain loop: a cold `list` builds thousands of rows in code the JIT has not compiled yet.
  const rows: string[][] = [];
  for (const task of tasks) {
    const fact = facts.get(task);
    const marks = [fact?.duplicate ? "⚠dup" : "", (fact?.blocked ? "⧗" : "") + (fact?.overdue ? "!" : "")].filter(Boolean).join(" ");
    const title = marks ? `${task.title} ${marks}` : task.title;
    const row = [paint("bold", String(task.id)), task.priority ? paint(task.priority === "H" ? "red" : task.priority === "M" ? "yellow" : "blue", task.priority) : ""];
    if (mixed) row.push(paint(statusStyle(task.status), task.status));
    row.push(
      fact?.blocked ? paint("dim", title) : title,
      task.project ?? "",
      task.tags.join(" "),
      task.due ? paint(fact?.overdue ? "red" : "gray", task.due.slice(0, 10)) : "",
      (fact?.urgency ?? 0).toFixed(1),
    );
    rows.push(row);
  }
  return renderTable(columns, rows, options.width);
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
