import { join } from "node:path";
import { removeFileIf, replaceFileIf } from "../store/replace-file.js";
import type { ApplyOptions, FileChange, WriteResult } from "../store/writer.js";
import { splitRepoPath } from "./edit-tree.js";
import { removeJournal, writeJournal, type FilesJournal } from "./journal.js";
import { hashObject } from "./object-store.js";
import { fileOid } from "./recover.js";
import { changedOnDisk, readWorking, sameBytes } from "./working-files.js";

/**
 * `commit: false`: the changes become plain atomic file writes. A batch is still all or
 * nothing across a crash: the journal, holding the new contents, is written first and is the
 * commit point; the next operation finishes a batch a killed process left half done.
 */
export async function writeFilesOnly(root: string, journalPath: string, changes: readonly FileChange[], options: ApplyOptions = {}): Promise<WriteResult> {
  const byPath = new Map<string, FileChange>();
  for (const change of changes) {
    splitRepoPath(change.path);
    byPath.set(change.path, change);
  }
  // Never over a save made since the operation read the file: the caller plans again.
  const moved = [...byPath.keys()].filter((path) => {
    const planned = options.read?.get(path);
    return planned !== undefined && !sameBytes(planned, readWorking(join(root, path)) ?? null);
  });
  if (moved.length > 0) throw changedOnDisk(moved);
  const files: FilesJournal["files"] = [];
  for (const change of byPath.values()) files.push({ path: change.path, before: await fileOid(join(root, change.path)), content: change.content });
  if (files.length === 0) return { paths: [] };
  writeJournal(journalPath, { kind: "files", token: "", pid: process.pid, root, files });
  const written: string[] = [];
  for (const file of files) {
    // Never over a save that lands while the batch is written (store/replace-file.ts): it stays.
    const holds = (now: Buffer | null): boolean => (now === null ? null : hashObject("blob", now)) === file.before;
    const target = join(root, file.path);
    if (file.content === null ? removeFileIf(target, holds) : replaceFileIf(target, file.content, holds)) written.push(file.path);
  }
  if (written.length === 0) {
    removeJournal(journalPath);
    throw changedOnDisk(files.map((file) => file.path));
  }
  removeJournal(journalPath);
  return { paths: written };
}
