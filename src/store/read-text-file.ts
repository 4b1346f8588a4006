import { isUtf8 } from "node:buffer";
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { BacklogError } from "../domain/errors.js";

/**
 * The one way the tool reads a file the user controls (task files, `.backlog`, templates,
 * prompts): only a regular file is ever opened, and its text must be UTF-8 (docs/reference/file-format.md, "How files are written").
 *
 * A FIFO opened for reading waits for a writer forever, and a device may do anything on open:
 * either would hang a command that holds the write lock. So the path is lstat'ed first (the
 * loader passes the stat it already took), then opened with O_NONBLOCK and O_NOFOLLOW and checked
 * again with fstat, in case it was swapped in between. Text is never decoded lossily: a byte
 * that is not UTF-8 would become U+FFFD, and the next write would save that in place of the user's.
 */

export type FileKind = "file" | "directory" | "symbolic link" | "FIFO" | "socket" | "block device" | "character device";

export interface FileFault {
  code: "not-a-regular-file" | "not-utf8";
  /** What is wrong and what to do, without the file's name (the caller puts it in front) or a final period. */
  message: string;
  line?: number;
  column?: number;
}

/** A file the tool will not read; `invalid`, with the fault for a caller that reports rather than refuses. */
export class FileFaultError extends BacklogError {
  readonly fault: FileFault;

  constructor(file: string, fault: FileFault) {
    super("invalid", `${file}: ${fault.message}`, { file, problem: fault.code, ...(fault.line !== undefined && { line: fault.line }) });
    this.name = "FileFaultError";
    this.fault = fault;
  }
}

/** From an lstat, or a directory entry that knows its type. */
export function kindOf(stat: Pick<Stats, "isFile" | "isDirectory" | "isSymbolicLink" | "isFIFO" | "isSocket" | "isBlockDevice">): FileKind {
  if (stat.isFile()) return "file";
  if (stat.isDirectory()) return "directory";
  if (stat.isSymbolicLink()) return "symbolic link";
  if (stat.isFIFO()) return "FIFO";
  if (stat.isSocket()) return "socket";
  return stat.isBlockDevice() ? "block device" : "character device";
}

export function notRegularFault(kind: Exclude<FileKind, "file">): FileFault {
  const fix =
    kind === "symbolic link"
      ? "links are never followed; put the file itself here"
      : kind === "directory"
        ? "rename or move it"
        : "it is never opened (reading it could wait forever); remove it";
  return { code: "not-a-regular-file", message: `it is a ${kind}, not a regular file: ${fix}` };
}

export interface ReadOptions {
  /** The name errors give (a path relative to the repository); the path itself when omitted. */
  file?: string;
  /** Follow a symbolic link to a regular file: only for `.backlog` and the package's own templates, never in the task folder. */
  follow?: boolean;
  /** The caller has just lstat'ed the path and found a regular file (saves a syscall per file on a cold load). */
  checked?: boolean;
}

const NONBLOCK = constants.O_NONBLOCK ?? 0;
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** The bytes of a regular file. Throws FileFaultError for anything else, and the system's error (ENOENT, ...) when it cannot be read. */
export function readRegularFile(path: string, options: ReadOptions = {}): Buffer {
  const file = options.file ?? path;
  if (!options.checked) {
    const kind = kindOf(options.follow ? statSync(path) : lstatSync(path));
    if (kind !== "file") throw new FileFaultError(file, notRegularFault(kind));
  }
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | NONBLOCK | (options.follow ? 0 : NOFOLLOW));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOOP" && !options.follow) throw new FileFaultError(file, notRegularFault("symbolic link"));
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    const kind = kindOf(stat);
    if (kind !== "file") throw new FileFaultError(file, notRegularFault(kind));
    return readAll(fd, stat.size);
  } finally {
    closeSync(fd);
  }
}

/** The bytes of a regular file, or null when there is none (`file` names it in a refusal). */
export function readRegularFileIfAny(path: string, file = path): Buffer | null {
  try {
    return readRegularFile(path, { file });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    throw error;
  }
}

/** The text of a regular file that is valid UTF-8 (a byte order mark is kept, as the parser expects). */
export function readTextFile(path: string, options: ReadOptions = {}): string {
  return decodeUtf8(readRegularFile(path, options), options.file ?? path);
}

/** Decodes UTF-8 strictly: a FileFaultError names the first byte that is not, by line and column. */
export function decodeUtf8(bytes: Buffer, file: string): string {
  if (isUtf8(bytes)) return bytes.toString("utf8");
  throw new FileFaultError(file, utf8Fault(bytes));
}

function utf8Fault(bytes: Buffer): FileFault {
  const offset = firstInvalidByte(bytes);
  let lineStart = 0;
  let line = 1;
  for (let at = bytes.indexOf(0x0a); at !== -1 && at < offset; at = bytes.indexOf(0x0a, at + 1)) {
    line++;
    lineStart = at + 1;
  }
  const column = bytes.toString("utf8", lineStart, offset).length + 1;
  const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, "0");
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  const bom = utf16 ? " (it starts with a UTF-16 byte order mark)" : "";
  const message =
    `the file is not valid UTF-8 (byte 0x${byte} at line ${line}, column ${column})${bom}, so the tool will not change it: ` +
    `re-save it as UTF-8 (e.g. \`iconv -f ${utf16 ? "utf-16" : "latin1"} -t utf-8\`, or your editor's encoding setting)`;
  return { code: "not-utf8", message, line, column };
}

/** Where the decoder first had to put U+FFFD for bytes that are not UTF-8 (a literal U+FFFD in the file is fine). */
function firstInvalidByte(bytes: Buffer): number {
  const text = bytes.toString("utf8");
  let offset = 0;
  let from = 0;
  for (let at = text.indexOf("\uFFFD"); at !== -1; at = text.indexOf("\uFFFD", at + 1)) {
    offset += Buffer.byteLength(text.slice(from, at));
    if (bytes[offset] !== 0xef || bytes[offset + 1] !== 0xbf || bytes[offset + 2] !== 0xbd) return offset;
    offset += 3;
    from = at + 1;
  }
  return bytes.length;
}

/** As readFileSync does: up to the size fstat gave (no extra read to find the end, a syscall per file on a cold load). */
function readAll(fd: number, size: number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    const read = readSync(fd, buffer, filled, size - filled, null);
    if (read === 0) break;
    filled += read;
  }
  return filled === size ? buffer : buffer.subarray(0, filled);
}
