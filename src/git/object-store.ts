import { createHash, randomBytes } from "node:crypto";
import fs, { existsSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { deflate, deflateSync, inflateSync } from "node:zlib";
import { readObject } from "isomorphic-git";
import { BacklogError } from "../domain/errors.js";
import { runGit, repoEnv } from "./git-cli.js";
import type { RepoPaths } from "./repo-paths.js";

/**
 * The object database of a clone (in its common dir): reads of loose objects and writes of our
 * own, reads of packed objects through isomorphic-git.
 *
 * Why not isomorphic-git's writeBlob/writeTree: measured here at 10,000 task files, its
 * writeTree takes 23–60 ms per commit (two sorts, per-entry buffers, a JavaScript deflate),
 * against ~5 ms for the same bytes serialised once and deflated by node's zlib; and it writes
 * loose objects in place, so a process killed mid-write leaves a truncated object under its
 * final name that it never rewrites (it skips names that exist). Here an object is deflated at
 * git's `core.looseCompression` default (level 1), written to `tmp_obj_*` beside its final
 * place (a name `git fsck` tolerates and `git gc` prunes) and renamed: it exists whole or not.
 *
 * Loose objects are read here too, inflated by node's zlib: isomorphic-git inflates with pako
 * and hashes what it read, ~15 times slower on the task folder's tree (measured at 10,000
 * tasks: 35–50 ms against 2–3 ms), which a long-running process reads after every commit of
 * another process (the live index's refresh).
 *
 * Writes use the synchronous file API on purpose: an object is a few small calls, and a hop
 * through libuv's thread pool per call costs more than the call (measured: the difference is
 * a good part of the per-operation budget).
 */

export type ObjectType = "blob" | "tree" | "commit" | "tag";

export interface GitObject {
  type: ObjectType;
  body: Buffer;
}

export interface ObjectStore {
  read(oid: string): Promise<GitObject>;
  /** Writes the object if it is not there yet (synchronously, see above); returns its id. */
  write(type: ObjectType, body: Uint8Array): string;
  /**
   * Returns the id at once and writes the object in the background, after every deferred write
   * before it (so an object never lands before one it names). For trees: deflating the task
   * folder's 680 KB tree at 10,000 tasks takes ~3 ms, which then overlaps the rest of the
   * operation. `flush` before anything refers to it from outside.
   */
  writeDeferred(type: ObjectType, body: Uint8Array): string;
  /** Waits for the deferred writes. */
  flush(): Promise<void>;
}

/** The id git gives `body` as an object of `type`. */
export function hashObject(type: ObjectType, body: Uint8Array): string {
  return createHash("sha1").update(`${type} ${body.length}\0`).update(body).digest("hex");
}

/** git's `core.looseCompression` default: best speed. */
const DEFLATE = { level: 1, memLevel: 9 } as const;
const deflateAsync = promisify(deflate);

export const EMPTY_TREE_OID = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

export function createObjectStore(paths: RepoPaths): ObjectStore {
  const objectsDir = join(paths.commonDir, "objects");
  // isomorphic-git keeps parsed pack indexes here between calls: the expensive part of a read.
  const cache = {};

  async function read(oid: string): Promise<GitObject> {
    const key = `${paths.commonDir}\0${oid}`;
    const recent = RECENT.get(key);
    if (recent) return recent;
    const object = readLoose(oid, objectPath(oid)) ?? (await readPacked(oid));
    if (object.body.length >= RECENT_MIN_BYTES) remember(key, object);
    return object;
  }

  async function readPacked(oid: string): Promise<GitObject> {
    try {
      const result = await readObject({ fs, gitdir: paths.commonDir, oid, format: "content", cache });
      if (result.format !== "content") throw new Error(`unexpected object format ${result.format}`);
      return { type: result.type, body: Buffer.from(result.object.buffer, result.object.byteOffset, result.object.byteLength) };
    } catch (error) {
      if ((error as { code?: unknown }).code !== "NotFoundError") throw error;
      // Not in our own object folder: perhaps behind `objects/info/alternates`, which
      // isomorphic-git does not follow. git does.
      return readWithCli(paths, oid);
    }
  }

  let pending: Promise<void> = Promise.resolve();

  function write(type: ObjectType, body: Uint8Array): string {
    const oid = hashObject(type, body);
    const path = objectPath(oid);
    if (!existsSync(path)) store(path, deflateSync(Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]), DEFLATE));
    return oid;
  }

  function writeDeferred(type: ObjectType, body: Uint8Array): string {
    const oid = hashObject(type, body);
    const path = objectPath(oid);
    if (existsSync(path)) return oid;
    const raw = Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]);
    const deflating = deflateAsync(raw, DEFLATE);
    pending = pending.then(async () => store(path, await deflating));
    pending.catch(() => undefined); // reported by `flush`; never an unhandled rejection
    return oid;
  }

  async function flush(): Promise<void> {
    const waiting = pending;
    pending = Promise.resolve();
    await waiting;
  }

  // No memory of objects written before: `git gc` may prune an orphan (of a refused operation)
  // after two weeks, and a long-running server must then write it again.
  function objectPath(oid: string): string {
    return join(objectsDir, oid.slice(0, 2), oid.slice(2));
  }

  function store(path: string, deflated: Buffer): void {
    const folder = dirname(path);
    mkdirSync(folder, { recursive: true });
    const temp = join(folder, `tmp_obj_backlog_${randomBytes(6).toString("hex")}`);
    writeFileSync(temp, deflated, { mode: 0o444 });
    try {
      renameSync(temp, path);
    } catch (error) {
      try {
        unlinkSync(temp);
      } catch {
        // already gone
      }
      throw error;
    }
  }

  return { read, write, writeDeferred, flush };
}

