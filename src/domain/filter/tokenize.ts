/**
 * The filter tokenizer: words, parentheses and `!`, each with its 0-based character position.
 * Quotes (single or double, `\"` and `\\` escaped inside double quotes) join text into one word
 * and may start mid-word (`title.contains:"fix login"`). Operators (`and or xor not`) stay words
 * here: the parser knows a quoted `"or"` is a search word because the token records its quotes.
 */

import { FilterSyntaxError } from "../errors.js";

export type TokenKind = "open" | "close" | "not" | "word";

export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token. */
  readonly text: string;
  /** The word with quotes removed (equal to `text` for `(`, `)`, `!`). */
  readonly value: string;
  /** 0-based position in the filter (for argv, in the arguments joined by single spaces). */
  readonly position: number;
  /** Index in `value` where the first quoted part starts, -1 when nothing was quoted. */
  readonly quoteStart: number;
}

/** An argument that names an attribute: the shell already split it, so its value stays whole. */
const ATTRIBUTE_ARG = /^!*[A-Za-z_][\w-]*(?:\.[A-Za-z]+)?:/;

/** Tokenizes a filter written as one string (an MCP `filter`, a view in config). */
export function tokenize(input: string, offset = 0): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const char = input.charAt(i);
    if (isSpace(char)) {
      i += 1;
    } else if (char === "(" || char === ")" || char === "!") {
      const kind = char === "(" ? "open" : char === ")" ? "close" : "not";
      tokens.push({ kind, text: char, value: char, position: offset + i, quoteStart: -1 });
      i += 1;
    } else {
      const word = readWord(input, i, offset);
      tokens.push(word.token);
      i = word.next;
    }
  }
  return tokens;
}

/**
 * Tokenizes command-line arguments. Each argument is tokenized on its own, except one that
 * starts with `attr:` or `attr.mod:` and holds spaces: the shell's quotes kept it together
 * (`'title.contains:fix login'`), so it is one term whose value is the rest of the argument.
 */
export function tokenizeArgs(args: readonly string[]): Token[] {
  const tokens: Token[] = [];
  let offset = 0;
  for (const arg of args) {
    const prefix = ATTRIBUTE_ARG.exec(arg);
    if (prefix && /\s/.test(arg) && !isWholeFilter(arg)) {
      let bangs = 0;
      while (arg.charAt(bangs) === "!") {
        tokens.push({ kind: "not", text: "!", value: "!", position: offset + bangs, quoteStart: -1 });
        bangs += 1;
      }
      const head = prefix[0].slice(bangs);
      const rest = arg.slice(prefix[0].length);
      tokens.push({
        kind: "word",
        text: arg.slice(bangs),
        value: head + unwrapQuotes(rest),
        position: offset + bangs,
        quoteStart: head.length,
      });
    } else {
      tokens.push(...tokenize(arg, offset));
    }
    offset += arg.length + 1;
  }
  return tokens;
}

/** A term of the language after the first word: `+tag`, `-tag`, `attr:value`, an operator, a paren, ids. */
const FILTER_TERM = /^(?:[+-][^\s]+|!*[A-Za-z_][\w-]*(?:\.[A-Za-z]+)?:.*|and|or|xor|not|\d[\d,-]*)$/i;

/**
 * `list "project:web +bug"`: a quoted argument whose later words are all filter terms is a whole
 * filter, not one value with spaces (`'title.contains:fix login'` keeps its value whole).
 */
function isWholeFilter(arg: string): boolean {
  const words = tokenize(arg);
  return words.length > 1 && words.slice(1).every((token) => token.kind !== "word" || (token.quoteStart < 0 && FILTER_TERM.test(token.value)));
}

function readWord(input: string, start: number, offset: number): { token: Token; next: number } {
  let value = "";
  let quoteStart = -1;
  let i = start;
  while (i < input.length) {
    const char = input.charAt(i);
    if (isSpace(char) || char === "(" || char === ")") break;
    if (char === '"' || char === "'") {
      if (quoteStart < 0) quoteStart = value.length;
      const quoted = readQuoted(input, i, offset);
      value += quoted.text;
      i = quoted.next;
    } else {
      value += char;
      i += 1;
    }
  }
  const token: Token = { kind: "word", text: input.slice(start, i), value, position: offset + start, quoteStart };
  return { token, next: i };
}

function readQuoted(input: string, open: number, offset: number): { text: string; next: number } {
  const quote = input.charAt(open);
  let text = "";
  let i = open + 1;
  while (i < input.length) {
    const char = input.charAt(i);
    if (char === quote) return { text, next: i + 1 };
    const escaped = input.charAt(i + 1);
    if (quote === '"' && char === "\\" && (escaped === '"' || escaped === "\\")) {
      text += escaped;
      i += 2;
    } else {
      text += char;
      i += 1;
    }
  }
  throw new FilterSyntaxError(
    `Unterminated ${quote} quote at position ${offset + open}: close it with a matching ${quote}.`,
    input.slice(open),
    offset + open,
  );
}

function unwrapQuotes(text: string): string {
  const first = text.charAt(0);
  if (text.length >= 2 && (first === '"' || first === "'") && text.endsWith(first)) return text.slice(1, -1);
  return text;
}

function isSpace(char: string): boolean {
  return char === " " || char === "\t" || char === "\n" || char === "\r" || char === "\f" || char === "\v";
}
