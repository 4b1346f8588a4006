import { readdir, readFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import type { RepoPaths } from "./repo-paths.js";

/** The working trees of a clone: the main checkout (unless the clone is bare) and every linked worktree. */

export interface Worktree {
  root: string;
  /** Its admin dir: HEAD and index. */
  gitDir: string;
}

export async function listWorktrees(paths: RepoPaths): Promise<Worktree[]> {
  const worktrees: Worktree[] = [];
  // A non-bare clone keeps its common dir at `<main checkout>/.git`.
  if (basename(paths.commonDir) === ".git") worktrees.push({ root: dirname(paths.commonDir), gitDir: paths.commonDir });
  const admin = join(paths.commonDir, "worktrees");
  const names = await readdir(admin).catch(() => [] as string[]);
  for (const name of names) {
    const gitDir = join(admin, name);
    // `gitdir` holds the path of the worktree's `.git` file; a worktree whose folder is gone
    // (prunable) is skipped by the callers when they find nothing there.
    const pointer = await readFile(join(gitDir, "gitdir"), "utf8").catch(() => undefined);
    if (!pointer?.trim()) continue;
    const dotGit = isAbsolute(pointer.trim()) ? pointer.trim() : resolve(gitDir, pointer.trim());
    worktrees.push({ root: dirname(dotGit), gitDir });
  }
  return worktrees;
}
