import { readFileSync } from "node:fs";
import { parseTaskFile } from "../format/parse-task-file.js";
import type { LoadedFile } from "./loaded-file.js";

/** Reads and parses one task file; a read error becomes a problem, not an exception. */
export function readTaskFile(abs: string, rel: string): LoadedFile {
  let text: string;
  try {
    text = readFileSync(abs, "utf8");
  } catch (error) {
    return {
      path: rel,
      problems: [{ file: rel, code: "unreadable", severity: "error", message: `cannot read the file: ${(error as Error).message}` }],
      bodyLoaded: false,
    };
  }
  const parsed = parseTaskFile(text, rel);
  return { path: rel, ...(parsed.task && { task: parsed.task }), problems: parsed.problems, bodyLoaded: true };
}
