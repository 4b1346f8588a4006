/**
 * Names of a task's branch and worktree folder (docs/reference/git.md, "Task branches and worktrees"). Pure: the slug only ever holds
 * `a-z`, `0-9` and inner `-`, so a name built from a hostile title is safe by construction; the
 * guards below are a second line for names that come from elsewhere (a `branch` field, config).
 */
import { isAbsolute, relative, resolve } from "node:path";
import { BacklogError } from "./errors.js";
import { slugify } from "./slug.js";
import { isTaskId } from "./task-id.js";

/** Git allows far longer refs, but a folder is named after the branch and paths have limits. */
export const MAX_BRANCH_LENGTH = 100;

/** `<id>-<slug>`, the slug from the first `titleWords` words; `task-<id>` when nothing is left. */
export function taskBranchName(id: number, title: string, titleWords: number): string {
  const slug = slugify(title, titleWords);
  const name = slug === "" ? `task-${id}` : `${id}-${slug}`;
  return name.length <= MAX_BRANCH_LENGTH ? name : name.slice(0, MAX_BRANCH_LENGTH).replace(/-+$/, "");
}

/** The worktree folder's name: `<repo-folder>-<branch>`, or the branch alone with `prefix: none`. */
export function worktreeFolderName(repoFolder: string, branch: string, prefix: "project" | "none"): string {
  return prefix === "none" ? branch : `${repoFolder}-${branch}`;
}

/**
 * Where the worktree goes: under `root` (relative to the repository) when set, else beside the
 * repository. Refuses a folder name that would leave that parent (resolve, then compare).
 */
export function worktreeLocation(repoRoot: string, folderName: string, root: string | undefined): string {
  const parent = root === undefined ? resolve(repoRoot, "..") : resolve(repoRoot, root);
  const path = resolve(parent, folderName);
  const inside = relative(parent, path);
  if (inside === "" || inside.startsWith("..") || isAbsolute(inside) || inside.includes("/") || inside.includes("\\")) {
    throw new BacklogError("refused", `worktree folder "${folderName}" would not sit directly in ${parent}; refusing to create it elsewhere.`, { folderName, parent });
  }
  return path;
}

/** Our own rules for a branch name, beyond what `git check-ref-format --branch` checks. */
export function branchNameProblem(name: string): string | undefined {
  if (name === "") return "it is empty";
  if (name.length > MAX_BRANCH_LENGTH) return `it is longer than ${MAX_BRANCH_LENGTH} characters`;
  if (/^[-.]/.test(name)) return "it starts with - or .";
  if (name.includes("..")) return "it contains ..";
  if (name.includes("@{")) return "it contains @{";
  if (/\.lock$|\.lock\//.test(name)) return "a component ends with .lock";
  // eslint-disable-next-line no-control-regex -- control characters are exactly what git refuses in a ref
  if (/[\s~^:?*[\\\x00-\x1f\x7f]/.test(name)) return "it contains a space, a control character or one of ~^:?*[\\";
  if (/\/\/|\/$|\/\.|\.$/.test(name)) return "it has an empty component, or one that starts or ends with .";
  return undefined;
}

/** The id a task branch names: `12-fix-login` → 12, `task-12` → 12. */
export function idFromBranch(branch: string): number | undefined {
  const match = /^(?:task-)?(\d+)(?:-|$)/.exec(branch);
  const id = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  return isTaskId(id) ? id : undefined;
}
