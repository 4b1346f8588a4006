/**
 * The hand-written corpus and a line-level diff, written independently of the code under test so
 * that "only that field's lines changed" is checked from the outside.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const CORPUS = join(import.meta.dirname, "../../fixtures/corpus");

export interface CorpusFile {
  name: string;
  text: string;
}

export function readCorpus(kind: "good" | "bad"): CorpusFile[] {
  const folder = join(CORPUS, kind);
  return readdirSync(folder)
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(folder, name), "utf8") }));
}

export function readCorpusFile(kind: "good" | "bad", name: string): string {
  return readFileSync(join(CORPUS, kind, name), "utf8");
}

/** Lines with their line endings kept, so a CRLF or a missing final newline shows up in a diff. */
export function splitKeepingEndings(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export interface LineDiff {
  /** Index (0-based) of the first differing line. */
  at: number;
  removed: string[];
  added: string[];
}

/** The smallest single hunk that turns `before` into `after`: common prefix and suffix trimmed. */
export function lineDiff(before: string, after: string): LineDiff {
  const old = splitKeepingEndings(before);
  const now = splitKeepingEndings(after);
  let prefix = 0;
  while (prefix < old.length && prefix < now.length && old[prefix] === now[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < old.length - prefix &&
    suffix < now.length - prefix &&
    old[old.length - 1 - suffix] === now[now.length - 1 - suffix]
  ) {
    suffix++;
  }
  return { at: prefix, removed: old.slice(prefix, old.length - suffix), added: now.slice(prefix, now.length - suffix) };
}

/** Index of the closing `---` line of the frontmatter. */
export function closingFenceIndex(text: string): number {
  const lines = splitKeepingEndings(text);
  return lines.findIndex((line, index) => index > 0 && /^---[ \t]*\r?\n?$/.test(line));
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const indentOf = (line: string): number => /^[ \t]*/.exec(line)![0].length;
/** Blank as YAML sees it: only spaces and tabs (a no-break space is text). */
const blank = (line: string | undefined): boolean => line !== undefined && /^[ \t]*\r?\n?$/.test(line);

/**
 * The lines [start, end) of a top-level field as a reader of the file would see them: the key
 * line, then deeper-indented lines, zero-indented `- ` items, an open flow bracket's lines, and
 * blank lines inside any of those.
 */
export function fieldLines(text: string, key: string): [number, number] | undefined {
  const lines = splitKeepingEndings(text);
  const closing = closingFenceIndex(text);
  const keyLine = new RegExp(`^(\\s*)(?:${escape(key)}|"${escape(key)}"|'${escape(key)}')\\s*:`);
  const start = lines.findIndex((line, index) => index > 0 && index < closing && keyLine.test(line.replace(/^\uFEFF/, "")));
  if (start === -1) return undefined;
  const keyIndent = indentOf(lines[start]!);
  let depth = bracketDepth(lines[start]!);
  let end = start + 1;
  for (let index = start + 1; index < closing; index++) {
    const line = lines[index]!;
    if (depth > 0 || (!blank(line) && (indentOf(line) > keyIndent || (keyIndent === 0 && line.startsWith("- "))))) {
      depth += bracketDepth(line);
      end = index + 1;
    } else if (!blank(line)) {
      break;
    }
  }
  return [start, end];
}

function bracketDepth(line: string): number {
  const code = line.replace(/#.*$/, "").replace(/"[^"]*"|'[^']*'/g, "");
  return (code.match(/[[{]/g)?.length ?? 0) - (code.match(/[\]}]/g)?.length ?? 0);
}
