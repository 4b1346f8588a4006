/**
 * The one door every mutating operation goes through. The service computes the new file
 * contents; a Writer makes them real: as plain atomic file writes (`commit: false`, or before a
 * git engine exists) or as exactly one git commit per operation.
 */

export interface FileChange {
  /** Path relative to the working tree root, forward slashes. */
  path: string;
  /** New content; `null` deletes the file. */
  content: string | null;
}

export interface OperationRecord {
  /** Operation name for the `Backlog-Op` trailer: add, modify, start, done, ... */
  op: string;
  /** Commit subject without the prefix: `add #12 Implement auth` or `modify 3 tasks`. */
  subject: string;
  /** Ids of the tasks the operation touched, one `Backlog-Task` trailer each. */
  taskIds: number[];
  /** The agent or person acting, for `Backlog-Agent`. */
  agent?: string;
  /** Extra trailers, e.g. `Backlog-Undo`. */
  trailers?: ReadonlyArray<readonly [string, string]>;
}

export interface WriteResult {
  /** The commit made, when the writer commits. */
  sha?: string;
  paths: string[];
}

export interface Writer {
  /** Working tree root. */
  readonly root: string;
  /**
   * Runs `fn` while holding the clone-wide lock, so a read-modify-write by one process
   * cannot interleave with another's. Re-entrant calls are not supported.
   */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
  /** Refuses, before anything is computed, when the repository cannot take a write (detached HEAD, merge in progress, ...). */
  assertWritable(paths: readonly string[]): Promise<void>;
  /** Inside `withLock`: applies the changes as one operation (all or nothing). */
  apply(changes: readonly FileChange[], record: OperationRecord): Promise<WriteResult>;
  /** Inside `withLock`: the highest task id known anywhere this writer can see beyond the loaded folder (other branches, worktrees); 0 when none. */
  highestKnownId(dir: string): Promise<number>;
  /** Releases what the writer still holds after its last operation (long-running processes call it on shutdown). */
  close(): Promise<void>;
}
