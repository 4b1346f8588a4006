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
  /** The column that takes the width left over and is cut last (titles). */
  flex?: boolean;
  /** Dropped when the table is too wide for the flex column to keep its share: lowest first. */
  dropRank?: number;
  /** Per row, text kept after the cell even when the cell is cut (markers such as ⧗ and !). */
  tails?: readonly string[];
}

/** The flex column's share of a narrow terminal before columns are dropped, and the least it is cut to. */
const FLEX_SHARE = 0.5;
const FLEX_MIN = 10;

/**
 * Lays out rows as a plain table that fits `width` terminal cells. Titles get the space first:
 * columns with a drop rank are dropped (lowest rank first) until the flex column has half the
 * width or all it needs, then it is cut with an ellipsis (its tail, the markers, kept), and only
 * then are trailing columns dropped. Widths count cells, so CJK and emoji
 * titles line up; cells may carry colour codes, which take no width.
 *
 * A cold `list` of thousands of rows spends its time here, in code the JIT has not seen yet:
 * hence plain loops, and each cell measured once.
 */
export async function renderTable(columns: readonly Column[], rows: readonly string[][], width: number): Promise<string> {
  if (rows.length === 0) return "";
  const count = columns.length;
  const headerWidths = await measureCells([columns.map((column) => column.header)], count);
  const tailed = columns.findIndex((column) => column.tails);
  const tails = columns[tailed]?.tails ?? [];
  const tailWidths = tails.length > 0 ? (await measureCells(tails.map((tail) => [tail]), 1)).map((measured) => measured[0] ?? 0) : [];
  const cellWidths = await measureCells(rows, count);
  if (tailed >= 0) for (let row = 0; row < cellWidths.length; row++) (cellWidths[row] ?? [])[tailed] = (cellWidths[row]?.[tailed] ?? 0) + (tailWidths[row] ?? 0);
  const measure = measureWith(wideWidth);
  const natural = [...(headerWidths[0] ?? [])];
  for (const measured of cellWidths) {
    for (let index = 0; index < count; index++) if ((measured[index] ?? 0) > (natural[index] ?? 0)) natural[index] = measured[index] ?? 0;
  }
  let visible = columns.map((_, index) => index);
  const flexIndex = columns.findIndex((column) => column.flex);
  const widths = [...natural];
  const total = (): number => visible.reduce((sum, index) => sum + (widths[index] ?? 0), 0) + (visible.length - 1) * 2;
  if (flexIndex >= 0) {
    const wanted = Math.min(natural[flexIndex] ?? 0, Math.max(FLEX_MIN, Math.floor(width * FLEX_SHARE)));
    const droppable = visible.filter((index) => columns[index]?.dropRank !== undefined).sort((a, b) => (columns[a]?.dropRank ?? 0) - (columns[b]?.dropRank ?? 0));
    const roomForFlex = (): number => width - (total() - (widths[flexIndex] ?? 0));
    for (const drop of droppable) {
      if (roomForFlex() >= wanted) break;
      visible = visible.filter((index) => index !== drop);
    }
    if (total() > width) widths[flexIndex] = Math.max(FLEX_MIN, (widths[flexIndex] ?? 0) - (total() - width));
  }
  while (total() > width && visible.length > 2) {
    const drop = [...visible].reverse().find((index) => index !== flexIndex && index !== 0);
    if (drop === undefined) break;
    visible = visible.filter((index) => index !== drop);
  }
  const line = (cells: readonly string[], measured: readonly number[], row: number): string => {
    const header = row < 0;
    let out = "";
    for (let position = 0; position < visible.length; position++) {
      const index = visible[position] ?? 0;
      const cellWidth = widths[index] ?? 0;
      const own = measured[index] ?? 0;
      const tail = index === tailed && row >= 0 ? (tails[row] ?? "") : "";
      const cell = cells[index] ?? "";
      const text = own <= cellWidth ? cell + tail : fit(cell, cellWidth - (tail ? (tailWidths[row] ?? 0) : 0), measure) + tail;
      const pad = " ".repeat(Math.max(0, cellWidth - (own <= cellWidth ? own : measure(text))));
      const last = position === visible.length - 1;
      if (position > 0) out += "  ";
      if (columns[index]?.align === "right" && !header) out += pad + text;
      else out += last ? text : text + pad;
    }
    return out.trimEnd();
  };
  let out = line(columns.map((column) => column.header), headerWidths[0] ?? [], -1);
  for (let row = 0; row < rows.length; row++) out += "\n" + line(rows[row] ?? [], cellWidths[row] ?? [], row);
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
