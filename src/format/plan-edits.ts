/**
 * Plans minimal edits to the frontmatter's YAML text: each change becomes a splice of the source
 * that touches only its own field's line(s), so comments, key order and quoting elsewhere survive.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Pair, type ParsedNode, type YAMLSeq } from "yaml";
import { BacklogError } from "../domain/errors.js";
import type { FieldChanges, UserValue } from "../domain/task.js";
import { lineStartOf, nextLineStart } from "./frontmatter.js";
import { keyName } from "./read-fields.js";
import { isFlatList, isScalarValue, renderAfterColon, renderFlowList, renderInline, renderKey, type InlineStyle, type ScalarValue } from "./render-value.js";

export interface Splice {
  start: number;
  end: number;
  text: string;
}

/** Task properties that live outside the frontmatter. */
const NOT_FIELDS = new Set(["body", "notes", "path", "user"]);

export function planEdits(yaml: string, doc: Document.Parsed, changes: FieldChanges, eol: string): Splice[] {
  const map = doc.contents;
  if (map !== null && (!isMap(map) || map.flow)) {
    throw new BacklogError("invalid", "the frontmatter is not a block of `key: value` lines, so it cannot be edited in place; fix it by hand");
  }
  const pairs = map?.items ?? [];
  const firstKey = pairs[0]?.key;
  const mapIndent = firstKey ? yaml.slice(lineStartOf(yaml, firstKey.range[0]), firstKey.range[0]) : "";
  const splices: Splice[] = [];
  let inserted = "";

  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (NOT_FIELDS.has(key) || key === "" || /[\r\n]/.test(key)) {
      throw new BacklogError("invalid", `${JSON.stringify(key)} is not a frontmatter field name; the body is changed with the body option`, { field: key });
    }
    const pair = pairs.find((candidate) => keyName(candidate, doc) === key);
    if (pair) splices.push(...(value === null ? [removePair(yaml, pair, key)] : replaceValue(yaml, pair, key, value, eol)));
    else if (value !== null) inserted += `${mapIndent}${renderKey(key)}:${renderAfterColon(value, { indent: mapIndent, eol })}${eol}`;
  }
  if (inserted !== "") splices.push({ start: yaml.length, end: yaml.length, text: inserted });
  return splices;
}

function refuse(key: string, why: string): never {
  throw new BacklogError("invalid", `cannot change ${key} in place: ${why}; edit the file by hand`, { field: key });
}

/** Where the value's content ends, without the line endings a block node swallows. */
function contentEnd(yaml: string, node: ParsedNode): number {
  let end = node.range[1];
  while (end > node.range[0] && (yaml[end - 1] === "\n" || yaml[end - 1] === "\r")) end--;
  return end;
}

function lineContentEnd(yaml: string, offset: number): number {
  const end = nextLineStart(yaml, offset);
  return yaml.slice(0, end).replace(/\r?\n$/, "").length;
}

function keyIndent(yaml: string, pair: Pair<ParsedNode, ParsedNode | null>, key: string): string {
  const start = pair.key.range[0];
  const indent = yaml.slice(lineStartOf(yaml, start), start);
  if (indent.trim() !== "") refuse(key, "its key does not start its line");
  return indent;
}

function removePair(yaml: string, pair: Pair<ParsedNode, ParsedNode | null>, key: string): Splice {
  keyIndent(yaml, pair, key);
  const last = pair.value && pair.value.range[1] > pair.value.range[0] ? contentEnd(yaml, pair.value) - 1 : pair.key.range[1];
  return { start: lineStartOf(yaml, pair.key.range[0]), end: nextLineStart(yaml, last), text: "" };
}

function afterColon(yaml: string, pair: Pair<ParsedNode, ParsedNode | null>, key: string): number {
  const match = /^[ \t]*:/.exec(yaml.slice(pair.key.range[1]));
  if (!match) refuse(key, "its key is not followed by ':'");
  return pair.key.range[1] + match[0].length;
}

/** A splice of the value itself, spaced so it stays apart from the ':' and from a comment. */
function inline(yaml: string, start: number, end: number, text: string): Splice {
  const before = yaml[start - 1] === ":" ? " " : "";
  const after = start === end && yaml[end] === "#" ? " " : "";
  return { start, end, text: before + text + after };
}

