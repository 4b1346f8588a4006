import type { Status, Task } from "../../domain/task.js";
import type { Style } from "../io.js";
import { fit, measureFor } from "./table.js";
import { statusStyle } from "./task-table.js";

const COLUMNS: readonly Status[] = ["pending", "active", "done"];

/** The board: one column per status side by side, each card `#id title (assignee)`, sized to the terminal. */
export async function renderBoard(columns: Record<Status, Task[]>, options: { width: number; paint: (style: Style, text: string) => string }): Promise<string> {
  const { paint } = options;
  const width = Math.max(16, Math.floor((options.width - 3 * (COLUMNS.length - 1)) / COLUMNS.length));
  const headers = COLUMNS.map((status) => paint(statusStyle(status), paint("bold", `${status.toUpperCase()} (${columns[status].length})`)));
  const cards = COLUMNS.map((status) => columns[status].map((task) => `#${task.id} ${task.title}${task.assignee ? ` (${task.assignee})` : ""}`));
  const measure = await measureFor([...headers, ...cards.flat()]);
  const cells = COLUMNS.map((_, index) => [headers[index] ?? "", ...(cards[index] ?? []).map((card) => fit(card, width, measure))]);
  const height = Math.max(...cells.map((column) => column.length));
  const lines: string[] = [];
  for (let row = 0; row < height; row++) {
    const parts = cells.map((column) => {
      const text = column[row] ?? "";
      return text + " ".repeat(Math.max(0, width - measure(text)));
    });
    lines.push(parts.join(" │ ").trimEnd());
  }
  return lines.join("\n") + "\n";
}
