import { randomBytes } from "node:crypto";
import { closeSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { BacklogError } from "../domain/errors.js";

/**
 * A clone-wide exclusive lock: one file, created exclusively, holding who owns it.
 *
 * The file is born complete: the content goes into a private temporary file that is then
 * hard-linked to the lock name (`link` fails when the name exists, like `O_EXCL`), so a reader
 * never sees a half-written holder. A holder on this host whose process is gone (or whose pid
 * now belongs to a process started later, or that ran before a reboot) is stale and is taken
 * over: the stale file is renamed to a unique name first, so of several processes breaking the
 * same stale lock only the one whose rename succeeds goes on, and it checks that what it moved
 * is still the holder it judged dead before deleting it.
 *
 * The file calls are synchronous: taking a free lock is three tiny calls, which thread-pool
 * hops would make several times slower; only the waiting is asynchronous.
 */

export interface LockOptions {
  /** How long to wait for a live holder before giving up; default 30 s. */
  timeoutMs?: number;
}

export interface LockHolder {
  pid: number;
  host: string;
  time: string;
  token: string;
  /** Linux: the holder's start time in clock ticks since boot, to tell a reused pid. */
  start?: string;
  /** Linux: the boot the holder ran in. */
  boot?: string;
}

/** Release function: removes the lock if it is still ours. Calling it twice is harmless. */
export type ReleaseLock = () => Promise<void>;

const DEFAULT_TIMEOUT_MS = 30_000;
/** A lock file that does not parse (written without `link`, or damaged) is stale after this long. */
const UNREADABLE_GRACE_MS = 2_000;

export async function acquireLock(path: string, options: LockOptions = {}): Promise<ReleaseLock> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const me = describeSelf();
  const content = `${JSON.stringify(me)}\n`;
  const deadline = Date.now() + timeoutMs;
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${me.token}.tmp`;
  writeFileSync(temp, content, { flag: "wx" });
  const started = Date.now();
  let starving = false;
  try {
    let broke = false;
    for (let attempt = 0; ; attempt++) {
      // Fairness: a waiter that has waited long says so, and the others let it go first, so a
      // process taking the lock back to back cannot starve another for the whole timeout.
      if (!starving && Date.now() - started > STARVING_MS) starving = markStarving(path, me);
      if (!starving && Date.now() < deadline && otherStarving(path)) {
        await sleep(backoff(attempt));
        continue;
      }
      if (tryCreate(temp, path, content)) {
        // Leftovers come from dead processes: look after breaking a stale lock, and now and then.
        if (broke || Math.random() < 1 / 16) removeLeftovers(path);
        return () => Promise.resolve(releaseLock(path, me.token));
      }
      const holder = readHolder(path);
      if (holder === "gone") continue;
      if (isStale(holder)) {
        breakStale(path, holder);
        broke = true;
        continue;
      }
      if (Date.now() >= deadline) throw timeoutError(path, holder, timeoutMs);
      await sleep(backoff(attempt));
    }
  } finally {
    removeQuietly(temp);
    if (starving) unmarkStarving(path, me.token);
  }
}

/** How long a waiter waits before the others let it go first. */
const STARVING_MS = 2_000;

function starvingPath(path: string): string {
  return `${path}.starving`;
}

/** Claims the starving mark (one waiter at a time); false when another live waiter holds it. */
function markStarving(path: string, me: LockHolder): boolean {
  const mark = starvingPath(path);
  try {
    writeFileSync(mark, `${JSON.stringify({ pid: me.pid, token: me.token })}\n`, { flag: "wx" });
    return true;
  } catch (error) {
    if (code(error) !== "EEXIST") return false;
  }
  if (otherStarving(path)) return false;
  removeQuietly(mark); // its waiter is gone: take it over
  return markStarving(path, me);
}

/** Another live process marked itself starving. */
function otherStarving(path: string): boolean {
  let text: string;
  try {
    text = readFileSync(starvingPath(path), "utf8");
  } catch {
    return false;
  }
  try {
    const { pid } = JSON.parse(text) as { pid: number };
    return pid !== process.pid && isAlive(pid);
  } catch {
    return false; // being written, or damaged: ignore it
  }
}

function unmarkStarving(path: string, token: string): void {
  try {
    if ((JSON.parse(readFileSync(starvingPath(path), "utf8")) as { token?: string }).token === token) removeQuietly(starvingPath(path));
  } catch {
    // gone already
  }
}

/** Runs `fn` while holding the lock at `path`; releases it however `fn` ends. */
export async function withLock<T>(path: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const release = await acquireLock(path, options);
  try {
    return await fn();
  } finally {
    await release();
  }
}

/** Reads who holds the lock at `path`, if anyone (for messages and diagnostics). */
export function readLockHolder(path: string): LockHolder | undefined {
  const holder = readHolder(path);
  return holder === "gone" || !("pid" in holder) ? undefined : holder;
}

function tryCreate(temp: string, path: string, content: string): boolean {
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if (code(error) === "EEXIST") return false;
    if (!["EPERM", "ENOTSUP", "ENOSYS", "EOPNOTSUPP", "EXDEV"].includes(code(error) ?? "")) throw error;
  }
  // File systems without hard links: plain exclusive create. A reader may briefly see it empty,
  // which `readHolder` tolerates for UNREADABLE_GRACE_MS.
  try {
    const fd = openSync(path, "wx");
    try {
      writeSync(fd, content);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (error) {
    if (code(error) === "EEXIST") return false;
    throw error;
  }
}

type ReadHolder = LockHolder | { unreadable: true; raw: string; ageMs: number } | "gone";

function readHolder(path: string): ReadHolder {
  try {
    const raw = readFileSync(path, "utf8");
    const info = statSync(path);
    const parsed = parseHolder(raw);
    return parsed ?? { unreadable: true, raw, ageMs: Date.now() - info.mtimeMs };
  } catch (error) {
    if (code(error) === "ENOENT") return "gone";
    if (code(error) === "EISDIR") throw directoryInTheWay(path, "lock file");
    throw error;
  }
}

/** A directory where git-backlog keeps one of its files (the lock, the journal): nothing of ours makes one, so only the user can say what it is. */
export function directoryInTheWay(path: string, what: string): BacklogError {
  return new BacklogError(
    "io",
    `${path} is a directory, where git-backlog keeps its ${what}. Nothing of git-backlog's makes a directory there: ` +
      `once you have seen what is in it, remove it (rmdir ${path}) and retry.`,
    { path },
  );
}

