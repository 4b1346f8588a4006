import { BacklogError } from "../domain/errors.js";
import type { BuiltCommits, CommitSpec } from "./build-commits.js";
import { lockIndex, unlockIndex } from "./index-lock.js";
import { indexReaders, whenGone, yieldTo, YIELD_BUDGET_MS } from "./index-readers.js";
import { prepareRefUpdate, readHead, readRef, type PreparedRefUpdate, type RefUpdateResult } from "./ref-store.js";
import { isCurrent, startIndexRefresh, type IndexEntryUpdate, type IndexRefresh, type IndexSource } from "./refresh-index.js";
import type { RepoPaths } from "./repo-paths.js";

/**
 * Step 7 of an operation's commit (commit-paths.ts): under `index.lock`, for a few milliseconds,
 * the refreshed index copy is put in place and the branch moved by compare-and-swap, the index
 * first. Around it, the user's git goes first while a budget lasts: a command that may have read
 * the index or HEAD is waited for, and an index the user changed since the copy is copied again,
 * both before the lock is taken rather than under it.
 */

/** The tip the commits are built on, and the commits (none when the branch holds these contents already). */
export interface Base {
  tip: string | undefined;
  built: BuiltCommits | undefined;
}

export interface PublishRequest {
  paths: RepoPaths;
  ref: string;
  spec: CommitSpec;
  token: string;
  indexLockTimeoutMs?: number;
  /** The branch moved to `tip` under the operation: the commits built again on it (or a refusal). */
  rebuild(tip: string | undefined): Promise<Base>;
  /** Called the moment the branch holds the commit: from then on a failure must not undo it. */
  onCommitPoint(): void;
}

const MAX_REBUILDS = 8;
/** Times the index may change between a copy and the lock before the copy is made holding the lock. */
const MAX_RESTAGED = 3;

/**
 * Until the branch holds our commit (or the operation is refused); returns the base the commits
 * were last built on. A round that lets a user's git command go first, or copies the index
 * again, is tried again; a branch moved by someone else means building on its new tip.
 */
export async function publishCommit(request: PublishRequest, base: Base, copy: IndexCopy): Promise<Base> {
  let rebuilds = 0;
  let restaged = 0;
  const yieldUntil = Date.now() + YIELD_BUDGET_MS;
  for (;;) {
    await base.built?.store();
    // A user's git command that read the index or HEAD (a commit, a status) goes first: moving
    // the branch under a commit makes it fail ("cannot lock ref 'HEAD'"), and holding the lock
    // makes its `index.lock` fail. Bounded, so a commit waiting in its editor does not stall us.
    // Past the budget, as before it existed: everything under the lock, nothing let go first.
    const yielding = Date.now() < yieldUntil;
    await yieldTo(request.paths.root, yieldUntil - Date.now());
    // The user staged something since the copy: copy again now, not holding the lock.
    if (yielding && !copy.isCurrent()) await copy.renew();
    const round = await publishOnce(request, base, copy, { restage: yielding && restaged < MAX_RESTAGED, readers: yielding });
    if (round.kind === "in") return base;
    if (round.kind === "restage") restaged++;
    if (round.kind !== "moved") continue;
    // A commit of the user's that was let go first moves the branch as a matter of course: only
    // the rebuilds after the budget count.
    if (!yielding && rebuilds++ >= MAX_REBUILDS) throw new BacklogError("conflict", `The branch ${request.ref} kept moving while backlog tried to commit; nothing was written. Retry.`);
    base = await request.rebuild(round.current);
  }
}

/**
 * What one round did. `in`: the index published and the branch moved. `restage`, `wait`: nothing,
 * as the index changed since the copy or a git command may have read it, and the budget lets that
 * go first. `moved`: the branch is not where the commits were built.
 */
type Round = { kind: "in" } | { kind: "restage" } | { kind: "wait" } | { kind: "moved"; current: string | undefined };

