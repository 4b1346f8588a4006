import { gitFailure, repoEnv, runGit } from "./git-cli.js";
import type { RepoPaths } from "./repo-paths.js";

/**
 * The driver as git finds it through `.gitattributes` (`merge=backlog`). git runs the command
 * through the shell, so `git-backlog` is looked up on PATH at merge time: the spelling survives
 * upgrades and reinstalls. Without git-backlog on PATH, set the absolute form by hand (README).
 */
export const MERGE_DRIVER_COMMAND = "git-backlog merge-driver %O %A %B %P";
const NAME = "git-backlog: task files merged field by field";

/**
 * Writes `merge.backlog.name` and `merge.backlog.driver` into the repository's config when they
 * are missing. A driver the user set differently (an absolute path, a wrapper) is left alone.
 */
export async function registerMergeDriver(paths: RepoPaths): Promise<string[]> {
  const actions: string[] = [];
  for (const [key, value] of [["merge.backlog.driver", MERGE_DRIVER_COMMAND], ["merge.backlog.name", NAME]] as const) {
    const env = repoEnv(paths, { GIT_OPTIONAL_LOCKS: undefined });
    const current = await runGit(["config", "--local", "--get", key], { cwd: paths.root, env });
    if (current.code === 0) continue;
    const args = ["config", "--local", key, value];
    const set = await runGit(args, { cwd: paths.root, env });
    if (set.code !== 0) throw gitFailure(args, set);
    if (key === "merge.backlog.driver") actions.push(`registered the merge driver in .git/config: ${key} = ${value}`);
  }
  return actions;
}