function parseHolder(raw: string): LockHolder | undefined {
  try {
    const value = JSON.parse(raw) as Partial<LockHolder>;
    if (typeof value.pid === "number" && typeof value.host === "string" && typeof value.token === "string") {
      return value as LockHolder;
    }
  } catch {
    // fall through: not a holder we can read
  }
  return undefined;
}

function isStale(holder: Exclude<ReadHolder, "gone">): boolean {
  if ("unreadable" in holder) return holder.ageMs > UNREADABLE_GRACE_MS;
  // Another host's process cannot be checked from here: only a timeout and the user can decide.
  if (holder.host !== hostname()) return false;
  const boot = bootId();
  if (holder.boot && boot && holder.boot !== boot) return true;
  if (holder.pid === process.pid) return false;
  if (!isAlive(holder.pid)) return true;
  const start = processStartTime(holder.pid);
  return Boolean(holder.start && start && holder.start !== start);
}

function breakStale(path: string, holder: Exclude<ReadHolder, "gone">): void {
  const grave = `${path}.stale.${process.pid}.${randomBytes(6).toString("hex")}`;
  try {
    renameSync(path, grave);
  } catch (error) {
    if (code(error) === "ENOENT") return; // someone else broke it first
    throw error;
  }
  let moved = "";
  try {
    moved = readFileSync(grave, "utf8");
  } catch {
    // unreadable: treated as not the holder we judged
  }
  const same = "unreadable" in holder ? moved === holder.raw : parseHolder(moved)?.token === holder.token;
  if (!same) {
    // Between our read and our rename the stale lock was broken and retaken by a live process:
    // put its lock back. (If a third process grabbed the name in this microsecond window, the
    // link fails and the live holder's release will find the token changed and leave it alone.)
    try {
      linkSync(grave, path);
    } catch {
      // see above
    }
  }
  removeQuietly(grave);
}

/**
 * A process killed while acquiring or breaking a lock leaves its private temporary file behind
 * (`<lock>.<pid>.<token>.tmp`, `<lock>.stale.<pid>.<random>`); the next holder removes those
 * whose process is gone.
 */
function removeLeftovers(path: string): void {
  const folder = dirname(path);
  const base = basename(path);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(`${base}.`)) continue;
    const match = /^(?:stale\.)?(\d+)\.[0-9a-f]+(?:\.tmp)?$/.exec(name.slice(base.length + 1));
    const pid = match ? Number(match[1]) : undefined;
    if (pid === undefined || pid === process.pid || isAlive(pid)) continue;
    removeQuietly(join(folder, name));
  }
}

function releaseLock(path: string, token: string): void {
  let holder: ReadHolder = "gone";
  try {
    holder = readHolder(path);
  } catch {
    // unreadable: not provably ours, leave it
  }
  if (holder === "gone" || !("token" in holder) || holder.token !== token) return;
  removeQuietly(path);
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function timeoutError(path: string, holder: Exclude<ReadHolder, "gone">, timeoutMs: number): BacklogError {
  if ("unreadable" in holder) {
    return new BacklogError("conflict", `The lock ${path} is held and unreadable after ${timeoutMs} ms. If no git-backlog process is running, remove that file.`, { path });
  }
  return new BacklogError(
    "conflict",
    `Another git-backlog process (pid ${holder.pid} on ${holder.host}, since ${holder.time}) holds the lock ${path}; gave up after ${timeoutMs} ms. ` +
      `Retry when it finishes; if that process no longer exists, remove the lock file.`,
    { path, holder },
  );
}

function describeSelf(): LockHolder {
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    time: new Date().toISOString(),
    token: randomBytes(8).toString("hex"),
  };
  const start = processStartTime(process.pid);
  const boot = bootId();
  if (start) holder.start = start;
  if (boot) holder.boot = boot;
  return holder;
}

/** True while a process with this pid exists on this host (whoever owns it). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return code(error) !== "ESRCH";
  }
}

/** Field 22 of /proc/<pid>/stat (after the parenthesised command name, which may hold spaces). */
function processStartTime(pid: number): string | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    return text.slice(text.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

const BOOT_ID = readBootId();
function bootId(): string | undefined {
  return BOOT_ID;
}

function readBootId(): string | undefined {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

function backoff(attempt: number): number {
  // Short: a holder keeps the lock for ~10 ms, and a waiter asleep past the release wastes it.
  const base = Math.min(2 * 1.5 ** attempt, 12);
  return base / 2 + Math.random() * base;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function code(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String((error).code) : undefined;
}
