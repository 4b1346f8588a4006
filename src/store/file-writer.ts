import { unlink } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic-write.js";
import { withLock } from "./lock.js";
import type { FileChange, OperationRecord, Writer, WriteResult } from "./writer.js";

/**
 * A Writer that only writes files (config `commit: false`, or a folder outside git):
 * the same lock and the same atomic writes as the git engine, without a commit.
 */
export function createFileWriter(options: { root: string; lockPath: string }): Writer {
  const { root, lockPath } = options;
  return {
    root,
    withLock: (fn) => withLock(lockPath, fn),
    assertWritable: () => Promise.resolve(),
    async apply(changes: readonly FileChange[], _record: OperationRecord): Promise<WriteResult> {
      await writeChanges(root, changes);
      return { paths: changes.map((change) => change.path) };
    },
    highestKnownId: () => Promise.resolve(0),
  };
}

/** Writes each change atomically; deletions of files already gone are not errors. */
export async function writeChanges(root: string, changes: readonly FileChange[]): Promise<void> {
  for (const change of changes) {
    const abs = join(root, change.path);
    if (change.content === null) {
      await unlink(abs).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw error;
      });
    } else {
      await writeFileAtomic(abs, change.content);
    }
  }
}
