import { unlinkSync } from "node:fs";
import { BacklogError } from "../domain/errors.js";
import { readRegularFileIfAny } from "../store/read-text-file.js";
import type { ChangedOnDisk } from "../store/writer.js";

/** The working tree's side of a commit: reading and removing task files, and noticing a save. */

/**
 * The file's bytes; undefined when there is no file. A FIFO (or anything else that is not a
 * regular file) at a path we write is refused, never opened: reading one would hang holding
 * both locks. `path` (repository-relative) names it in the error.
 */
export function readWorking(file: string, path = file): Buffer | undefined {
  return readRegularFileIfAny(file, path) ?? undefined;
}

export function removeFile(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as { code?: string }).code !== "ENOENT") throw error;
  }
}

export function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  return Buffer.compare(a, b) === 0;
}

/** A file changed on disk after the operation read it: nothing was written; the caller plans again. */
export function changedOnDisk(paths: readonly string[]): BacklogError {
  const data: ChangedOnDisk = { changedOnDisk: [...paths] };
  return new BacklogError("conflict", `${paths.join(", ")} changed on disk while the operation ran; nothing was written. Run it again.`, { ...data, paths: [...paths] });
}