function replaceValue(yaml: string, pair: Pair<ParsedNode, ParsedNode | null>, key: string, value: UserValue, eol: string): Splice[] {
  const node = pair.value;
  if (node !== null && isSeq(node) && !node.flow && isFlatList(value) && value.length > 0) {
    keyIndent(yaml, pair, key);
    const items = editBlockItems(yaml, node, value, eol);
    if (items) return items;
  }
  return [replaceWhole(yaml, pair, key, value, eol)];
}

/**
 * A block list edited item by item: the items still there keep their lines (and comments),
 * removed ones lose theirs, new ones go after the last kept item. Comment lines between items
 * stay. Undefined when the list is not one plain item per line, or nothing of it is kept: the
 * caller then writes the list anew.
 */
function editBlockItems(yaml: string, node: YAMLSeq.Parsed, value: readonly ScalarValue[], eol: string): Splice[] | undefined {
  const lines: { start: number; end: number; value: unknown }[] = [];
  for (const item of node.items) {
    if (!isScalar(item) || item.type === "BLOCK_LITERAL" || item.type === "BLOCK_FOLDED") return undefined;
    const start = lineStartOf(yaml, item.range[0]);
    const valueEnd = contentEnd(yaml, item);
    const lineEnd = lineContentEnd(yaml, item.range[0]);
    // One item per line: `<indent>- <value>`, then at most a comment.
    if (!/^[ \t]*-[ \t]+$/.test(yaml.slice(start, item.range[0])) || !/^[ \t]*(#.*)?$/.test(yaml.slice(valueEnd, lineEnd))) return undefined;
    lines.push({ start, end: nextLineStart(yaml, item.range[0]), value: item.value });
  }
  const splices: Splice[] = [];
  let next = 0;
  let lastKept: number | undefined;
  for (const line of lines) {
    if (next < value.length && line.value === value[next]) {
      next++;
      lastKept = lineContentEnd(yaml, line.start);
    } else {
      splices.push({ start: line.start, end: line.end, text: "" });
    }
  }
  if (lastKept === undefined) return undefined;
  const first = lines[0];
  const itemIndent = first ? /^[ \t]*/.exec(yaml.slice(first.start))?.[0] ?? "" : "";
  const added = value.slice(next).map((item) => `${eol}${itemIndent}- ${renderInline(item)}`).join("");
  if (added !== "") splices.push({ start: lastKept, end: lastKept, text: added });
  return splices;
}

function replaceWhole(yaml: string, pair: Pair<ParsedNode, ParsedNode | null>, key: string, value: UserValue, eol: string): Splice {
  const indent = keyIndent(yaml, pair, key);
  const node = pair.value;
  const colon = afterColon(yaml, pair, key);
  if (node === null) return { start: colon, end: colon, text: renderAfterColon(value, { indent, eol }) };

  const [start] = node.range;
  const end = contentEnd(yaml, node);
  const oneLine = !yaml.slice(start, end).includes("\n");
  const empty = isScalar(node) && node.value === null && start === end;
  // A block value cannot share its key's line with a comment: the comment goes with the old value.
  const wholeEnd = empty ? lineContentEnd(yaml, colon) : end;
  const wholeValue = (text: string): Splice => ({ start: colon, end: wholeEnd, text });
  const isBlockScalar = isScalar(node) && (node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED");

  if (isScalarValue(value)) {
    if (isBlockScalar && typeof value === "string") return wholeValue(renderAfterColon(value, { indent, eol, scalarType: node.type }));
    const style: InlineStyle = isScalar(node) && !isBlockScalar && node.type ? (node.type as InlineStyle) : "PLAIN";
    if (empty || (oneLine && !isBlockScalar && (isScalar(node) || isAlias(node) || isFlow(node)))) {
      return inline(yaml, start, end, renderInline(value, style));
    }
    return wholeValue(` ${renderInline(value, style)}`);
  }
  if (isFlatList(value)) {
    if (isSeq(node) && !node.flow && value.length > 0) {
      const itemIndent = yaml.slice(lineStartOf(yaml, start), start);
      return { start, end, text: value.map((item) => `- ${renderInline(item)}`).join(eol + itemIndent) };
    }
    const padded = isSeq(node) && node.flow === true && yaml.startsWith("[ ", start);
    if (empty || (oneLine && !isBlockScalar)) return inline(yaml, start, end, renderFlowList(value, padded));
    return wholeValue(` ${renderFlowList(value)}`);
  }
  return wholeValue(renderAfterColon(value, { indent, eol, flow: isFlow(node) }));
}

function isFlow(node: ParsedNode): boolean {
  return (isSeq(node) || isMap(node)) && node.flow === true;
}
