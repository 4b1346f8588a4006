import { parseTaskFile } from "../format/parse-task-file.js";
import { faultyFile, type LoadedFile } from "./loaded-file.js";
import { FileFaultError, readTextFile } from "./read-text-file.js";

/**
 * Reads and parses one task file; a read error becomes a problem, not an exception.
 * `checked`: the caller has just lstat'ed it as a regular file.
 */
export function readTaskFile(abs: string, rel: string, checked = false): LoadedFile {
  let text: string;
  try {
    text = readTextFile(abs, { file: rel, checked });
  } catch (error) {
    if (error instanceof FileFaultError) return faultyFile(rel, error.fault);
    return {
      path: rel,
      problems: [{ file: rel, code: "unreadable", severity: "error", message: `cannot read the file: ${(error as Error).message}` }],
      bodyLoaded: false,
    };
  }
  const parsed = parseTaskFile(text, rel);
  return { path: rel, ...(parsed.task && { task: parsed.task }), problems: parsed.problems, bodyLoaded: true };
}
