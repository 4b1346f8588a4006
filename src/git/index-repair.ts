import { randomBytes } from "node:crypto";
import { gitText, repoEnv } from "./git-cli.js";
import { lockIndex, unlockIndex } from "./index-lock.js";
import type { JournalPath } from "./journal.js";
import { indexPath, refreshIndex, sameStamp, stampOf, type FileStamp, type IndexEntryUpdate } from "./refresh-index.js";
import type { ContentFilter } from "./content-filter.js";
import type { RepoPaths } from "./repo-paths.js";

/**
 * `git status` (and other commands that refresh stat data) read the index, work, then take
 * `index.lock` and write back what they read. One that read it just before an operation published
 * its entries, and locks it just after, puts our paths' old entries back: the user's next commit
 * would then revert our task files. We hold `index.lock` only for the publish itself, so we look
 * afterwards instead: a moment later, if the index file was replaced since, the entries of our
 * paths that went back to exactly their old blob, while the working file still holds ours, are
 * set right again. (A git that took longer than that moment still leaves the index for the next
 * look: every operation and recovery refreshes its own paths.)
 */

/** What an operation left in the index, to check later that no stale write of git's undid it. */
export interface PublishedEntries {
  paths: RepoPaths;
  /** Compares a working file as git does (its blob after git's conversions), as the commit did. */
  filter: Pick<ContentFilter, "blobOfFile">;
  entries: readonly JournalPath[];
  /** The index the published copy was made from (its stat before the copy). */
  source?: FileStamp;
}

export interface IndexRepairs {
  /** Looks at the index `delayMs` after an operation published its entries (the timer keeps a short-lived process alive that long). */
  after(published: PublishedEntries): void;
  /** Waits for the looks still due. */
  close(): Promise<void>;
}

/** The writer's looks at the index after its commits, `delayMs` after each. */
export function createIndexRepairs(delayMs: number): IndexRepairs {
  const pending = new Set<Promise<void>>();
  return {
    after(published) {
      const noted = notePublished(published);
      const done = new Promise<void>((resolve) => {
        setTimeout(() => void repairStaleEntries(noted, randomBytes(8).toString("hex")).catch(() => undefined).finally(resolve), delayMs);
      });
      pending.add(done);
      void done.finally(() => pending.delete(done));
    },
    async close() {
      await Promise.all(pending);
    },
  };
}

interface Published {
  paths: RepoPaths;
  filter: PublishedEntries["filter"];
  entries: readonly JournalPath[];
  /** The index right after the publish. */
  index: FileStamp | undefined;
}

/**
 * This process's publishes, per index file: the index each one's copy was made from → the index
 * it left. Following them from one publish to the index now, with nothing foreign in between,
 * shows the index was only ever replaced by our own later operations (back to back, as an MCP
 * session runs them): no `git ls-files` is needed to know no stale write came.
 */
const publishes = new Map<string, Map<string, string>>();
const MAX_FOLLOWED = 64;

function notePublished({ paths, filter, entries, source }: PublishedEntries): Published {
  const index = stampOf(indexPath(paths));
  if (source && index) {
    let chain = publishes.get(indexPath(paths));
    if (!chain) publishes.set(indexPath(paths), (chain = new Map<string, string>()));
    chain.set(stampKey(source), stampKey(index));
    if (chain.size > MAX_FOLLOWED) chain.delete(chain.keys().next().value!);
  }
  return { paths, filter, entries, index };
}

function stampKey(stamp: FileStamp): string {
  return `${stamp.ino}:${stamp.size}:${stamp.mtimeNs}`;
}

/** The index went from `from` to `to` through publishes of ours alone. */
function onlyOursSince(path: string, from: FileStamp | undefined, to: FileStamp | undefined): boolean {
  const chain = publishes.get(path);
  if (!chain || !from || !to) return false;
  const target = stampKey(to);
  let at: string | undefined = stampKey(from);
  for (let step = 0; at !== undefined && step < MAX_FOLLOWED; step++) {
    at = chain.get(at);
    if (at === target) return true;
  }
  return false;
}

/** Puts back our entries if a stale index write undid them; cheap when the index was not written since, or only by our own later operations. */
async function repairStaleEntries(published: Published, token: string): Promise<void> {
  const { paths, entries } = published;
  const now = stampOf(indexPath(paths));
  if (sameStamp(now, published.index) || onlyOursSince(indexPath(paths), published.index, now)) return;
  const staged = await stagedOids(paths, entries.map((entry) => entry.path));
  const stale: JournalPath[] = [];
  for (const entry of entries) {
    if (entry.before === entry.after || (staged.get(entry.path) ?? null) !== entry.before) continue;
    if ((await published.filter.blobOfFile(entry.path)) === entry.after) stale.push(entry);
  }
  if (stale.length === 0) return;
  await lockIndex(paths.gitDir, token);
  try {
    const updates: IndexEntryUpdate[] = stale.map((entry) => ({ path: entry.path, oid: entry.after, mode: entry.mode }));
    await refreshIndex(paths, token, updates);
  } finally {
    unlockIndex(paths.gitDir, token);
  }
}

/** The stage-0 blob of each path in the index. */
export async function stagedOids(paths: RepoPaths, files: readonly string[]): Promise<Map<string, string>> {
  const text = await gitText(["--literal-pathspecs", "ls-files", "-s", "-z", "--", ...files], { cwd: paths.root, env: repoEnv(paths) });
  const staged = new Map<string, string>();
  for (const record of text.split("\0")) {
    const match = /^\d+ ([0-9a-f]{40}) 0\t(.*)$/s.exec(record);
    if (match) staged.set(match[2]!, match[1]!);
  }
  return staged;
}
