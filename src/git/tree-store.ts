import { BacklogError } from "../domain/errors.js";
import type { ObjectStore } from "./object-store.js";

/**
 * Tree objects: parse, serialise and a cache by object id.
 *
 * The task folder's tree is the one big object of a commit (≈68 bytes per task: 680 KB at
 * 10,000 tasks) and it changes on every operation, so a long-running process keeps trees it
 * has read or written, parsed, and keeps every entry's encoded bytes: writing the next version
 * is then one concatenation of mostly shared buffers, a hash and a deflate.
 */

export interface TreeEntry {
  /** As stored by git: `100644`, `100755`, `120000`, `160000`, `40000`. */
  readonly mode: string;
  readonly name: string;
  readonly oid: string;
}

/** How a tree written here differs from the tree it was made from. */
export interface TreeOrigin {
  base: string;
  added: readonly TreeEntry[];
  removed: readonly TreeEntry[];
}

export interface TreeStore {
  /** The entries of a tree, in git's order. Cached: do not mutate. */
  read(oid: string): Promise<readonly TreeEntry[]>;
  /** Writes a tree from entries already in git's order (see `compareEntries`), deferred: see ObjectStore.flush. */
  write(entries: readonly TreeEntry[], origin?: TreeOrigin): string;
  /** For a tree this store wrote from another: the difference (lets callers update summaries without a scan). */
  originOf(oid: string): TreeOrigin | undefined;
}

export const TREE_MODE = "40000";

export function isTree(entry: TreeEntry): boolean {
  return entry.mode === TREE_MODE;
}

export function parseTree(body: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(32, at);
    const nul = body.indexOf(0, space + 1);
    if (space < 0 || nul < 0 || nul + 21 > body.length) throw new BacklogError("git", "A tree object in the repository is malformed. Run `git fsck`.");
    entries.push({
      mode: body.toString("latin1", at, space),
      name: body.toString("utf8", space + 1, nul),
      oid: body.toString("hex", nul + 1, nul + 21),
    });
    at = nul + 21;
  }
  return entries;
}

/** Git's tree order: byte order of the names, a tree's name compared as if it ended in `/`. */
export function compareEntries(a: { name: string; mode: string }, b: { name: string; mode: string }): number {
  return compareNames(a.mode === TREE_MODE ? `${a.name}/` : a.name, b.mode === TREE_MODE ? `${b.name}/` : b.name);
}

const NOT_BYTE_ORDER = /[\uD800-\uFFFF]/;

function compareNames(a: string, b: string): number {
  // UTF-16 order equals UTF-8 byte order except around surrogate pairs and U+E000..U+FFFF.
  if (NOT_BYTE_ORDER.test(a) || NOT_BYTE_ORDER.test(b)) return Buffer.compare(Buffer.from(a), Buffer.from(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Index of the entry called `name` (file or folder), or -1. */
export function findEntry(entries: readonly TreeEntry[], name: string): number {
  for (const mode of ["100644", TREE_MODE]) {
    const at = lowerBound(entries, { name, mode });
    if (entries[at]?.name === name) return at;
  }
  return -1;
}

/** Where an entry sorting like `key` belongs. */
export function lowerBound(entries: readonly TreeEntry[], key: { name: string; mode: string }): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareEntries(entries[middle]!, key) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function createTreeStore(objects: ObjectStore, options: { maxEntries?: number } = {}): TreeStore {
  const maxEntries = options.maxEntries ?? 250_000;
  const trees = new Map<string, readonly TreeEntry[]>();
  const origins = new Map<string, TreeOrigin>();
  let cached = 0;
  // Entry objects are shared between versions of a tree, so their encoding is computed once.
  const encoded = new WeakMap<TreeEntry, Buffer>();

  function remember(oid: string, entries: readonly TreeEntry[]): void {
    if (trees.has(oid)) trees.delete(oid);
    else cached += entries.length;
    trees.set(oid, entries);
    // Least recently used first in a Map's order; keep at least the newest tree.
    for (const [old, oldEntries] of trees) {
      if (cached <= maxEntries || trees.size <= 1) break;
      trees.delete(old);
      origins.delete(old);
      cached -= oldEntries.length;
    }
  }

  function encode(entry: TreeEntry): Buffer {
    let bytes = encoded.get(entry);
    if (!bytes) {
      const head = Buffer.from(`${entry.mode} ${entry.name}\0`);
      bytes = Buffer.concat([head, Buffer.from(entry.oid, "hex")], head.length + 20);
      encoded.set(entry, bytes);
    }
    return bytes;
  }

  return {
    async read(oid) {
      const hit = trees.get(oid);
      if (hit) {
        remember(oid, hit);
        return hit;
      }
      const object = await objects.read(oid);
      if (object.type !== "tree") throw new BacklogError("git", `Expected a tree at ${oid}, found a ${object.type}.`);
      const entries = parseTree(object.body);
      remember(oid, entries);
      return entries;
    },
    write(entries, origin) {
      const oid = objects.writeDeferred("tree", Buffer.concat(entries.map(encode)));
      remember(oid, entries);
      if (origin && origin.base !== oid) origins.set(oid, origin);
      return oid;
    },
    originOf(oid) {
      return origins.get(oid);
    },
  };
}
