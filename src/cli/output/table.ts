/** Terminal cells a text takes. */
export type Measure = (text: string) => number;

/** Printable ASCII, and the ellipsis `fit` adds: one cell each, as string-width counts them. */
const PLAIN = /^[\x20-\x7e…]*$/;
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;

/** The width of plain text, colour codes allowed (one cell a character); undefined for anything else. */
function plainWidth(text: string): number | undefined {
  if (PLAIN.test(text)) return text.length;
  if (!text.includes("\u001b")) return undefined;
  const stripped = text.replace(SGR, "");
  return PLAIN.test(stripped) ? stripped.length : undefined;
}

let wideWidth: Measure | undefined;

async function loadWideWidth(): Promise<Measure> {
  return (wideWidth ??= (await import("string-width")).default);
}

/**
 * A measure for these texts. Most cells are ASCII, coloured or not, and need no more than their
 * length; string-width (CJK, emoji, combining marks) is imported only when a text needs it, which
 * keeps its load time off a cold `list` of plain titles.
 */
export async function measureFor(texts: Iterable<string>): Promise<Measure> {
  if (!wideWidth) {
    for (const text of texts) {
      if (plainWidth(text) !== undefined) continue;
      await loadWideWidth();
      break;
    }
  }
  return measureWith(wideWidth);
}

function measureWith(wide: Measure | undefined): Measure {
  // Without string-width every text measured is plain: a cell, or a plain cell cut by `fit`.
  return (text) => plainWidth(text) ?? (wide ? wide(text) : text.length);
}

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
 *
 * A cold `list` of thousands of rows spends its time here, in code the JIT has not seen yet:
 * hence plain loops, and each cell measured once.
 */
export async function renderTable(columns: readonly Column[], rows: readonly string[][], width: number): Promise<string> {
  if (rows.length === 0) return "";
  const count = columns.length;
  const headerWidths = await measureCells([columns.map((column) => column.header)], count);
  const cellWidths = await measureCells(rows, count);
  const measure = measureWith(wideWidth);
  const natural = [...(headerWidths[0] ?? [])];
  for (const measured of cellWidths) {
    for (let index = 0; index < count; index++) if ((measured[index] ?? 0) > (natural[index] ?? 0)) natural[index] = measured[index] ?? 0;
  }
  let visible = columns.map((_, index) => index);
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
  const line = (cells: readonly string[], measured: readonly number[], header: boolean): string => {
    let out = "";
    for (let position = 0; position < visible.length; position++) {
      const index = visible[position] ?? 0;
      const cellWidth = widths[index] ?? 0;
      const own = measured[index] ?? 0;
      const text = own <= cellWidth ? (cells[index] ?? "") : fit(cells[index] ?? "", cellWidth, measure);
      const pad = " ".repeat(Math.max(0, cellWidth - (own <= cellWidth ? own : measure(text))));
      const last = position === visible.length - 1;
      if (position > 0) out += "  ";
      if (columns[index]?.align === "right" && !header) out += pad + text;
      else out += last ? text : text + pad;
    }
    return out.trimEnd();
  };
  let out = line(columns.map((column) => column.header), headerWidths[0] ?? [], true);
  for (let row = 0; row < rows.length; row++) out += "\n" + line(rows[row] ?? [], cellWidths[row] ?? [], false);
  return out + "\n";
}

/** The width of every cell, loading string-width only if a cell is not plain. */
async function measureCells(rows: readonly (readonly string[])[], count: number): Promise<number[][]> {
  const widths: number[][] = [];
  let wide = false;
  for (const row of rows) {
    const measured: number[] = [];
    for (let index = 0; index < count; index++) {
      const plain = plainWidth(row[index] ?? "");
      if (plain === undefined) wide = true;
      measured.push(plain ?? -1);
    }
    widths.push(measured);
  }
  if (!wide) return widths;
  const measure = await loadWideWidth();
  for (let row = 0; row < rows.length; row++) {
    const measured = widths[row] ?? [];
    for (let index = 0; index < count; index++) if (measured[index] === -1) measured[index] = measure(rows[row]?.[index] ?? "");
  }
  return widths;
}

/** Cuts text to `width` cells with an ellipsis (colour codes are dropped from cut cells); `measure` from measureFor. */
export function fit(text: string, width: number, measure: Measure): string {
  if (measure(text) <= width) return text;
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;]*m/g, "");
  let out = "";
  for (const char of plain) {
    if (measure(out + char) > width - 1) break;
    out += char;
  }
  return `${out}…`;
}
