/**
 * A fast path for the frontmatter almost every task file has: one `key: value` per line with plain
 * scalars and one-line flow lists. Loading 10,000 tasks is dominated by YAML parsing, and this is
 * about five times faster. It accepts only what it can read exactly as the yaml package would
 * (scalars resolved by the package's own core schema tags) and returns undefined for anything
 * else, which then goes through the full parser. Edits always use the full parser.
 */
import { Pair, Scalar, Schema, YAMLMap, YAMLSeq, isScalar, type ParsedNode, type ScalarTag } from "yaml";

export interface SimpleYaml {
  map: YAMLMap.Parsed<Scalar.Parsed, ParsedNode>;
  /** Offsets of the starts of lines, as the yaml package's LineCounter holds them. */
  lineStarts: number[];
}

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]+(.*))?$/;
const COMMENT_OR_BLANK = /^[ \t]*(?:#.*)?$/;
/** Characters that give a scalar's first character a meaning other than text. */
const INDICATOR_START = /^(?:[-?:](?:[ \t]|$)|[,[\]{}#&*!|>'"%@`:?])/;
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const UNSAFE_ANYWHERE = /: |:$|#|\t|[\u0000-\u001f\u007f-\u009f\ufeff\u2028\u2029]/;
const FLOW_UNSAFE = /[,[\]{}:#'"]/;
/** YAML's blanks are spaces and tabs only: a no-break or other Unicode space is text (JavaScript's trim would drop it). */
const trimBlanks = (text: string): string => text.replace(/^[ \t]+|[ \t]+$/g, "");

const coreTags = new Schema({ schema: "core" }).tags.filter(
  (tag): tag is ScalarTag => tag.default === true && "test" in tag && tag.test instanceof RegExp,
);

/** Every core tag other than str matches only text starting with one of these (or empty text). */
const MAYBE_NOT_STRING = /^(?:$|[-+.0-9~nNtTfF])/;

/** A plain scalar resolved exactly as the yaml package's composer does with the core schema. */
function resolvePlain(source: string): unknown {
  if (!MAYBE_NOT_STRING.test(source)) return source;
  const tag = coreTags.find((candidate) => candidate.test?.test(source));
  const resolved = tag ? tag.resolve(source, () => undefined, {}) : source;
  // Some tags (null) resolve to a node rather than a value, as the composer allows.
  return isScalar(resolved) ? resolved.value : resolved;
}

function scalar(source: string, start: number): Scalar.Parsed {
  const node = new Scalar(source === "" ? null : resolvePlain(source)) as Scalar.Parsed;
  node.source = source;
  node.type = "PLAIN";
  node.range = [start, start + source.length, start + source.length];
  return node;
}

function flowList(value: string, start: number): YAMLSeq.Parsed | undefined {
  const inner = value.slice(1, -1);
  const seq = new YAMLSeq() as YAMLSeq.Parsed;
  seq.flow = true;
  seq.range = [start, start + value.length, start + value.length];
  if (trimBlanks(inner) === "") return seq;
  let offset = start + 1;
  for (const raw of inner.split(",")) {
    const item = trimBlanks(raw);
    if (item === "" || FLOW_UNSAFE.test(item) || INDICATOR_START.test(item) || UNSAFE_ANYWHERE.test(item)) return undefined;
    seq.items.push(scalar(item, offset + raw.indexOf(item)));
    offset += raw.length + 1;
  }
  return seq;
}

function value(text: string, start: number): ParsedNode | undefined {
  if (text.startsWith("[") && text.endsWith("]")) return flowList(text, start);
  if (text !== "" && (INDICATOR_START.test(text) || UNSAFE_ANYWHERE.test(text))) return undefined;
  return scalar(text, start);
}

export function parseSimpleYaml(yaml: string): SimpleYaml | undefined {
  if (/\r(?!\n)/.test(yaml)) return undefined;
  const map = new YAMLMap() as YAMLMap.Parsed<Scalar.Parsed, ParsedNode>;
  map.range = [0, yaml.length, yaml.length];
  const lineStarts: number[] = [];
  const keys = new Set<string>();
  let start = 0;
  while (start < yaml.length) {
    lineStarts.push(start);
    const newline = yaml.indexOf("\n", start);
    const end = newline === -1 ? yaml.length : newline;
    const line = yaml.slice(start, yaml[end - 1] === "\r" ? end - 1 : end);
    if (!COMMENT_OR_BLANK.test(line)) {
      const match = KEY_LINE.exec(line);
      if (!match || keys.has(match[1]!) || typeof resolvePlain(match[1]!) !== "string") return undefined;
      const rest = match[2] ?? "";
      const comment = rest.startsWith("#") ? 0 : rest.search(/[ \t]#/);
      const text = trimBlanks(comment === -1 ? rest : rest.slice(0, comment));
      const node = value(text, start + line.length - rest.length);
      if (!node) return undefined;
      keys.add(match[1]!);
      map.items.push(new Pair(scalar(match[1]!, start), node));
    }
    start = newline === -1 ? yaml.length : newline + 1;
  }
  if (yaml.endsWith("\n")) lineStarts.push(yaml.length);
  return { map, lineStarts };
}
