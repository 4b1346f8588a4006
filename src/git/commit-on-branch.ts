import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { BacklogError } from "../domain/errors.js";
import type { FileChange } from "../store/writer.js";
import { gitText, repoEnv, runGit } from "./git-cli.js";
import type { RepoPaths } from "./repo-paths.js";

/**
 * A commit on a branch that no worktree has checked out (the base branch, for a lifecycle step
 * taken inside a task worktree). No working file or index of the user's is involved, so git's
 * plumbing does it all: blobs through `hash-object --path` (the path's clean filters and eol
 * rules apply, as in any commit), the tree from a private index built from the branch's tip,
 * the commit through `commit-tree` (identity and signing from git config), and the branch moved
 * by `update-ref` with the tip the commit was built on, git's compare-and-swap. Killed at any
 * point, it leaves at most objects nothing refers to; the branch moves whole or not at all.
 * Callers hold the clone-wide lock.
 */
export async function commitOnBranch(paths: RepoPaths, branch: string, tip: string, changes: readonly FileChange[], message: string): Promise<string> {
  const index = join(paths.gitDir, `backlog-branch-index-${randomBytes(8).toString("hex")}`);
  const options = { cwd: paths.root, env: repoEnv(paths, { GIT_INDEX_FILE: index }) };
  try {
    await gitText(["read-tree", tip], options);
    for (const change of changes) {
      if (change.content === null) {
        await gitText(["update-index", "--force-remove", "--", change.path], options);
        continue;
      }
      const blob = (await gitText(["hash-object", "-w", `--path=${change.path}`, "--stdin"], { ...options, input: change.content })).trim();
      await gitText(["update-index", "--add", "--cacheinfo", `100644,${blob},${change.path}`], options);
    }
    const tree = (await gitText(["write-tree"], options)).trim();
    const commit = (await gitText(["commit-tree", tree, "-p", tip, "-F", "-"], { ...options, input: message })).trim();
    const subject = message.split("\n", 1)[0] ?? "";
    const moved = await runGit(["update-ref", "-m", subject, `refs/heads/${branch}`, commit, tip], options);
    if (moved.code !== 0) {
      throw new BacklogError("conflict", `${branch} moved while the commit on it was being made (${moved.stderr || "update-ref refused"}); nothing was committed on it.`, { branch });
    }
    return commit;
  } finally {
    rmSync(index, { force: true });
  }
}
