import stringWidth from "string-width";

export interface Column {
  header: string;
  /** Align numbers right. */
  align?: "left" | "right";
  /** The column that gives up width when the table is too wide (titles). */
  flex?: boolean;
}

/**
 * Lays out rows as a plain table that fits `width` terminal cells: the flex column is cut with
 * an ellipsis first, then trailing columns are dropped. Widths count cells, so CJK and emoji
 * titles line up; cells may carry colour codes, which take no width.
 */
export function renderTable(columns: readonly Column[], rows: readonly string[][], width: number): string {
  if (rows.length === 0) return "";
  let visible = columns.map((_, index) => index);
  const natural = columns.map((column, index) => Math.max(stringWidth(column.header), ...rows.map((row) => stringWidth(row[index] ?? ""))));
  const flexIndex = columns.findIndex((column) => column.flex);
  const widths = [...natural];
  const total = (): number => visible.reduce((sum, index) => sum + (widths[index] ?? 0), 0) + (visible.length - 1) * 2;
  if (total() > width && flexIndex >= 0) {
    widths[flexIndex] = Math.max(10, (widths[flexIndex] ?? 0) - (total() - width));
  }
  while (total() > width && visible.length > 2) {
    const drop = [...visible].reverse().find((index) => index !== flexIndex && index !== 0);
    if (drop === undefined) break;
    visible = visible.filter((index) => index !== drop);
  }
  const line = (cells: readonly string[], header: boolean): string =>
    visible
      .map((index, position) => {
        const column = columns[index];
        const cellWidth = widths[index] ?? 0;
        const text = fit(cells[index] ?? "", cellWidth);
        const pad = " ".repeat(Math.max(0, cellWidth - stringWidth(text)));
        const last = position === visible.length - 1;
        if (column?.align === "right" && !header) return pad + text;
        return last ? text : text + pad;
      })
      .join("  ")
      .trimEnd();
  return [line(columns.map((column) => column.header), true), ...rows.map((row) => line(row, false))].join("\n") + "\n";
}

/** Cuts text to `width` cells with an ellipsis (colour codes are dropped from cut cells). */
export function fit(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;]*m/g, "");
  let out = "";
  for (const char of plain) {
    if (stringWidth(out + char) > width - 1) break;
    out += char;
  }
  return `${out}…`;
}
