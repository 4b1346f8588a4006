import { firstParents, parseCommit } from "./commit-object.js";
import { createObjectStore, type ObjectStore } from "./object-store.js";
import type { RepoPaths } from "./repo-paths.js";
import { compareEntries, isTree, parseTree, TREE_MODE } from "./tree-store.js";

/**
 * Which entries of the task folder differ between two commits: what a long-running process
 * re-reads after the branch moved by commits (another process's operation, a user's commit, a
 * pull, a reset), instead of re-stating every file (docs/architecture.md, "Live index").
 *
 * A commit that leaves the task folder alone (`git commit --allow-empty`, a change elsewhere)
 * costs a commit read: its folder's tree id equals the old one. Otherwise the two folder trees
 * are walked side by side, comparing each entry's bytes (mode, name, id) without parsing the
 * ~10,000 equal ones. The object store keeps the large trees it read lately, so the next diff,
 * which starts where this one ended, reads only the new one.
 */
export interface FolderDiff {
  /**
   * The names of the task folder's own entries (files and subfolders) that were added, removed,
   * or changed in content or mode from `from` to `to` (any two commits: one need not descend from
   * the other). Undefined when that cannot be told: an object missing or not a commit, the folder
   * not a folder.
   */
  changedNames(from: string, to: string): Promise<string[] | undefined>;
  /**
   * Whether `base` is reached from `commit` by first parents within `depth` steps (an
   * operation's commit, perhaps on a commit of hand edits): false when it is not, or cannot be read.
   */
  builtOn(commit: string, base: string, depth: number): Promise<boolean>;
}

/** Commits whose folder tree is remembered. */
const KEPT_COMMITS = 64;

export function createFolderDiff(repo: RepoPaths, dir: string, objects: ObjectStore = createObjectStore(repo)): FolderDiff {
  const parts = dir.split("/").filter(Boolean);
  /** commit → the task folder's tree id ("" when the commit has no such folder). */
  const folderTrees = new Map<string, string>();

  /** The folder's tree in `commit`: "" when there is none, undefined when it is not a folder. */
  async function folderTreeOf(commit: string): Promise<string | undefined> {
    const known = folderTrees.get(commit);
    if (known !== undefined) return known;
    const object = await objects.read(commit);
    if (object.type !== "commit") return undefined;
    let tree = parseCommit(object.body).tree;
    for (const part of parts) {
      const entries = parseTree(await treeBytes(tree));
      const entry = entries.find((candidate) => candidate.name === part);
      if (!entry) {
        tree = "";
        break;
      }
      if (!isTree(entry)) return undefined; // a link or a file where the folder should be
      tree = entry.oid;
    }
    keep(folderTrees, commit, tree, KEPT_COMMITS);
    return tree;
  }

  async function treeBytes(oid: string): Promise<Buffer> {
    if (oid === "") return Buffer.alloc(0);
    const object = await objects.read(oid);
    if (object.type !== "tree") throw new Error(`${oid} is a ${object.type}, not a tree`);
    return object.body;
  }

  return {
    async changedNames(from, to) {
      try {
        const [before, after] = [await folderTreeOf(from), await folderTreeOf(to)];
        if (before === undefined || after === undefined) return undefined;
        if (before === after) return [];
        return diffTrees(await treeBytes(before), await treeBytes(after));
      } catch {
        return undefined;
      }
    },
    async builtOn(commit, base, depth) {
      try {
        for await (const parent of firstParents(objects, commit, depth)) if (parent === base) return true;
      } catch {
        // unreadable: not known to be
      }
      return false;
    },
  };
}

/** Least recently used first, in a Map's order. */
function keep<T>(cache: Map<string, T>, key: string, value: T, max: number): void {
  cache.delete(key);
  cache.set(key, value);
  for (const old of cache.keys()) {
    if (cache.size <= max) break;
    cache.delete(old);
  }
}

interface RawEntry {
  start: number;
  end: number;
  mode: string;
  name: string;
}

/** An entry that differs between two trees: where it stands, and what it is in the second. */
export interface ChangedEntry {
  name: string;
  /** In the first tree. */
  before: boolean;
  /** In the second tree. */
  after: boolean;
  /** A folder in the second tree. */
  afterTree: boolean;
}

/** The names whose entries differ between two raw trees (git's order in both). */
export function diffTrees(a: Buffer, b: Buffer): string[] {
  return changedEntries(a, b).map((entry) => entry.name);
}

/** The entries that differ between two raw trees (git's order in both), one per name. */
export function changedEntries(a: Buffer, b: Buffer): ChangedEntry[] {
  const changed = new Map<string, ChangedEntry>();
  const note = (entry: RawEntry, side: "before" | "after"): void => {
    const known = changed.get(entry.name) ?? { name: entry.name, before: false, after: false, afterTree: false };
    known[side] = true;
    if (side === "after") known.afterTree = entry.mode === TREE_MODE;
    changed.set(entry.name, known);
  };
  let at = 0;
  let bt = 0;
  while (at < a.length || bt < b.length) {
    const ea = at < a.length ? entryAt(a, at) : undefined;
    const eb = bt < b.length ? entryAt(b, bt) : undefined;
    if (ea && eb) {
      if (ea.end - ea.start === eb.end - eb.start && a.compare(b, eb.start, eb.end, ea.start, ea.end) === 0) {
        at = ea.end;
        bt = eb.end;
        continue;
      }
      // Equal order: the same entry with another id or mode. (A file that became a folder sorts as two.)
      const order = compareEntries(named(a, ea), named(b, eb));
      if (order <= 0) {
        note(ea, "before");
        at = ea.end;
      }
      if (order >= 0) {
        note(eb, "after");
        bt = eb.end;
      }
    } else if (ea) {
      note(named(a, ea), "before");
      at = ea.end;
    } else if (eb) {
      note(named(b, eb), "after");
      bt = eb.end;
    }
  }
  return [...changed.values()];
}

/** Where the entry at `start` ends; its mode and name are decoded only when asked (`named`). */
function entryAt(tree: Buffer, start: number): RawEntry {
  const nul = tree.indexOf(0, start);
  if (nul < 0 || nul + 21 > tree.length) throw new Error("malformed tree");
  return { start, end: nul + 21, mode: "", name: "" };
}

function named(tree: Buffer, entry: RawEntry): RawEntry {
  if (entry.name === "") {
    const space = tree.indexOf(32, entry.start);
    const nul = tree.indexOf(0, space + 1);
    entry.mode = tree.toString("latin1", entry.start, space);
    entry.name = tree.toString("utf8", space + 1, nul);
  }
  return entry;
}