/**
 * Large objects read lately, by repository and id, for every store of the process: the
 * task folder's tree (≈ 680 KB at 10,000 tasks) after another process's commit is read by the
 * live index's diff and again by the id scan of the next write. An id names its content, so a
 * kept object is never stale.
 */
const RECENT = new Map<string, GitObject>();
const RECENT_MIN_BYTES = 64 * 1024;
const RECENT_MAX = 6;

function remember(key: string, object: GitObject): void {
  RECENT.delete(key);
  RECENT.set(key, object);
  if (RECENT.size > RECENT_MAX) RECENT.delete(RECENT.keys().next().value!);
}

const TYPES: ReadonlySet<string> = new Set<ObjectType>(["blob", "tree", "commit", "tag"]);

/** A loose object, or undefined when it is not stored loose (packed, or behind alternates). */
function readLoose(oid: string, path: string): GitObject | undefined {
  let deflated: Buffer;
  try {
    deflated = readFileSync(path);
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return undefined;
    throw error;
  }
  let raw: Buffer;
  try {
    raw = inflateSync(deflated);
  } catch {
    raw = Buffer.alloc(0);
  }
  const space = raw.indexOf(32);
  const nul = raw.indexOf(0, space + 1);
  const type = raw.toString("latin1", 0, Math.max(space, 0));
  if (space < 0 || nul < 0 || !TYPES.has(type) || Number(raw.toString("latin1", space + 1, nul)) !== raw.length - nul - 1) {
    throw new BacklogError("git", `The object ${oid} in the repository is corrupt. Run \`git fsck\` to check it.`, { oid });
  }
  return { type: type as ObjectType, body: raw.subarray(nul + 1) };
}

async function readWithCli(paths: RepoPaths, oid: string): Promise<GitObject> {
  const result = await runGit(["cat-file", "--batch"], { cwd: paths.root, env: repoEnv(paths), input: `${oid}\n` });
  const headerEnd = result.stdout.indexOf(10);
  const header = result.stdout.subarray(0, headerEnd).toString("utf8").split(" ");
  if (result.code !== 0 || header[1] === "missing" || header.length < 3) {
    throw new BacklogError("git", `The object ${oid} is missing from the repository at ${paths.commonDir}. Run \`git fsck\` to check it.`, { oid });
  }
  const size = Number(header[2]);
  return { type: header[1] as ObjectType, body: result.stdout.subarray(headerEnd + 1, headerEnd + 1 + size) };
}
