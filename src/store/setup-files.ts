import { appendFile, mkdir } from "node:fs/promises";
import { readRegularFile } from "./read-text-file.js";

/**
 * What `init` sets up beside the task files, outside the writer: those are the user's files to
 * review and commit (the task folder is created empty; `.gitattributes` gets one line).
 */

/** Creates a folder (and its parents) unless it exists; true when it was created. */
export async function ensureFolder(path: string): Promise<boolean> {
  return (await mkdir(path, { recursive: true })) !== undefined;
}

/** A setup file's bytes (a link to one is followed), or undefined when there is none; `file` names it in errors. */
export function readSetupFile(path: string, file: string): Buffer | undefined {
  try {
    return readRegularFile(path, { file, follow: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * Appends `line` to a line-based settings file (`.gitattributes`) unless a line equal to it (trimmed)
 * is there, creating the file when missing. Appended, as `echo … >>` would: the file's other bytes,
 * its mode and its encoding stay as they are. `file` names it in errors.
 */
export async function appendLineOnce(path: string, line: string, file: string): Promise<"added" | "unchanged"> {
  const bytes = readSetupFile(path, file) ?? Buffer.alloc(0);
  // Decoded only to look for the line: bytes in another encoding are never rewritten.
  if (bytes.toString("utf8").split(/\r?\n/).some((existing) => existing.trim() === line)) return "unchanged";
  const separator = bytes.length === 0 || bytes.at(-1) === 0x0a ? "" : "\n";
  await appendFile(path, `${separator}${line}\n`);
  return "added";
}