async function publishOnce(request: PublishRequest, base: Base, copy: IndexCopy, mayDefer: { restage: boolean; readers: boolean }): Promise<Round> {
  const { paths, ref, token } = request;
  const branchMove = base.built && prepareBranchMove(request, base.tip, base.built);
  try {
    await lockIndex(paths.gitDir, token, request.indexLockTimeoutMs === undefined ? {} : { timeoutMs: request.indexLockTimeoutMs });
    try {
      assertStillOn(paths, ref);
      // Moved by a commit of the user's (which needs this lock, so cannot move it now): build
      // again on it before our entries are ever seen beside a branch without our commit.
      const current = base.built ? readRef(paths.commonDir, ref) : base.tip;
      if (current !== base.tip) return { kind: "moved", current };
      // Staged meanwhile: copied again outside the lock while the budget lasts, else now.
      if (!copy.isCurrent()) {
        if (mayDefer.restage) return { kind: "restage" };
        await copy.renew();
      }
      // git commands that may have read the index we are about to replace (index-readers.ts),
      // looked for right before the publish: one that started since the look before the lock is
      // let go first too, while the budget lasts.
      const readers = indexReaders(paths.root);
      if (mayDefer.readers && readers.length > 0) return { kind: "wait" };
      // The index first, the branch second: `git commit` reads HEAD, then the index; one that
      // sees our commit as HEAD must see our entries, or its commit would undo ours.
      const settle = copy.publishRevertibly();
      let moved: RefUpdateResult = { ok: true };
      let wentIn = false;
      try {
        if (branchMove) moved = await branchMove.apply();
        wentIn = moved.ok;
      } finally {
        settle(wentIn);
      }
      if (wentIn) request.onCommitPoint();
      // Until they are gone, so none of them writes back the index it read before ours.
      if (readers.length > 0) await whenGone(readers);
      return moved.ok ? { kind: "in" } : { kind: "moved", current: moved.current };
    } finally {
      unlockIndex(paths.gitDir, token);
    }
  } finally {
    branchMove?.discard();
  }
}

/** HEAD still names the branch the operation read: a checkout since would put our index on another branch. */
function assertStillOn(paths: RepoPaths, ref: string): void {
  const now = readHead(paths.gitDir);
  if (now.kind === "branch" && now.ref === ref) return;
  throw new BacklogError("conflict", `HEAD moved off ${ref} while the operation ran (a checkout?); nothing was written. Run it again on the branch you want.`, { ref });
}

/** The branch's compare-and-swap to `built`, its file written and synced now, ahead of the lock. */
function prepareBranchMove(request: PublishRequest, expected: string | undefined, built: BuiltCommits): PreparedRefUpdate {
  const { paths, ref, spec, token } = request;
  return prepareRefUpdate({
    commonDir: paths.commonDir,
    gitDir: paths.gitDir,
    ref,
    expected,
    next: built.sha,
    token,
    reflog: { ident: built.committer, message: `${expected ? "commit" : "commit (initial)"}: ${spec.message.split("\n")[0]}` },
  });
}

/** The operation's private copy of the index, refreshed for its paths (refresh-index.ts), made again when the user stages something meanwhile. */
export interface IndexCopy {
  /** The index as the current copy was made from it. */
  readonly source: IndexSource;
  /** The index is still the one copied. */
  isCurrent(): boolean;
  /** Copies the index again and refreshes our entries on the new copy. */
  renew(): Promise<void>;
  publishRevertibly(): (wentIn: boolean) => void;
  /** Drops the current copy. */
  discard(): Promise<void>;
}

/** Hands `refresh` the entries (step 6) and keeps the copy it made, or the one made again since. */
export async function feedIndexCopy(paths: RepoPaths, token: string, refresh: IndexRefresh, updates: readonly IndexEntryUpdate[]): Promise<IndexCopy> {
  let prepared = await refresh.feed(updates);
  let source = refresh.source;
  return {
    get source() {
      return source;
    },
    isCurrent: () => isCurrent(paths, source),
    async renew() {
      await prepared.discard();
      const again = startIndexRefresh(paths, token);
      prepared = await again.feed(updates);
      source = again.source;
    },
    publishRevertibly: () => prepared.publishRevertibly(),
    discard: () => prepared.discard(),
  };
}
