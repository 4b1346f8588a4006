/**
 * The filter parser, recursive descent over the tokens:
 *
 *   filter  := or? EOF
 *   or      := xor ("or" xor)*
 *   xor     := and ("xor" and)*
 *   and     := unary (["and"] unary)*      adjacent terms are and-ed
 *   unary   := ("not" | "!") unary | primary
 *   primary := "(" or ")" | term
 *
 * Bare ids joined without an explicit `and` merge into one id set (`1 2` = id 1 or id 2), as in
 * Taskwarrior. Keywords ignore case; a quoted keyword is a search word.
 */

import { FilterSyntaxError } from "../errors.js";
import type { FilterNode, IdsNode, LogicNode } from "./ast.js";
import { EMPTY_FILTER } from "./ast.js";
import { parseTerm, type TermOptions } from "./parse-term.js";
import type { Token } from "./tokenize.js";
import { tokenize, tokenizeArgs } from "./tokenize.js";

type Keyword = "and" | "or" | "xor" | "not";

/** Deep enough for any hand-written filter, shallow enough that nothing overflows the stack. */
const MAX_DEPTH = 100;

/**
 * Parses a filter: one string (MCP, config views) or command-line arguments, whose positions
 * count in the arguments joined by single spaces. Throws FilterSyntaxError naming the token
 * and its 0-based position. An empty filter gives a node `isEmptyFilter` recognises.
 */
export function parseFilter(input: string | readonly string[], options: TermOptions = {}): FilterNode {
  const tokens = typeof input === "string" ? tokenize(input) : tokenizeArgs(input);
  if (tokens.length === 0) return EMPTY_FILTER;
  const parser = new Parser(tokens, options);
  const node = parser.parseOr();
  parser.expectEnd();
  return node;
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly options: TermOptions,
  ) {}

  parseOr(): FilterNode {
    return this.parseChain("or", () => this.parseXor());
  }

  expectEnd(): void {
    const token = this.peek();
    if (token) this.fail(token, `Unmatched ")" at position ${token.position}: remove it or add a "(" before it.`);
  }

  private parseXor(): FilterNode {
    return this.parseChain("xor", () => this.parseAnd());
  }

  private parseChain(keyword: "or" | "xor", parseOperand: () => FilterNode): FilterNode {
    const operands = [parseOperand()];
    for (let token = this.peek(); token && keywordOf(token) === keyword; token = this.peek()) {
      this.index += 1;
      this.expectOperand(token);
      operands.push(parseOperand());
    }
    return combine(keyword, operands);
  }

  private parseAnd(): FilterNode {
    const operands: FilterNode[] = [this.parseUnary()];
    let ids = bareIds(operands[0], this.tokens[this.index - 1]) ? 0 : -1;
    for (let token = this.peek(); token && this.continuesAnd(token); token = this.peek()) {
      if (keywordOf(token) === "and") {
        this.index += 1;
        this.expectOperand(token);
        ids = -1; // an explicit `and` between ids means and: `1 and 2` matches nothing
      }
      const start = this.index;
      const operand = this.parseUnary();
      const idsHere = ids >= 0 ? operands[ids] : undefined;
      if (this.index === start + 1 && operand.kind === "ids" && idsHere?.kind === "ids") {
        operands[ids] = { kind: "ids", ranges: [...idsHere.ranges, ...operand.ranges] } satisfies IdsNode;
      } else {
        if (this.index === start + 1 && operand.kind === "ids") ids = operands.length;
        operands.push(operand);
      }
    }
    return combine("and", operands);
  }

  private parseUnary(): FilterNode {
    const token = this.peek();
    if (token && (token.kind === "not" || keywordOf(token) === "not")) {
      this.index += 1;
      this.expectOperand(token);
      this.enter(token);
      const operand = this.parseUnary();
      this.depth -= 1;
      return { kind: "not", operand };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): FilterNode {
    const token = this.peek();
    if (!token) throw new Error("parsePrimary past the end: expectOperand guards every call");
    this.index += 1;
    if (token.kind === "open") {
      this.enter(token);
      const next = this.peek();
      if (!next) this.fail(token, `Unclosed "(" at position ${token.position}: add a filter and a ")" after it.`);
      if (next.kind === "close") {
        this.fail(token, `Empty parentheses at position ${token.position}: put a filter inside or remove them.`);
      }
      const node = this.parseOr();
      if (this.peek()?.kind !== "close") {
        this.fail(token, `Unclosed "(" at position ${token.position}: add a ")" to close it.`);
      }
      this.index += 1;
      this.depth -= 1;
      return node;
    }
    if (token.kind === "close") {
      this.fail(token, `Unmatched ")" at position ${token.position}: remove it or add a "(" before it.`);
    }
    const keyword = keywordOf(token);
    if (keyword) {
      this.fail(token, `"${token.text}" at position ${token.position} has nothing before it to join: put a term on each side of ${keyword}.`);
    }
    return parseTerm(token, this.options);
  }

  /** After an operator there must be something it applies to. */
  private expectOperand(operator: Token): void {
    const next = this.peek();
    const name = operator.kind === "not" ? "!" : operator.text;
    if (!next) {
      this.fail(operator, `"${name}" at position ${operator.position} ends the filter: add a term after it or remove it.`);
    }
    const keyword = keywordOf(next);
    if (next.kind === "close" || (keyword !== undefined && keyword !== "not")) {
      this.fail(next, `"${next.text}" at position ${next.position} follows "${name}": put a term between them.`);
    }
  }

  private continuesAnd(token: Token): boolean {
    const keyword = keywordOf(token);
    return token.kind !== "close" && keyword !== "or" && keyword !== "xor";
  }

  private enter(token: Token): void {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) {
      this.fail(token, `The filter nests deeper than ${MAX_DEPTH} levels at position ${token.position}: simplify it.`);
    }
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private fail(token: Token, message: string): never {
    throw new FilterSyntaxError(message, token.text, token.position);
  }
}

function keywordOf(token: Token): Keyword | undefined {
  if (token.kind !== "word" || token.quoteStart >= 0) return undefined;
  const lower = token.value.toLowerCase();
  return lower === "and" || lower === "or" || lower === "xor" || lower === "not" ? lower : undefined;
}

function bareIds(node: FilterNode | undefined, token: Token | undefined): boolean {
  return node?.kind === "ids" && token?.kind === "word";
}

/** One operand stays itself; nested chains of the same operator are flattened (all three associate). */
function combine(kind: LogicNode["kind"], operands: FilterNode[]): FilterNode {
  if (operands.length === 1 && operands[0]) return operands[0];
  const flat = operands.flatMap((operand) => (operand.kind === kind ? operand.operands : [operand]));
  return { kind, operands: flat };
}
