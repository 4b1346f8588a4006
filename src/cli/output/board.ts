import type { FactsLookup } from "../../domain/facts.js";
import type { Status, Task } from "../../domain/task.js";
import type { Style } from "../io.js";
import { fit, measureFor } from "./table.js";
import { markerLegend, statusStyle, titleMarks, type Marker } from "./task-table.js";

const COLUMNS: readonly Status[] = ["pending", "active", "done"];

/**
 * The board: one column per status side by side, each card `#id title marks (assignee)` with the
 * list's markers and their legend below, sized to the terminal by content: a column takes what its
 * widest card needs, so an empty one keeps only its header's width and the full ones share the rest.
 */
export async function renderBoard(
  columns: Record<Status, Task[]>,
  facts: FactsLookup,
  options: { width: number; paint: (style: Style, text: string) => string },
): Promise<string> {
  const { paint } = options;
  const shown = new Set<Marker>();
  const headers = COLUMNS.map((status) => paint(statusStyle(status), paint("bold", `${status.toUpperCase()} (${columns[status].length})`)));
  // A card is `#id title` and a tail (markers, assignee) that a cut spares while it leaves room for the title.
  const cards = COLUMNS.map((status) =>
    columns[status].map((task) => ({ head: `#${task.id} ${task.title}`, tail: `${titleMarks(facts.get(task), shown)}${task.assignee ? ` (${task.assignee})` : ""}` })),
  );
  const measure = await measureFor([...headers, ...cards.flat().map((card) => card.head + card.tail)]);
  const natural = COLUMNS.map((_, index) => Math.max(measure(headers[index] ?? ""), ...(cards[index] ?? []).map((card) => measure(card.head + card.tail))));
  const widths = shareWidth(natural, Math.max(16 * COLUMNS.length, options.width - 3 * (COLUMNS.length - 1)));
  const fitCard = ({ head, tail }: { head: string; tail: string }, width: number): string => {
    if (measure(head + tail) <= width) return head + tail;
    const room = width - measure(tail);
    // Too narrow to keep the tail beside a readable title: the card is cut as a whole.
    return room >= 8 ? fit(head, room, measure) + tail : fit(head + tail, width, measure);
  };
  const cells = COLUMNS.map((_, index) => [headers[index] ?? "", ...(cards[index] ?? []).map((card) => fitCard(card, widths[index] ?? 0))]);
  const height = Math.max(...cells.map((column) => column.length));
  const lines: string[] = [];
  for (let row = 0; row < height; row++) {
    const parts = cells.map((column, index) => {
      const text = column[row] ?? "";
      return text + " ".repeat(Math.max(0, (widths[index] ?? 0) - measure(text)));
    });
    lines.push(parts.join(" │ ").trimEnd());
  }
  return lines.join("\n") + "\n" + markerLegend(shown, paint);
}

/** Widths that fit `total`: narrow columns get all they need, the wider ones split what is left evenly. */
function shareWidth(natural: readonly number[], total: number): number[] {
  const widths = [...natural];
  let left = total;
  let open = natural.map((_, index) => index).sort((a, b) => (natural[a] ?? 0) - (natural[b] ?? 0));
  while (open.length > 0) {
    const share = Math.floor(left / open.length);
    const [narrowest] = open;
    if (narrowest === undefined || (natural[narrowest] ?? 0) > share) break;
    left -= natural[narrowest] ?? 0;
    open = open.slice(1);
  }
  for (const index of open) widths[index] = Math.floor(left / open.length);
  return widths;
}
