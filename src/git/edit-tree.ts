import { BacklogError } from "../domain/errors.js";
import { EMPTY_TREE_OID } from "./object-store.js";
import { findEntry, isTree, lowerBound, TREE_MODE, type TreeEntry, type TreeStore } from "./tree-store.js";

/**
 * A new root tree: the base tree with only the given paths replaced. Trees off those paths
 * are reused by id, never read; the ones on them are read (from the cache when warm) and
 * rewritten. A folder left empty disappears, as in git.
 */

export interface PathChange {
  /** Repository-relative, forward slashes. */
  path: string;
  /** The new blob; null removes the path. */
  oid: string | null;
  /** Default: the existing entry's file mode (so an executable stays executable), else 100644. */
  mode?: string;
}

export async function editTree(trees: TreeStore, base: string | undefined, changes: readonly PathChange[]): Promise<string> {
  const split = changes.map((change) => ({ ...change, parts: splitRepoPath(change.path) }));
  return (await editLevel(trees, base, split)) ?? trees.write([]);
}

/** The parts of a repository-relative path; refuses anything that could leave the tree or touch `.git`. */
export function splitRepoPath(path: string): string[] {
  const parts = path.split("/");
  const bad = path.includes("\\") || path.includes("\0") || parts.some((part) => part === "" || part === "." || part === ".." || part.toLowerCase() === ".git");
  if (bad) throw new BacklogError("invalid", `Refusing to write the path "${path}": paths must be relative, use forward slashes and stay inside the working tree.`, { path });
  return parts;
}

interface SplitChange extends PathChange {
  parts: string[];
}

async function editLevel(trees: TreeStore, base: string | undefined, changes: readonly SplitChange[]): Promise<string | undefined> {
  const baseEntries = base && base !== EMPTY_TREE_OID ? await trees.read(base) : [];
  const entries = [...baseEntries];
  const added: TreeEntry[] = [];
  const removed: TreeEntry[] = [];
  for (const [name, group] of groupByFirstPart(changes)) {
    const leaves = group.filter((change) => change.parts.length === 1);
    const deeper = group.filter((change) => change.parts.length > 1);
    const leaf = leaves[leaves.length - 1];
    if (leaf && deeper.length > 0) {
      throw new BacklogError("invalid", `The path "${leaf.path}" is written both as a file and as a folder in one operation.`, { path: leaf.path });
    }
    const at = findEntry(entries, name);
    const existing = at >= 0 ? entries[at] : undefined;
    let next: TreeEntry | undefined;
    if (leaf) {
      next = leaf.oid === null ? undefined : { mode: leaf.mode ?? fileMode(existing), name, oid: leaf.oid };
    } else {
      if (existing && !isTree(existing)) assertReplaceable(existing, deeper[0]!);
      const subBase = existing && isTree(existing) ? existing.oid : undefined;
      const sub = await editLevel(trees, subBase, deeper.map((change) => ({ ...change, parts: change.parts.slice(1) })));
      next = sub ? { mode: TREE_MODE, name, oid: sub } : undefined;
    }
    if (existing?.mode === next?.mode && existing?.oid === next?.oid) continue;
    if (existing) {
      entries.splice(at, 1);
      removed.push(existing);
    }
    if (next) {
      entries.splice(lowerBound(entries, next), 0, next);
      added.push(next);
    }
  }
  if (added.length === 0 && removed.length === 0) return base && base !== EMPTY_TREE_OID ? base : undefined;
  if (entries.length === 0) return undefined;
  return trees.write(entries, base && base !== EMPTY_TREE_OID ? { base, added, removed } : undefined);
}

/**
 * A file goes below `entry`, which the branch holds as something other than a folder. A file
 * there simply becomes a folder, as `git add` would do; a symbolic link or a submodule is refused:
 * the working tree's files below it are outside this repository, or git would refuse to index
 * them, and a tree over it would hide it.
 */
function assertReplaceable(entry: TreeEntry, below: SplitChange): void {
  const all = below.path.split("/");
  const at = all.slice(0, all.length - below.parts.length + 1).join("/");
  if (entry.mode === SYMLINK_MODE) {
    throw new BacklogError(
      "refused",
      `${at} is a symbolic link in the branch's last commit, so ${below.path} cannot be committed below it. ` +
        `If ${at} is a real folder now, commit that first (\`git add ${at} && git commit\`), then retry.`,
      { path: at, kind: "symlink" },
    );
  }
  if (entry.mode === GITLINK_MODE) {
    throw new BacklogError(
      "refused",
      `${at} is a submodule in the branch's last commit, so ${below.path} cannot be committed into this repository. ` +
        "Keep the tasks in a plain folder of this repository (`dir` in .backlog names it).",
      { path: at, kind: "submodule" },
    );
  }
}

const SYMLINK_MODE = "120000";
const GITLINK_MODE = "160000";

function fileMode(existing: TreeEntry | undefined): string {
  return existing?.mode === "100755" ? "100755" : "100644";
}

function groupByFirstPart(changes: readonly SplitChange[]): Map<string, SplitChange[]> {
  const groups = new Map<string, SplitChange[]>();
  for (const change of changes) {
    const first = change.parts[0]!;
    const group = groups.get(first);
    if (group) group.push(change);
    else groups.set(first, [change]);
  }
  return groups;
}

/** The entry at `path` in the tree `root`, if any. */
export async function lookupPath(trees: TreeStore, root: string | undefined, path: string): Promise<TreeEntry | undefined> {
  let tree = root;
  const parts = splitRepoPath(path);
  for (let depth = 0; depth < parts.length; depth++) {
    if (!tree || tree === EMPTY_TREE_OID) return undefined;
    const entries = await trees.read(tree);
    const entry = entries[findEntry(entries, parts[depth]!)];
    if (!entry) return undefined;
    if (depth === parts.length - 1) return entry;
    tree = isTree(entry) ? entry.oid : undefined;
  }
  return undefined;
}
