/**
 * Canonical text for a filter: canonical attribute and modifier names, explicit operators,
 * parentheses only where precedence needs them, quotes only where the parser needs them.
 * Parsing the text gives the same tree back, which views and tests rely on.
 */

import type { AttributeNode, FilterNode } from "./ast.js";
import { kindOf } from "./attributes.js";
import { formatIdRanges } from "./id-ranges.js";

const PRECEDENCE = { or: 1, xor: 2, and: 3, not: 4, term: 5 } as const;

export function describeFilter(node: FilterNode): string {
  return print(node, 0);
}

function print(node: FilterNode, outer: number): string {
  switch (node.kind) {
    case "empty":
      return "";
    case "and":
    case "or":
    case "xor": {
      const own = PRECEDENCE[node.kind];
      let seenIds = false;
      const text = node.operands
        .map((operand, index) => {
          const printed = print(operand, own);
          if (index === 0) {
            seenIds = operand.kind === "ids";
            return printed;
          }
          if (node.kind !== "and") return ` ${node.kind} ${printed}`;
          // Adjacent bare ids would merge into one id set when read back; `and` keeps them apart.
          // Inside or/xor the `and` is spelt out too: `a or b c` reads wrongly to people.
          const separator = (operand.kind === "ids" && seenIds) || outer > 0 ? " and " : " ";
          seenIds ||= operand.kind === "ids";
          return separator + printed;
        })
        .join("");
      return own < outer ? `(${text})` : text;
    }
    case "not":
      return `not ${print(node.operand, PRECEDENCE.not)}`;
    case "ids":
      return formatIdRanges(node.ranges);
    case "tag":
      return `${node.present ? "+" : "-"}${/^[A-Z][A-Z]+$/.test(node.tag) ? quote(node.tag) : quoteValue(node.tag)}`;
    case "virtual":
      return `${node.present ? "+" : "-"}${node.tag}`;
    case "word":
      return needsQuotes(node.text) ? quote(node.text) : node.text;
    case "attribute":
      return printAttribute(node);
  }
}

function printAttribute(node: AttributeNode): string {
  const numeric = ["id", "number"].includes(kindOf(node.attribute, node.user));
  const modifier =
    node.modifier === "match" ? "" : numeric && node.modifier === "before" ? ".below" : numeric && node.modifier === "after" ? ".above" : `.${node.modifier}`;
  return `${node.attribute}${modifier}:${quoteValue(node.value)}`;
}

const SPECIAL = /[\s()"']/;
const ATTRIBUTE = /^[A-Za-z_][\w-]*(?:\.[A-Za-z]+)?:/;
const ID_LIST = /^\d+(?:-\d+)?(?:,\d+(?:-\d+)?)*$/;
const KEYWORD = /^(?:and|or|xor|not)$/i;

function needsQuotes(word: string): boolean {
  return (
    word === "" || SPECIAL.test(word) || "+-!".includes(word.charAt(0)) ||
    KEYWORD.test(word) || ATTRIBUTE.test(word) || ID_LIST.test(word)
  );
}

function quoteValue(value: string): string {
  return SPECIAL.test(value) ? quote(value) : value;
}

function quote(text: string): string {
  return `"${text.replace(/["\\]/g, (char) => `\\${char}`)}"`;
}
