import { join } from "node:path";
import { createConversionCheck } from "./conversion-check.js";
import type { ConfigReader } from "./git-config.js";
import { addWithGit, checkoutWithGit, type WorkingBytes } from "./git-conversion.js";
import { hashObject, type ObjectStore } from "./object-store.js";
import type { RepoPaths } from "./repo-paths.js";
import { readWorking } from "./working-files.js";

/**
 * What blob git would store for a task file's bytes at its path, and what a checkout of a blob
 * leaves there (docs/reference/git.md, "Line endings, filters and encryption": the committed blob is the one git itself would store, and the index
 * entry matches). Where no conversion applies (conversion-check.ts decides, cheaply) the bytes
 * are the blob and objects are written in process; where one does, git itself converts
 * (git-conversion.ts).
 *
 * A write then commits what `git add` of the working file would, and the working file gets what
 * `git checkout` of the commit would leave (CRLF, the smudged text, `$Id$` expanded), so the
 * user's editor sees what it sees after any checkout, and `git status` stays clean. Working
 * files are compared as git compares them: by the blob `git add` would make of them.
 *
 * Under a conversion, each answer costs git processes; the blobs of bytes seen before (the files
 * the last write left, which the next write reads again) are remembered.
 */

export interface StoredFile {
  path: string;
  oid: string;
  /** The bytes `git checkout` of the blob leaves: what the working file is to hold. */
  working: Buffer;
}

export interface ContentFilter {
  /** The blobs `git add` would store for new contents (written to the object store), and what a checkout of each leaves. */
  store(files: readonly WorkingBytes[]): Promise<StoredFile[]>;
  /** The blob `git add` would store for a working file's bytes; written to the object store when `write` (always, under a conversion). */
  blobOf(path: string, bytes: Uint8Array, write?: boolean): Promise<string>;
  /** `blobOf` of what the working file at `path` holds now; null when there is no such file. */
  blobOfFile(path: string): Promise<string | null>;
  /** The bytes `git checkout` of blob `oid` at `path` leaves in the working tree. */
  checkout(path: string, oid: string): Promise<Buffer>;
}

/** Enough for every task file a long-running writer touches in a while. */
const REMEMBERED = 1024;

export function createContentFilter(options: { paths: RepoPaths; objects: ObjectStore; config: ConfigReader }): ContentFilter {
  const { paths, objects } = options;
  const check = createConversionCheck(paths, options.config);
  /** (conversion key, path, hash of the bytes) → the blob git made of them. */
  const known = new Map<string, string>();

  function remember(key: string, path: string, bytes: Uint8Array, oid: string): void {
    known.set(`${key}\0${path}\0${hashObject("blob", bytes)}`, oid);
    if (known.size > REMEMBERED) known.delete(known.keys().next().value!);
  }

  function recall(key: string, path: string, bytes: Uint8Array): string | undefined {
    return known.get(`${key}\0${path}\0${hashObject("blob", bytes)}`);
  }

  /** The blobs of what the working files hold now, so the write's look at them (under `index.lock`) finds them known. */
  async function learnWorkingFiles(files: ReadonlyArray<{ path: string; key: string }>): Promise<void> {
    const unknown: WorkingBytes[] = [];
    for (const { path, key } of files) {
      const bytes = readWorking(join(paths.root, path));
      if (bytes && !recall(key, path, bytes)) unknown.push({ path, bytes });
    }
    const keys = new Map(files.map((file) => [file.path, file.key]));
    const added = await addWithGit(paths, unknown, { checkout: false });
    for (const [at, file] of unknown.entries()) remember(keys.get(file.path)!, file.path, file.bytes, added[at]!.oid);
  }

  const filter: ContentFilter = {
    async store(files) {
      const keys = await check.keysOf(files.map((file) => file.path));
      const converted = files.filter((file) => keys.get(file.path) !== undefined);
      const stored = new Map<string, StoredFile>();
      for (const file of files) {
        if (keys.get(file.path) === undefined) stored.set(file.path, { path: file.path, oid: objects.write("blob", file.bytes), working: Buffer.from(file.bytes) });
      }
      if (converted.length > 0) {
        const [added] = await Promise.all([
          addWithGit(paths, converted, { checkout: true }),
          learnWorkingFiles(converted.map((file) => ({ path: file.path, key: keys.get(file.path)! }))).catch(() => undefined), // only a head start
        ]);
        for (const [at, file] of added.entries()) {
          const key = keys.get(file.path)!;
          const working = file.working!;
          remember(key, file.path, converted[at]!.bytes, file.oid);
          remember(key, file.path, working, file.oid);
          stored.set(file.path, { path: file.path, oid: file.oid, working });
        }
      }
      return files.map((file) => stored.get(file.path)!);
    },

    async blobOf(path, bytes, write = false) {
      const key = (await check.keysOf([path])).get(path);
      if (key === undefined) return write ? objects.write("blob", bytes) : hashObject("blob", bytes);
      const remembered = recall(key, path, bytes);
      // One to be kept must still be there: git may have pruned it since, as an orphan.
      if (remembered && (!write || (await objects.read(remembered).then(() => true, () => false)))) return remembered;
      const [added] = await addWithGit(paths, [{ path, bytes }], { checkout: false });
      remember(key, path, bytes, added!.oid);
      return added!.oid;
    },

    async blobOfFile(path) {
      const bytes = readWorking(join(paths.root, path));
      return bytes ? filter.blobOf(path, bytes) : null;
    },

    async checkout(path, oid) {
      const key = (await check.keysOf([path])).get(path);
      return key === undefined ? (await objects.read(oid)).body : checkoutWithGit(paths, path, oid);
    },
  };
  return filter;
}
