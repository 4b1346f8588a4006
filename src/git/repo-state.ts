import { statSync } from "node:fs";
import { join } from "node:path";
import { BacklogError } from "../domain/errors.js";
import { gitText, repoEnv } from "./git-cli.js";
import { readHead, type Head } from "./ref-store.js";
import { readUnmergedPaths } from "./unmerged-paths.js";
import type { RepoPaths } from "./repo-paths.js";

/** Refusals, each with what is wrong and how to get out of it: nothing is written in these states. */

export function notARepository(cwd: string): BacklogError {
  return new BacklogError(
    "git",
    `${cwd} is not inside a git repository, and backlog commits every change. Run \`git init\` there, ` +
      "or set `commit: false` in .backlog to write task files without commits.",
    { cwd },
  );
}

export function bareRepository(path: string): BacklogError {
  return new BacklogError(
    "git",
    `${path} is a bare git repository: it has no working tree for task files. ` +
      `Run git-backlog in a clone of it (\`git clone ${path} <folder>\`) or in a worktree of it (\`git worktree add <folder>\` run inside it).`,
    { path },
  );
}

const IN_PROGRESS: ReadonlyArray<readonly [string, string, string]> = [
  ["rebase-merge", "a rebase", "`git rebase --continue` or `git rebase --abort`"],
  ["rebase-apply", "a rebase or `git am`", "`git rebase --continue` / `git am --continue`, or `--abort`"],
  ["MERGE_HEAD", "a merge", "commit it (`git commit`) or `git merge --abort`"],
  ["CHERRY_PICK_HEAD", "a cherry-pick", "`git cherry-pick --continue` or `git cherry-pick --abort`"],
  ["REVERT_HEAD", "a revert", "`git revert --continue` or `git revert --abort`"],
];

/** Refuses a repository in the middle of something, or with no branch checked out; returns HEAD. */
export function assertBranchCheckedOut(paths: RepoPaths): Head & { kind: "branch" } {
  for (const [marker, what, fix] of IN_PROGRESS) {
    if (exists(join(paths.gitDir, marker))) {
      throw new BacklogError("git", `${cap(what)} is in progress in ${paths.root}; backlog will not commit in the middle of it. Finish it first: ${fix}. Then retry.`, {
        state: marker,
      });
    }
  }
  const head = readHead(paths.gitDir);
  if (head.kind === "detached") {
    throw new BacklogError(
      "git",
      `HEAD is detached at ${head.oid.slice(0, 12)} in ${paths.root}: backlog commits go on a branch. ` +
        "Switch to one (`git switch <branch>`, or `git switch -c <new-branch>` to keep where you are), then retry.",
      { state: "detached", oid: head.oid },
    );
  }
  return head;
}

/**
 * Refuses to write task files that have unmerged (conflicted) index entries. The set of
 * conflicted paths is read from the index file (`unmerged-paths.ts`; `git ls-files -u` for an
 * index that reader leaves to git) and kept until the index file changes;
 * writes of our own that cannot add conflicts say so through `noteIndexWritten`.
 */
export interface ConflictGuard {
  assertNotConflicted(paths: readonly string[]): Promise<void>;
  /** The index was just rewritten by us without adding conflicts (our paths resolve, others stay). */
  noteIndexWritten(resolved: readonly string[]): void;
}

export function createConflictGuard(paths: RepoPaths): ConflictGuard {
  let cached: { signature: string; conflicted: Set<string> } | undefined;
  const indexPath = join(paths.gitDir, "index");

  async function conflicted(): Promise<Set<string>> {
    const signature = fileSignature(indexPath);
    if (cached?.signature === signature) return cached.conflicted;
    let set = signature === "missing" ? new Set<string>() : readUnmergedPaths(indexPath);
    if (!set) {
      set = new Set<string>();
      const text = await gitText(["ls-files", "-u", "-z"], { cwd: paths.root, env: repoEnv(paths) });
      for (const record of text.split("\0")) {
        const tab = record.indexOf("\t");
        if (tab >= 0) set.add(record.slice(tab + 1));
      }
    }
    cached = { signature, conflicted: set };
    return set;
  }

  return {
    async assertNotConflicted(candidates) {
      const set = await conflicted();
      if (set.size === 0) return;
      const hit = candidates.filter((path) => set.has(path));
      if (hit.length === 0) return;
      throw new BacklogError(
        "git",
        `${hit.join(", ")} ${hit.length === 1 ? "has" : "have"} unresolved merge conflicts. Resolve them (edit, then \`git add ${hit.join(" ")}\`), then retry.`,
        { state: "conflicted", paths: hit },
      );
    },
    noteIndexWritten(resolved) {
      if (!cached) return;
      for (const path of resolved) cached.conflicted.delete(path);
      cached = { signature: fileSignature(indexPath), conflicted: cached.conflicted };
    },
  };
}

function fileSignature(path: string): string {
  try {
    const info = statSync(path, { bigint: true });
    return `${info.mtimeNs}:${info.size}:${info.ino}`;
  } catch {
    return "missing";
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
