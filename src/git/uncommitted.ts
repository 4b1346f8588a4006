import { gitText, repoEnv } from "./git-cli.js";
import type { RepoPaths } from "./repo-paths.js";

/** Which of `files` (relative to the working tree) are untracked or differ from HEAD, staged or not. */
export async function uncommittedFiles(paths: RepoPaths, files: readonly string[]): Promise<string[]> {
  const text = await gitText(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ...files], { cwd: paths.root, env: repoEnv(paths) });
  const listed = new Set(text.split("\0").map((record) => record.slice(3)));
  return files.filter((file) => listed.has(file));
}
