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

/**
 * The `Backlog-Op` of a commit that records a user's hand edits, made just before an operation
 * that changes those files (transact.ts). It is history, not an operation of anyone's: undo
 * never reverts it.
 */
export const HAND_EDIT_OP = "hand-edit";

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

/** What an operation was planned from, so a writer never overwrites what changed since. */
export interface ApplyOptions {
  /**
   * Each file the operation read while planning, as the bytes it read (null: there was no file).
   * When a working file no longer holds them as it is about to be replaced (an editor saved
   * meanwhile), nothing is written and the writer throws a `conflict` error whose data has
   * `changedOnDisk` (the paths): the caller plans again from the new content.
   */
  read?: ReadonlyMap<string, Buffer | null>;
  /**
   * Describes the commit that records hand edits: the files this operation changes whose working
   * copy differs from the branch are first committed as they are, in a commit of their own, so
   * the operation's commit (and its undo) holds only the operation. Without it, such files are
   * committed inside the operation (what `commit: false` has no need for anyway).
   */
  handEdits?: (paths: readonly string[]) => OperationRecord;
}

/** The data of the error a writer throws when a file changed on disk after it was read. */
export interface ChangedOnDisk {
  changedOnDisk: string[];
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
   * cannot interleave with another's; the calls of one process take turns in call order.
   * Re-entrant: a call made inside `fn` (in its async call chain, as an operation that runs
   * another does) runs under the lock `fn` holds, in turn with `fn`'s other such calls, and the
   * lock is held until `fn` and all of them are done.
   */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
  /** Refuses, before anything is computed, when the repository cannot take a write (detached HEAD, merge in progress, ...). */
  assertWritable(paths: readonly string[]): Promise<void>;
  /** Applies the changes as one operation (all or nothing), inside the caller's `withLock`, or taking the lock for itself outside one. */
  apply(changes: readonly FileChange[], record: OperationRecord, options?: ApplyOptions): Promise<WriteResult>;
  /** Inside `withLock`: the highest task id known anywhere this writer can see beyond the loaded folder (other branches, worktrees); 0 when none. */
  highestKnownId(dir: string): Promise<number>;
  /** Releases what the writer still holds after its last operation (long-running processes call it on shutdown). */
  close(): Promise<void>;
}
