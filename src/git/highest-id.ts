import { renameSync, writeFileSync } from "node:fs";
import { readFile, readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { idFromFileName } from "../domain/task-id.js";
import { firstParents, parseCommit } from "./commit-object.js";
import { changedEntries } from "./folder-diff.js";
import type { ObjectStore } from "./object-store.js";
import { listRefs } from "./ref-store.js";
import type { RepoPaths } from "./repo-paths.js";
import { isTree, type TreeEntry, type TreeStore } from "./tree-store.js";
import { listWorktrees } from "./worktrees.js";

/**
 * The highest task id known anywhere in the clone: on every local and remote-tracking branch
 * (committed) and in every other worktree's task folder (on disk, committed or not), so a new
 * id never collides with one handed out on another branch or in another worktree.
 *
 * Hundreds of branches share most of their history, so the answer is cached per object:
 * commit → task-folder tree, tree → highest id, worktree folder (by mtime and inode) → highest
 * id, in memory and in `<common>/backlog-ids.json` for short-lived processes. A call then costs
 * a read of the refs plus one tree walk per tip that is new since the last call.
 */

export interface IdScanner {
  highestKnownId(dir: string): Promise<number>;
}

/** Version 2 counts only ids in range: a version 1 cache may hold a maximum no id can be. */
interface CacheFile {
  version: 2;
  dir: string;
  commits: Record<string, string>;
  trees: Record<string, number>;
  folders: Record<string, { signature: string; max: number; subfolders: string[] }>;
}

export function createIdScanner(options: { paths: RepoPaths; objects: ObjectStore; trees: TreeStore; commitTrees?: Map<string, string> }): IdScanner {
  const { paths, objects, trees } = options;
  const commitTrees = options.commitTrees ?? new Map<string, string>();
  const cachePath = join(paths.commonDir, "backlog-ids.json");
  let cache: CacheFile | undefined;

  async function load(dir: string): Promise<CacheFile> {
    if (cache?.dir === dir) return cache;
    try {
      const parsed = JSON.parse(await readFile(cachePath, "utf8")) as CacheFile;
      if (parsed.version === 2 && parsed.dir === dir) return (cache = parsed);
    } catch {
      // no cache yet, or an unreadable one: start afresh
    }
    return (cache = { version: 2, dir, commits: {}, trees: {}, folders: {} });
  }

  return {
    async highestKnownId(dir) {
      const state = await load(dir);
      const used: CacheFile = { version: 2, dir, commits: {}, trees: {}, folders: {} };
      const parts = dir.split("/").filter(Boolean);
      let highest = 0;
      const tips = new Set(listRefs(paths.commonDir, ["refs/heads/", "refs/remotes/"]).values());
      for (const tip of tips) {
        let folderTree = state.commits[tip];
        /** For a tip new since the last call: the folder tree of the last tip it was built on (other processes' commits). */
        let base: string | undefined;
        if (folderTree === undefined) {
          folderTree = (await folderTreeOf(objects, trees, commitTrees, tip, parts).catch(() => undefined)) ?? "";
          base = await knownAncestor(objects, tip, state.commits).catch(() => undefined);
        }
        used.commits[tip] = folderTree;
        if (folderTree) highest = Math.max(highest, await treeMax(trees, folderTree, state, used, false, base ? { objects, base } : undefined));
      }
      for (const worktree of await listWorktrees(paths)) {
        if (resolve(worktree.root) === resolve(paths.root)) continue; // the caller loads its own folder
        highest = Math.max(highest, await folderMax(join(worktree.root, ...parts), state, used, false));
      }
      cache = used;
      if (JSON.stringify(used) !== JSON.stringify({ ...state, version: 2 })) saveCache(cachePath, used);
      return highest;
    },
  };
}

async function folderTreeOf(objects: ObjectStore, trees: TreeStore, commitTrees: ReadonlyMap<string, string>, commit: string, parts: readonly string[]): Promise<string | undefined> {
  let tree = commitTrees.get(commit);
  if (!tree) {
    const object = await objects.read(commit);
    if (object.type !== "commit") return undefined; // a ref to a tag or blob holds no tasks
    tree = parseCommit(object.body).tree;
  }
  for (const part of parts) {
    const entries: readonly TreeEntry[] = await trees.read(tree);
    const entry = entries.find((candidate) => candidate.name === part);
    tree = entry && isTree(entry) ? entry.oid : undefined;
    if (!tree) return undefined;
  }
  return tree;
}

/** First parents looked at for a commit the last call knew: several writers' commits in between. */
const ANCESTOR_STEPS = 32;

/** The folder tree of the nearest first-parent ancestor of `commit` that was a tip at the last call. */
async function knownAncestor(objects: ObjectStore, commit: string, known: Readonly<Record<string, string>>): Promise<string | undefined> {
  for await (const parent of firstParents(objects, commit, ANCESTOR_STEPS)) if (known[parent] !== undefined) return known[parent] || undefined;
  return undefined;
}

/**
 * A folder tree's highest id from a folder tree whose highest id is known (the parent commit's,
 * after another process's commit): the two raw trees are compared and only the entries that
 * differ are looked at, instead of all 10,000. The base tree was read by the last call (or by the
 * live index's diff): the object store still holds it. Undefined when that cannot tell: the highest id
 * went away, or `archive/` changed (the caller walks the tree).
 */
async function fromBase({ objects, base }: BaseTree, oid: string, state: CacheFile): Promise<number | undefined> {
  const baseMax = state.trees[base];
  if (baseMax === undefined) return undefined;
  const [before, after] = [await objects.read(base), await objects.read(oid)];
  if (before.type !== "tree" || after.type !== "tree") return undefined;
  let max = baseMax;
  for (const entry of changedEntries(before.body, after.body)) {
    if (entry.name === "archive") return undefined;
    const id = idFromFileName(entry.name);
    if (entry.after && !entry.afterTree) max = Math.max(max, id ?? 0);
    else if (entry.before && id === baseMax) return undefined;
  }
  return max;
}

/** A folder tree whose highest id is known, to take a new one in from what differs (`fromBase`). */
interface BaseTree {
  objects: ObjectStore;
  base: string;
}

/** Highest id in a task-folder tree: its files and everything under `archive/`. */
async function treeMax(trees: TreeStore, oid: string, state: CacheFile, used: CacheFile, inArchive: boolean, base?: BaseTree): Promise<number> {
  const key = inArchive ? `archive:${oid}` : oid;
  // Known, or written by this process from a known tree (its origin), or another's commit on a known tree.
  let max = state.trees[key] ?? (await fromOrigin(trees, oid, state, used, inArchive)) ?? (base && (await fromBase(base, oid, state).catch(() => undefined)));
  if (max === undefined) {
    max = 0;
    for (const entry of await trees.read(oid)) {
      if (isTree(entry)) {
        if (inArchive || entry.name === "archive") max = Math.max(max, await treeMax(trees, entry.oid, state, used, true));
      } else {
        max = Math.max(max, idFromFileName(entry.name) ?? 0);
      }
    }
  }
  used.trees[key] = max;
  return max;
}

/**
 * A tree this process just wrote differs from its base by an entry or two: its highest id follows
 * from the base's without reading 10,000 names, unless an entry that held the highest id (or a
 * folder that may have) went away.
 */
async function fromOrigin(trees: TreeStore, oid: string, state: CacheFile, used: CacheFile, inArchive: boolean): Promise<number | undefined> {
  const origin = trees.originOf(oid);
  const baseMax = origin ? state.trees[inArchive ? `archive:${origin.base}` : origin.base] : undefined;
  if (!origin || baseMax === undefined) return undefined;
  const relevant = (entry: TreeEntry): boolean => isTree(entry) && (inArchive || entry.name === "archive");
  const kept = new Set(origin.added.filter((entry) => !isTree(entry)).map((entry) => entry.name));
  const lost = origin.removed.some((entry) => relevant(entry) || (!isTree(entry) && !kept.has(entry.name) && idFromFileName(entry.name) === baseMax));
  if (lost) return undefined;
  let max = baseMax;
  for (const entry of origin.added) {
    if (relevant(entry)) max = Math.max(max, await treeMax(trees, entry.oid, state, used, true));
    else if (!isTree(entry)) max = Math.max(max, idFromFileName(entry.name) ?? 0);
  }
  return max;
}

/** Highest id in a task folder on disk; a folder is re-read only when its mtime or inode changed. */
async function folderMax(folder: string, state: CacheFile, used: CacheFile, inArchive: boolean): Promise<number> {
  let signature: string;
  try {
    const info = await stat(folder, { bigint: true });
    signature = `${info.mtimeNs}:${info.ino}`;
  } catch {
    return 0;
  }
  let known = state.folders[folder];
  if (known?.signature !== signature) {
    known = { signature, max: 0, subfolders: [] };
    for (const entry of await readdir(folder, { withFileTypes: true }).catch(() => [])) {
      if (entry.isFile()) known.max = Math.max(known.max, idFromFileName(entry.name) ?? 0);
      else if (entry.isDirectory() && (inArchive || entry.name === "archive")) known.subfolders.push(entry.name);
    }
  }
  used.folders[folder] = known;
  let max = known.max;
  for (const name of known.subfolders) max = Math.max(max, await folderMax(join(folder, name), state, used, true));
  return max;
}

function saveCache(path: string, cache: CacheFile): void {
  const temp = `${path}-${process.pid}-${Math.random().toString(16).slice(2, 10)}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(cache));
    renameSync(temp, path);
  } catch {
    // The cache is an optimisation: failing to save it costs time, not correctness.
  }
}
