/**
 * Finds the frontmatter block of a task file without interpreting it. Offsets index into the
 * whole text (BOM included) so edits can splice the original string and keep every other byte.
 */

export interface FrontmatterBlock {
  /** "\uFEFF" when the file starts with a byte order mark, else "". */
  bom: string;
  /** The line ending of the opening fence: the file's line ending style. */
  eol: "\n" | "\r\n";
  /** Where the YAML text starts: just after the opening fence's line ending. */
  yamlStart: number;
  /** Where the closing fence line starts (the YAML text ends here). */
  yamlEnd: number;
  /** Where the body starts: just after the closing fence's line ending (or the end of the text). */
  bodyStart: number;
  /** The text between the fences. Its line 1 is line 2 of the file. */
  yaml: string;
  body: string;
}

export type FrontmatterFailure = "no-opening-fence" | "no-closing-fence";

/** The file line of the YAML text's first line: the opening fence is always line 1. */
export const YAML_FIRST_LINE = 2;

const BOM = "\uFEFF";

/** A fence line is `---`, tolerating trailing blanks that editors leave behind. */
function isFence(line: string): boolean {
  return /^---[ \t]*\r?$/.test(line);
}

export function findFrontmatter(text: string): FrontmatterBlock | FrontmatterFailure {
  const bom = text.startsWith(BOM) ? BOM : "";
  const newline = text.indexOf("\n", bom.length);
  const openEnd = newline === -1 ? text.length : newline;
  if (!isFence(text.slice(bom.length, openEnd))) return "no-opening-fence";
  if (newline === -1) return "no-closing-fence";
  const eol = text[openEnd - 1] === "\r" ? "\r\n" : "\n";
  const yamlStart = openEnd + 1;

  let lineStart = yamlStart;
  while (lineStart <= text.length) {
    const newline = text.indexOf("\n", lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    if (isFence(text.slice(lineStart, lineEnd))) {
      const bodyStart = newline === -1 ? text.length : newline + 1;
      return {
        bom,
        eol,
        yamlStart,
        yamlEnd: lineStart,
        bodyStart,
        yaml: text.slice(yamlStart, lineStart),
        body: text.slice(bodyStart),
      };
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return "no-closing-fence";
}

/** Offset of the start of the line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** Offset just past the line ending of the line holding `offset` (or the end of the text). */
export function nextLineStart(text: string, offset: number): number {
  const newline = text.indexOf("\n", offset);
  return newline === -1 ? text.length : newline + 1;
}

/** The file line (1-based) of a top-level frontmatter key, for problems found across files. */
export function fieldLine(text: string, key: string): number | undefined {
  const block = findFrontmatter(text);
  if (typeof block === "string") return undefined;
  const lines = block.yaml.split("\n");
  const pattern = new RegExp(`^["']?${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["']?\\s*:`);
  const index = lines.findIndex((line) => pattern.test(line));
  return index < 0 ? undefined : index + YAML_FIRST_LINE;
}
