import { createGitWriter } from "../git/index.js";
import type { Config } from "../domain/config.js";
import type { Writer } from "../store/writer.js";

/**
 * How operations reach the disk for this backlog: one git commit each, or with `commit: false`
 * plain atomic file writes under the same lock. Outside a repository with `commit` on, the
 * writer refuses every write with the fix (`git init` or `commit: false`); reads still work.
 */
export function openWriter(options: { root: string; config: Config }): Promise<Writer> {
  return createGitWriter({ cwd: options.root, dir: options.config.dir, commit: options.config.commit, prefix: options.config.commitPrefix });
}
