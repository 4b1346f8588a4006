import { lstatSync, mkdirSync } from "node:fs";
import { join } from "node:path";

/**
 * Where running live indexes (the MCP server, `watch`) listen for the CLI's reads: one socket per
 * live index, `<pid>-<n>.sock`, in a folder of the checkout's git dir (each worktree has its own)
 * that only its owner may enter. Both sides check the folder before they use it; anything else
 * found there is left alone. (docs/architecture.md, "Reads served by a running live index".)
 */
export const SOCKET_FOLDER = "backlog-live";

/** Bumped when a request or an answer changes shape; a client and a server that differ do not talk. */
export const PROTOCOL = 1;

/**
 * A Unix socket's path must fit `sun_path` (108 bytes on Linux, 104 on macOS). A longer one is
 * not served: the CLI then reads the files, as without a live index.
 */
const MAX_SOCKET_PATH = 100;

export function socketFolderOf(gitDir: string): string {
  return join(gitDir, SOCKET_FOLDER);
}

/** Unix sockets only: Windows named pipes have other rules, and the stat path serves there. */
export function socketsSupported(): boolean {
  return process.platform !== "win32" && typeof process.getuid === "function";
}

/** The folder is a real folder (not a link), this user's, and closed to everyone else. */
export function isPrivateFolder(folder: string): boolean {
  try {
    const info = lstatSync(folder);
    return info.isDirectory() && info.uid === process.getuid?.() && (info.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

/** Makes the folder (owner-only) when it is missing; true when it is private and usable. */
export function ensurePrivateFolder(folder: string): boolean {
  try {
    mkdirSync(folder, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") return false;
  }
  return isPrivateFolder(folder);
}

export function socketPath(folder: string, pid: number, serial: number): string | undefined {
  const path = join(folder, `${pid}-${serial}.sock`);
  return Buffer.byteLength(path) <= MAX_SOCKET_PATH ? path : undefined;
}

/** The pid a socket's name carries, for the names this module gives; undefined for anything else. */
export function socketPid(name: string): number | undefined {
  const match = /^(\d+)-\d+\.sock$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

/**
 * What the CLI sends: one JSON line. The server answers a line of its own, `{"ready":true}` or a
 * decline; the CLI then sends `go`, and the server runs the command and sends the answer.
 */
export interface CommandRequest {
  protocol: number;
  /** The package version: a server of another version declines. */
  version: string;
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  isTTY: boolean;
  columns: number;
  /** The command writes (an operation and its commit): the server runs it as the caller, agent and git identity included. */
  write: boolean;
}

/** What a served command printed, and its exit code. */
export interface ServedAnswer {
  served: true;
  code: number;
  stdout: string;
  stderr: string;
}

/** What the server answers: one JSON line. Declined means the CLI reads the files itself. */
export type CommandAnswer = ServedAnswer | { served: false; reason: string };
