import { appendFileSync, closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { BacklogError } from "../domain/errors.js";

/**
 * Refs as git's files backend keeps them: HEAD in the worktree's admin dir, branches loose
 * under `<common>/refs/` or in `<common>/packed-refs` (a loose ref wins).
 *
 * A branch moves the way git moves it, so git and we exclude each other: create `<ref>.lock`
 * exclusively, compare the ref with the value the commit was built on, append the reflogs,
 * rename the lock over the ref. The lock is born holding the new value (a fsynced private
 * file hard-linked to the lock name), so a lock left by a killed process is recognisable as
 * ours by its content and can be cleaned up by the next operation.
 */

export type Head = { kind: "branch"; ref: string } | { kind: "detached"; oid: string };

export const ZERO_OID = "0000000000000000000000000000000000000000";
const OID = /^[0-9a-f]{40}$/;

export function readHead(gitDir: string): Head {
  const text = readFileSync(join(gitDir, "HEAD"), "utf8").trim();
  if (text.startsWith("ref:")) return { kind: "branch", ref: text.slice(4).trim() };
  if (OID.test(text)) return { kind: "detached", oid: text };
  throw new BacklogError("git", `HEAD in ${gitDir} is not readable (${JSON.stringify(text.slice(0, 60))}).`);
}

/** The file of the current branch's loose ref (git writes every update there); undefined on a detached or unreadable HEAD. */
export function branchRefFile(gitDir: string, commonDir: string): string | undefined {
  try {
    const head = readHead(gitDir);
    return head.kind === "branch" ? resolve(commonDir, head.ref) : undefined;
  } catch {
    return undefined;
  }
}

/** The object a ref points at (following symbolic refs), or undefined when it does not exist yet. */
export function readRef(commonDir: string, ref: string, depth = 0): string | undefined {
  let text: string | undefined;
  try {
    text = readFileSync(join(commonDir, ref), "utf8").trim();
  } catch (error) {
    if (!isMissing(error) && (error as { code?: string }).code !== "EISDIR") throw error;
  }
  if (text === undefined) return readPackedRefs(commonDir).get(ref);
  if (text.startsWith("ref:") && depth < 5) return readRef(commonDir, text.slice(4).trim(), depth + 1);
  if (OID.test(text)) return text;
  throw new BacklogError("git", `The ref ${ref} holds ${JSON.stringify(text.slice(0, 60))}, not an object id. Run \`git fsck\`.`);
}

/** Every ref under the given prefixes (`refs/heads/`, ...), name → object id; symbolic refs are left out. */
export function listRefs(commonDir: string, prefixes: readonly string[]): Map<string, string> {
  const refs = new Map<string, string>();
  for (const [name, oid] of readPackedRefs(commonDir)) {
    if (prefixes.some((prefix) => name.startsWith(prefix))) refs.set(name, oid);
  }
  for (const prefix of prefixes) collectLoose(commonDir, prefix.replace(/\/$/, ""), refs);
  return refs;
}

function collectLoose(commonDir: string, folder: string, refs: Map<string, string>): void {
  let entries;
  try {
    entries = readdirSync(join(commonDir, folder), { withFileTypes: true });
  } catch (error) {
    if (isMissing(error) || (error as { code?: string }).code === "ENOTDIR") return;
    throw error;
  }
  for (const entry of entries) {
    const name = `${folder}/${entry.name}`;
    if (entry.isDirectory()) collectLoose(commonDir, name, refs);
    else if (entry.isFile() && !entry.name.endsWith(".lock")) {
      let text = "";
      try {
        text = readFileSync(join(commonDir, name), "utf8").trim();
      } catch {
        // deleted while we listed: not a ref any more
      }
      if (OID.test(text)) refs.set(name, text);
    }
  }
}

function readPackedRefs(commonDir: string): Map<string, string> {
  const refs = new Map<string, string>();
  let text: string;
  try {
    text = readFileSync(join(commonDir, "packed-refs"), "utf8");
  } catch (error) {
    if (isMissing(error)) return refs;
    throw error;
  }
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || line.startsWith("^")) continue;
    const space = line.indexOf(" ");
    if (space === 40) refs.set(line.slice(41).trim(), line.slice(0, 40));
  }
  return refs;
}

