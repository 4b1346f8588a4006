/**
 * Ignored files a task worktree may lose when it is removed (config `worktree.disposable`; docs/reference/git.md, "Task branches and worktrees"):
 * build output and caches that any checkout makes again. Anything else ignored (`.env`, a local
 * database) keeps the worktree, because `git worktree remove` deletes ignored files without asking.
 */

export const DEFAULT_DISPOSABLE: readonly string[] = ["node_modules", "dist", "build", ".cache", "coverage", "target", ".venv"];

/** Why a config entry cannot be a disposable name; undefined when it can. Names only: a path would suggest a match it does not make. */
export function disposableNameProblem(name: string): string | undefined {
  if (name === "") return "it is empty";
  if (/[\\/]/.test(name)) return "it must be a file or folder name, not a path (it matches at any depth)";
  if (name === "." || name === "..") return "it would match every file";
  return undefined;
}

/** The paths (git's, a folder with a trailing `/`) not inside, or named, any of `names`. */
export function notDisposable(paths: readonly string[], names: readonly string[]): string[] {
  const disposable = new Set(names);
  return paths.filter((path) => !path.split("/").some((part) => disposable.has(part)));
}
