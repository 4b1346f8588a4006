/**
 * Parses the frontmatter's YAML with the core schema: dates stay strings (no Date objects, no
 * time zone surprises) and `yes`/`no` stay strings, as YAML 1.2 says.
 */
import { Document, LineCounter, parseDocument, type ParsedNode } from "yaml";
import type { ProblemCode } from "../domain/problem.js";
import { YAML_FIRST_LINE } from "./frontmatter.js";
import { parseSimpleYaml } from "./simple-yaml.js";

export interface LocatedProblem {
  code: ProblemCode;
  message: string;
  severity: "error" | "warning";
  /** Offset in the YAML text. */
  offset: number;
}

export interface ParsedYaml {
  /** The root node: a map for a well-formed frontmatter, null when it is empty. */
  contents: ParsedNode | null;
  /** The document the nodes belong to (their toJS context). */
  doc: Document.Parsed;
  /** Syntax errors and warnings from the YAML parser. */
  problems: LocatedProblem[];
  /** File-relative 1-based line and column of an offset in the YAML text. */
  position: (offset: number) => { line: number; column: number };
}

export const YAML_OPTIONS = { schema: "core", prettyErrors: false, uniqueKeys: true } as const;

/** The toJS context of fast-path nodes, which belong to no parsed document; never modified. */
const SIMPLE_DOC = new Document(null, { schema: "core" }) as unknown as Document.Parsed;

/**
 * `fast` lets plain one-line frontmatter skip the full parser (see simple-yaml.ts); edits need
 * the full parser's node ranges and styles, so they leave it off.
 */
export function readYaml(yaml: string, { fast = false }: { fast?: boolean } = {}): ParsedYaml {
  const lineCounter = new LineCounter();
  const position = (offset: number): { line: number; column: number } => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: Math.max(line, 1) + YAML_FIRST_LINE - 1, column: Math.max(col, 1) };
  };
  const simple = fast ? parseSimpleYaml(yaml) : undefined;
  if (simple) {
    lineCounter.lineStarts.push(...simple.lineStarts);
    return { contents: simple.map, doc: SIMPLE_DOC, problems: [], position };
  }
  const doc = parseDocument(yaml, { ...YAML_OPTIONS, lineCounter });
  const problems: LocatedProblem[] = [
    ...doc.errors.map((error) => ({
      code: "yaml-syntax" as const,
      message: syntaxMessage(error.code, error.message, yaml, error.pos[0]),
      severity: "error" as const,
      offset: error.pos[0],
    })),
    ...doc.warnings.map((warning) => ({
      code: "yaml-syntax" as const,
      message: `YAML: ${firstSentence(warning.message)}`,
      severity: "warning" as const,
      offset: warning.pos[0],
    })),
  ];
  return { contents: doc.contents, doc, problems, position };
}

function syntaxMessage(code: string, message: string, yaml: string, offset: number): string {
  if (code === "DUPLICATE_KEY") {
    const key = /^\s*([^:\n]*)/.exec(yaml.slice(offset))?.[1]?.trim() ?? "";
    return `key ${JSON.stringify(key)} appears more than once in the frontmatter; keep only one of them`;
  }
  return `the frontmatter is not valid YAML: ${firstSentence(message)}; fix the lines between the --- fences`;
}

/** The parser's message without its own (YAML-relative) position, which would mislead. */
function firstSentence(message: string): string {
  const first = message.split("\n")[0] ?? message;
  return first.replace(/\s*at line \d+, column \d+:?\s*$/, "").replace(/[.:]\s*$/, "");
}
