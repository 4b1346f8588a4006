import { runMergeDriver } from "../../git/merge-driver.js";
import { clockFrom } from "../backlog.js";

/**
 * The merge driver as git runs it: no backlog is opened (git is mid-merge, the index is
 * conflicted, and the driver must answer for one file only), just the three files git hands over.
 */
export async function mergeDriver(options: { base: string; ours: string; theirs: string; path: string; cwd: string; env: NodeJS.ProcessEnv }) {
  const now = clockFrom(options.env)().toISOString().replace(/\.\d{3}Z$/, "Z");
  return runMergeDriver({ base: options.base, ours: options.ours, theirs: options.theirs, path: options.path, cwd: options.cwd, now });
}
