import type { Config } from "../domain/config.js";
import { assertRealParents } from "../store/real-folders.js";
import type { Writer } from "../store/writer.js";

/**
 * How operations reach the disk for this backlog: one git commit each, or with `commit: false`
 * plain atomic file writes under the same lock. (Outside a repository, `openBacklog` has refused
 * already unless `commit: false` is set.)
 *
 * No path is written through a symbolic link or into something that is not a folder: the task
 * folder was checked when the backlog was opened, but a long-running process must not follow a
 * link that replaced it since (the files would land outside the repository and git would refuse
 * to index them).
 *
 * The engine (and isomorphic-git, ~90 ms to load) is loaded on the first write, so a read
 * command never pays for it.
 */
export function openWriter(options: { root: string; config: Config; longRunning?: boolean }): Writer {
  let opened: Promise<Writer> | undefined;
  const writer = (): Promise<Writer> =>
    (opened ??= import("../git/index.js").then(({ createGitWriter }) =>
      createGitWriter({
        cwd: options.root,
        dir: options.config.dir,
        commit: options.config.commit,
        prefix: options.config.commitPrefix,
        ...(options.longRunning && { prestartIndexRefresh: true }),
      }),
    ));
  return {
    root: options.root,
    withLock: async (fn) => (await writer()).withLock(fn),
    assertWritable: async (paths) => (await writer()).assertWritable(paths),
    apply: async (changes, record, applyOptions) => {
      assertRealParents(options.root, changes.map((change) => change.path));
      return (await writer()).apply(changes, record, applyOptions);
    },
    highestKnownId: async (dir) => (await writer()).highestKnownId(dir),
    // Nothing to release when nothing was ever written.
    close: async () => (opened ? (await opened).close() : undefined),
  };
}
