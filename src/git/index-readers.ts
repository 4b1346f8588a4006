import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync } from "node:fs";

/**
 * Some git commands read the index, then take `index.lock`, then write back what they read:
 * `git commit` does so even when it then fails ("cannot lock ref 'HEAD'"), and `git status`
 * whenever it refreshes stat data. One that read the index just before our publish and takes
 * the lock just after it writes the index back without our entries, and the user's next commit
 * would delete our task. So, holding `index.lock`, the writer notes such processes running in
 * the worktree before it puts its index in place, and lets the lock go only once they are gone
 * (or after `MAX_WAIT_MS`): their lock attempt then fails, as git's does beside any other git
 * command, and nothing stale is written. A git command started after the publish reads ours.
 *
 * Linux only (it reads /proc); elsewhere the list is empty and the writer's repair after the
 * fact (index-repair.ts) is what remains.
 */

/** Long enough for a git command that read the index to reach its lock attempt, short enough never to stall. */
export const MAX_WAIT_MS = 300;

/**
 * Commands that never write the index from a stale read: read-only plumbing, and the ones that
 * take `index.lock` before they read (`add`, `rm`, `mv`, `update-index`).
 */
const HARMLESS = new Set([
  "add",
  "rm",
  "mv",
  "update-index",
  "ls-files",
  "ls-tree",
  "cat-file",
  "rev-parse",
  "rev-list",
  "log",
  "show",
  "config",
  "check-attr",
  "check-ignore",
  "hash-object",
  "for-each-ref",
  "show-ref",
  "symbolic-ref",
  "update-ref",
  "commit-tree",
  "mktree",
  "diff-tree",
  "merge-base",
  "var",
  "version",
  "worktree",
  "fetch",
  "push",
  "blame",
  "grep",
  "describe",
  "name-rev",
  "reflog",
  "count-objects",
  "fsck",
]);

/**
 * Git processes in `root` (not in a linked worktree of it outside `root`) that may write the
 * index from a read made now. Looked at cheapest test first: the working folder (one readlink per
 * process), then the command name, the command line and the environment of the few left. A
 * process just forked, not yet in its folder or not yet git, is not counted: it cannot reach its
 * read of the index in the moment between this look and the publish that follows it.
 */
export function indexReaders(root: string): number[] {
  if (process.platform !== "linux") return [];
  let names: string[];
  try {
    names = readdirSync("/proc");
  } catch {
    return [];
  }
  const own = ancestors();
  const readers: number[] = [];
  for (const name of names) {
    const first = name.charCodeAt(0);
    if (first < 48 || first > 57) continue; // not a process
    const pid = Number(name);
    if (!own.has(pid) && isIndexReader(pid, root)) readers.push(pid);
  }
  return readers;
}

let lineage: Set<number> | undefined;

/**
 * This process and the ones it runs under: `git backlog add` is a git process waiting for us,
 * and a hook's `git-backlog` runs under the user's `git commit`; waiting for those would wait
 * for ourselves.
 */
function ancestors(): Set<number> {
  if (lineage) return lineage;
  lineage = new Set([process.pid]);
  for (let pid = process.ppid; pid > 1 && !lineage.has(pid); ) {
    lineage.add(pid);
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      pid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    } catch {
      break;
    }
  }
  return lineage;
}

const COMM = Buffer.alloc(16);

function isIndexReader(pid: number, root: string): boolean {
  try {
    const cwd = readlinkSync(`/proc/${pid}/cwd`);
    if (cwd !== root && !cwd.startsWith(`${root}/`)) return false;
    const fd = openSync(`/proc/${pid}/comm`, "r");
    let length: number;
    try {
      length = readSync(fd, COMM, 0, COMM.length, 0);
    } finally {
      closeSync(fd);
    }
    if (length !== 4 || COMM.toString("latin1", 0, 4) !== "git\n") return false;
    if (HARMLESS.has(subcommand(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")))) return false;
    // Working on another index file (ours, on a private copy; or a tool's): not the index.
    return !/(?:^|\0)GIT_INDEX_FILE=/.test(readFileSync(`/proc/${pid}/environ`, "utf8"));
  } catch {
    return false; // gone meanwhile, or not ours to look at
  }
}

/**
 * For how long, from its first attempt, an operation lets the user's git commands go first
 * (commit-paths.ts): a `git commit` or `git status` beside it takes tens of milliseconds; one
 * waiting in its editor for a message is not waited for, nor is a user committing without pause.
 */
export const YIELD_BUDGET_MS = 200;

/** Waits (at most `budgetMs`) for the git commands in `root` that may write the index from a read made now. */
export async function yieldTo(root: string, budgetMs: number): Promise<void> {
  const until = Date.now() + budgetMs;
  for (;;) {
    const readers = indexReaders(root);
    if (readers.length === 0 || Date.now() >= until) return;
    await whenGone(readers, until - Date.now());
  }
}

/** Resolves once none of `pids` runs any more, or after `maxMs`. */
export async function whenGone(pids: readonly number[], maxMs = MAX_WAIT_MS): Promise<void> {
  const deadline = Date.now() + maxMs;
  let left = [...pids];
  while (left.length > 0 && Date.now() < deadline) {
    left = left.filter(running);
    if (left.length > 0) await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** The git subcommand in a command line: the first word after git's own options. */
export function subcommand(argv: readonly string[]): string {
  for (let at = 1; at < argv.length; at++) {
    const word = argv[at]!;
    if (word === "-C" || word === "-c" || word === "--git-dir" || word === "--work-tree" || word === "--namespace") {
      at++;
      continue;
    }
    if (word.startsWith("-")) continue;
    return word;
  }
  return "";
}

function running(pid: number): boolean {
  try {
    // An exited process not yet reaped by its parent is a zombie: gone for our purpose.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}
