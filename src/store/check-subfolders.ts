import { lstatSync, readdirSync, type Dirent } from "node:fs";
import { join } from "node:path";
import type { Problem } from "../domain/problem.js";
import { isTaskFileName } from "./load-folder.js";
import { faultProblem } from "./loaded-file.js";
import { FileFaultError, kindOf, notRegularFault, readTextFile, type FileKind } from "./read-text-file.js";

/**
 * What `doctor` reports in the task folder's subfolders, which the loader does not read:
 * templates and prompts the tool could not use (not a regular file, not UTF-8; they are read in
 * full, being few), and entries of the archive named like tasks that are not regular files (only
 * their directory entries are looked at: an archive may hold thousands).
 */
export function checkSubfolders(root: string, dir: string): Problem[] {
  const problems: Problem[] = [];
  for (const sub of ["templates", "prompts"]) {
    for (const entry of entries(join(root, dir, sub))) {
      if (!entry.name.endsWith(".md")) continue;
      const rel = `${dir}/${sub}/${entry.name}`;
      const kind = kindOfEntry(entry, join(root, rel));
      if (kind === "file") problems.push(...unusable(join(root, rel), rel));
      else if (kind) problems.push(faultProblem(rel, notRegularFault(kind)));
    }
  }
  for (const segment of entries(join(root, dir, "archive"))) {
    if (!segment.isDirectory()) continue;
    for (const entry of entries(join(root, dir, "archive", segment.name))) {
      if (!isTaskFileName(entry.name)) continue;
      const rel = `${dir}/archive/${segment.name}/${entry.name}`;
      const kind = kindOfEntry(entry, join(root, rel));
      if (kind && kind !== "file") problems.push(faultProblem(rel, notRegularFault(kind)));
    }
  }
  return problems;
}

function entries(folder: string): Dirent[] {
  try {
    return readdirSync(folder, { withFileTypes: true });
  } catch {
    return []; // absent, or not a folder
  }
}

/** A directory entry's kind; some file systems do not give it, and then one lstat does. Undefined once gone. */
function kindOfEntry(entry: Dirent, path: string): FileKind | undefined {
  const known = entry.isFile() || entry.isDirectory() || entry.isSymbolicLink() || entry.isFIFO() || entry.isSocket() || entry.isBlockDevice() || entry.isCharacterDevice();
  if (known) return kindOf(entry);
  try {
    return kindOf(lstatSync(path));
  } catch {
    return undefined;
  }
}

function unusable(path: string, rel: string): Problem[] {
  try {
    readTextFile(path, { file: rel, checked: true });
    return [];
  } catch (error) {
    return error instanceof FileFaultError ? [faultProblem(rel, error.fault)] : [];
  }
}
