import { readFileSync } from "node:fs";

/**
 * The paths with unmerged (conflicted) entries in an index file, read from the file itself:
 * what `git ls-files -u` lists, without starting git (a process start is most of a small
 * operation's cost, and every write asks this once per process).
 *
 * Read: index versions 2, 3 and 4 (version 4's prefix-compressed paths) with SHA-1 ids. Not
 * read (undefined, and the caller asks git): anything else, a split index (its entries are
 * partly in a shared file), a file that does not parse. A missing file has no conflicts.
 */
export function readUnmergedPaths(indexFile: string): Set<string> | undefined {
  let data: Buffer;
  try {
    data = readFileSync(indexFile);
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return new Set();
    throw error;
  }
  try {
    return unmergedIn(data);
  } catch {
    return undefined;
  }
}

const HASH_BYTES = 20;
/** ctime, mtime (seconds and nanoseconds), dev, ino, mode, uid, gid, size: ten 32-bit fields. */
const STAT_BYTES = 40;
const EXTENDED_FLAG = 0x4000;
const NAME_MASK = 0x0fff;

/** Throws on anything that is not a well-formed index of a version this reads. */
export function unmergedIn(data: Buffer): Set<string> | undefined {
  if (data.length < 12 + HASH_BYTES || data.toString("latin1", 0, 4) !== "DIRC") throw new Error("not an index");
  const version = data.readUInt32BE(4);
  if (version < 2 || version > 4) return undefined;
  const count = data.readUInt32BE(8);
  const end = data.length - HASH_BYTES;
  const unmerged = new Set<string>();
  let at = 12;
  let previous: Buffer = Buffer.alloc(0);
  for (let entry = 0; entry < count; entry++) {
    const start = at;
    const flags = data.readUInt16BE(start + STAT_BYTES + HASH_BYTES);
    at = start + STAT_BYTES + HASH_BYTES + 2;
    if (flags & EXTENDED_FLAG) {
      if (version < 3) throw new Error("extended flags in a version 2 index");
      at += 2;
    }
    let path: Buffer;
    if (version === 4) {
      const [strip, afterNumber] = varint(data, at);
      const nul = data.indexOf(0, afterNumber);
      if (nul < 0 || nul >= end || strip > previous.length) throw new Error("bad path");
      path = Buffer.concat([previous.subarray(0, previous.length - strip), data.subarray(afterNumber, nul)]);
      at = nul + 1;
    } else {
      const length = flags & NAME_MASK;
      const nul = length < NAME_MASK ? at + length : data.indexOf(0, at);
      if (nul < 0 || nul >= end || data[nul] !== 0) throw new Error("bad path");
      path = data.subarray(at, nul);
      // 1 to 8 NULs pad the entry to a multiple of eight bytes.
      at = start + Math.ceil((nul + 1 - start) / 8) * 8;
    }
    if (at > end) throw new Error("entry past the end");
    if ((flags >> 12) & 3) unmerged.add(path.toString("utf8"));
    previous = path;
  }
  // Extensions: a four-byte signature and a length each. A split index keeps entries elsewhere.
  while (at < end) {
    if (at + 8 > end) throw new Error("truncated extension");
    if (data.toString("latin1", at, at + 4) === "link") return undefined;
    at += 8 + data.readUInt32BE(at + 4);
  }
  if (at !== end) throw new Error("extension past the end");
  return unmerged;
}

/** Git's offset varint (version 4 paths): seven bits a byte, each continuation adding one. */
function varint(data: Buffer, at: number): [number, number] {
  const next = (): number => {
    if (at >= data.length) throw new Error("truncated number");
    return data[at++]!;
  };
  let byte = next();
  let value = byte & 0x7f;
  while (byte & 0x80) {
    byte = next();
    value = ((value + 1) << 7) | (byte & 0x7f);
  }
  return [value, at];
}
