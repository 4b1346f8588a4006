import type { Config } from "../domain/config.js";
import { findBareRepository, findRepoPaths, type RepoPaths } from "../git/repo-paths.js";
import { loadConfig } from "../store/load-config.js";
import { assertRealTaskFolder } from "../store/real-folders.js";

export interface BacklogLocation {
  /** The working tree's top folder, or `cwd` outside a repository (`commit: false`). */
  root: string;
  repo: RepoPaths | undefined;
  config: Config;
}

/**
 * Where the backlog of `cwd` lives, refusing, before anything is read or written, what cannot
 * hold one: a bare repository, a folder outside any repository unless `.backlog` there says
 * `commit: false`, and a task folder that is not a real folder of the working tree.
 */
export async function locateBacklog(cwd: string, env: NodeJS.ProcessEnv): Promise<BacklogLocation> {
  const repo = findRepoPaths(cwd);
  if (!repo) {
    const bare = findBareRepository(cwd);
    // The refusals load the git module only when they are needed: a cold read never pays for it.
    if (bare) throw (await import("../git/repo-state.js")).bareRepository(bare);
  }
  const root = repo?.root ?? cwd;
  const config = await loadConfig(root, env);
  if (!repo && config.commit) throw (await import("../git/repo-state.js")).notARepository(cwd);
  assertRealTaskFolder(root, config.dir);
  return { root, repo, config };
}
