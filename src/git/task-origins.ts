import type { Side } from "../domain/duplicate-ids.js";
import { gitText, repoEnv, runGit } from "./git-cli.js";
import type { RepoPaths } from "./repo-paths.js";

/**
 * Where each file came from, as history tells it (docs/reference/git.md, "Duplicate ids after a
 * merge"): `local` when the commit that added it (as `git log` follows the path) is on HEAD's
 * first-parent line, or the file is not committed yet (it was made here); `arrived` when that
 * commit came in through a merge (a pull, a merged branch). Undefined where git cannot say.
 */
export async function sidesOf(paths: RepoPaths, files: readonly string[]): Promise<Map<string, Side | undefined>> {
  const sides = new Map<string, Side | undefined>();
  if (files.length === 0) return sides;
  const env = repoEnv(paths);
  const line = await runGit(["rev-list", "--first-parent", "HEAD"], { cwd: paths.root, env });
  if (line.code !== 0) {
    for (const file of files) sides.set(file, "local"); // no commit yet: everything was made here
    return sides;
  }
  const own = new Set(line.stdout.toString("utf8").split("\n").filter(Boolean));
  for (const file of files) {
    const added = (await gitText(["log", "-1", "--format=%H", "--diff-filter=A", "HEAD", "--", file], { cwd: paths.root, env }).catch(() => undefined))?.trim();
    sides.set(file, added === undefined ? undefined : added === "" || own.has(added) ? "local" : "arrived");
  }
  return sides;
}
