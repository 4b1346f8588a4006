import { readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";

/** Where a checkout keeps its parts. In a linked worktree, HEAD and the index live in the admin dir, objects and refs in the common dir. */
export interface RepoPaths {
  /** The working tree's top folder. */
  root: string;
  /** The admin dir: `.git` in the main checkout, `.git/worktrees/<name>` in a linked worktree (HEAD, index). */
  gitDir: string;
  /** Objects, refs, config: shared by every worktree of the clone. */
  commonDir: string;
}

/** Finds the repository that contains `start`, walking up; undefined outside any repository. Resolves `.git` files and `commondir`. */
export function findRepoPaths(start: string): RepoPaths | undefined {
  let folder = resolve(start);
  for (;;) {
    const dotGit = join(folder, ".git");
    const kind = statKind(dotGit);
    if (kind === "dir") return { root: folder, gitDir: dotGit, commonDir: readCommonDir(dotGit) };
    if (kind === "file") {
      const gitDir = readGitFile(dotGit);
      if (gitDir) return { root: folder, gitDir, commonDir: readCommonDir(gitDir) };
    }
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

/**
 * The bare repository (a git dir without a working tree) that contains `start`, if any: a folder
 * holding `HEAD`, `objects/` and `refs/`, as git itself recognises one. Only asked once
 * `findRepoPaths` found no working tree.
 */
export function findBareRepository(start: string): string | undefined {
  let folder = resolve(start);
  for (;;) {
    if (statKind(join(folder, "HEAD")) === "file" && statKind(join(folder, "objects")) === "dir" && statKind(join(folder, "refs")) === "dir") return folder;
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

function statKind(path: string): "dir" | "file" | undefined {
  try {
    const stat = statSync(path);
    return stat.isDirectory() ? "dir" : stat.isFile() ? "file" : undefined;
  } catch {
    return undefined;
  }
}

function readGitFile(path: string): string | undefined {
  const match = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(path, "utf8"));
  if (!match?.[1]) return undefined;
  return isAbsolute(match[1]) ? match[1] : resolve(dirname(path), match[1]);
}

function readCommonDir(gitDir: string): string {
  try {
    const text = readFileSync(join(gitDir, "commondir"), "utf8").trim();
    return isAbsolute(text) ? text : resolve(gitDir, text);
  } catch {
    return gitDir;
  }
}