export interface RefUpdate {
  commonDir: string;
  /** The admin dir of the worktree whose HEAD points at the ref (for the HEAD reflog). */
  gitDir: string;
  ref: string;
  /** The value the new commit was built on; undefined for an unborn branch. */
  expected: string | undefined;
  next: string;
  /** Names our private files, so a crash's leftovers are recognisable. */
  token: string;
  /** `Name <email> <time> <tz>` and the message, for the reflogs. */
  reflog: { ident: string; message: string };
  /** How long to wait for a `<ref>.lock` held by git; default 5 s. */
  timeoutMs?: number;
}

export type RefUpdateResult = { ok: true } | { ok: false; current: string | undefined };

/**
 * A compare-and-swap of a branch whose new value is already written and synced: `apply` is then
 * only the lock, the compare, the reflogs and a rename, and answers `{ ok: false }` when the
 * branch no longer points where the commit was built. The file calls are synchronous: a handful
 * of tiny calls, where thread-pool hops would cost more than the work.
 */
export interface PreparedRefUpdate {
  apply(): Promise<RefUpdateResult>;
  /** Removes the private file (after `apply`, or instead of it). */
  discard(): void;
}

/** Writes and syncs the file that becomes `<ref>.lock`, ahead of the moment the ref moves (a caller holding `index.lock` keeps that short). */
export function prepareRefUpdate(update: RefUpdate): PreparedRefUpdate {
  const refPath = join(update.commonDir, update.ref);
  const lockPath = `${refPath}.lock`;
  const temp = join(update.commonDir, `backlog-ref-${process.pid}-${update.token}.tmp`);
  mkdirSync(dirname(refPath), { recursive: true });
  const fd = openSync(temp, "w");
  try {
    writeSync(fd, `${update.next}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return {
    discard: () => removeQuietly(temp),
    async apply() {
      await lockExclusively(temp, lockPath, update.timeoutMs ?? 5_000);
      let committed = false;
      try {
        const current = readRef(update.commonDir, update.ref);
        if (current !== update.expected) return { ok: false, current };
        appendReflogs(update);
        renameSync(lockPath, refPath);
        committed = true;
        return { ok: true };
      } finally {
        if (!committed) removeQuietly(lockPath);
      }
    },
  };
}

async function lockExclusively(temp: string, lockPath: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      linkSync(temp, lockPath);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "EEXIST") throw error;
    }
    if (Date.now() >= deadline) {
      throw new BacklogError(
        "conflict",
        `Another git process holds ${lockPath} (gave up after ${timeoutMs} ms). Retry; if no git process is running, remove that file.`,
        { path: lockPath },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(1 + attempt * 2, 25) * (0.5 + Math.random())));
  }
}

function appendReflogs(update: RefUpdate): void {
  const line = `${update.expected ?? ZERO_OID} ${update.next} ${update.reflog.ident}\t${update.reflog.message.replace(/\n/g, " ")}\n`;
  const branchLog = join(update.commonDir, "logs", update.ref);
  // Like git with core.logAllRefUpdates (the default in a working repository): branches
  // already logging keep logging, and a new branch logs when the repository keeps reflogs.
  if (existsSync(branchLog) || existsSync(join(update.commonDir, "logs", "refs", "heads"))) {
    mkdirSync(dirname(branchLog), { recursive: true });
    appendFileSync(branchLog, line);
  }
  const headLog = join(update.gitDir, "logs", "HEAD");
  if (existsSync(headLog)) appendFileSync(headLog, line);
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function isMissing(error: unknown): boolean {
  return (error as { code?: string }).code === "ENOENT";
}
