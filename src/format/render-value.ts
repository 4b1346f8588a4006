/**
 * Writes values as YAML text. The yaml package decides when a string needs quotes; on top of it we
 * quote what YAML 1.1 readers (other tools, GitHub's renderer) would misread: `yes`, `on`, `1:20`.
 */
import { Document, Scalar, isCollection, isScalar, stringify, visit } from "yaml";
import type { UserValue } from "../domain/task.js";

export type InlineStyle = "PLAIN" | "QUOTE_DOUBLE" | "QUOTE_SINGLE";
export type ScalarValue = string | number | boolean | null;

export interface BlockHints {
  /** The indentation of the key, prefixed to every continuation line. */
  indent: string;
  eol: string;
  /** Keep a block scalar (`|`, `>`) a block scalar. */
  scalarType?: Scalar.Type;
  /** Keep a flow collection (`{a: 1}`) flow. */
  flow?: boolean;
}

// No folding: a double-quoted string holding a line break would otherwise go on over several
// lines (from 40 characters on), and one that follows `key:` would not be indented as YAML needs.
const STRING_OPTIONS = { lineWidth: 0, flowCollectionPadding: false, doubleQuotedMinMultiLineLength: Infinity } as const;
const YAML11_WORDS = /^(?:y|n|yes|no|on|off|true|false|null|~|=|<<)$/i;
const YAML11_NUMBER = /^[-+]?(?:0b[01_]+|0x[0-9a-f_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|[0-9_]*\.?[0-9_]+(?:e[-+]?[0-9]+)?)$/i;
// Characters a plain or single-quoted scalar cannot hold: line breaks, controls, BOM.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_ESCAPES = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
const FLOW_INDICATORS = /[,[\]{}]/;

export function isScalarValue(value: unknown): value is ScalarValue {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

/** A list of scalars: written as a flow list `[a, b]`. */
export function isFlatList(value: unknown): value is ScalarValue[] {
  return Array.isArray(value) && value.every(isScalarValue);
}

/** One scalar on one line, in `style` when the value allows it, quoted whenever YAML needs it. */
export function renderInline(value: ScalarValue, style: InlineStyle = "PLAIN", inFlow = false): string {
  if (typeof value !== "string") return stringify(value, STRING_OPTIONS).trimEnd();
  const chosen: InlineStyle = NEEDS_ESCAPES.test(value) ? "QUOTE_DOUBLE" : style;
  const text = renderString(value, chosen);
  const plain = !text.startsWith('"') && !text.startsWith("'");
  const risky = YAML11_WORDS.test(text) || YAML11_NUMBER.test(text) || (inFlow && FLOW_INDICATORS.test(text));
  return (plain && risky) || text.includes("\n") ? renderString(value, "QUOTE_DOUBLE") : text;
}

function renderString(value: string, type: InlineStyle): string {
  const scalar = new Scalar(value);
  scalar.type = type;
  return stringify(scalar, STRING_OPTIONS).replace(/\n$/, "");
}

/** `[a, b]`, or `[ a, b ]` when the file spaces its lists that way. */
export function renderFlowList(items: readonly ScalarValue[], padded = false): string {
  if (items.length === 0) return "[]";
  const inner = items.map((item) => renderInline(item, "PLAIN", true)).join(", ");
  return padded ? `[ ${inner} ]` : `[${inner}]`;
}

export function renderKey(key: string): string {
  return renderInline(key);
}

/**
 * The text that follows `key:` — " value" for one-line values, or the line ending and indented
 * lines of a block value (maps, nested lists, block scalars), without a final line ending.
 */
export function renderAfterColon(value: UserValue, hints: BlockHints): string {
  if (isScalarValue(value) && hints.scalarType === undefined) return ` ${renderInline(value)}`;
  if (isFlatList(value) && !hints.flow) return ` ${renderFlowList(value)}`;
  const doc = new Document({ k: value }, { schema: "core" });
  const node = doc.get("k", true);
  if (isScalar(node) && hints.scalarType && typeof value === "string") node.type = hints.scalarType;
  if (isCollection(node) && hints.flow) node.flow = true;
  visit(doc, {
    Scalar(_key, scalar) {
      if (typeof scalar.value === "string" && scalar !== node && renderInline(scalar.value) !== scalar.value) {
        scalar.type = renderInline(scalar.value).startsWith("'") ? "QUOTE_SINGLE" : "QUOTE_DOUBLE";
      }
    },
  });
  const lines = doc.toString(STRING_OPTIONS).replace(/\n$/, "").slice("k:".length).split("\n");
  return lines.map((line, index) => (index === 0 || line === "" ? line : hints.indent + line)).join(hints.eol);
}
