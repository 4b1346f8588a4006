import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { BacklogError } from "../domain/errors.js";
import { gitFailure, gitText, runGit } from "./git-cli.js";

/**
 * Branch-per-task worktrees through the git CLI (isomorphic-git cannot add worktrees). Every
 * call takes the folder to run in and passes an argument array; GIT_DIR and friends are cleared,
 * so a hook's environment cannot point these commands at another repository.
 */

const CLEAN_ENV = { GIT_DIR: undefined, GIT_WORK_TREE: undefined, GIT_INDEX_FILE: undefined, GIT_COMMON_DIR: undefined, GIT_OPTIONAL_LOCKS: "0" };

function git(args: readonly string[], cwd: string): Promise<string> {
  return gitText(args, { cwd, env: CLEAN_ENV });
}

async function gitOk(args: readonly string[], cwd: string): Promise<{ ok: boolean; out: string }> {
  const result = await runGit(args, { cwd, env: CLEAN_ENV });
  return { ok: result.code === 0, out: result.stdout.toString("utf8").trim() };
}

export interface WorktreeEntry {
  path: string;
  /** Short branch name; undefined for a detached or bare worktree. */
  branch?: string;
  head?: string;
  /** Git's lock reason (`git worktree lock --reason`), "" when locked without one; undefined when not locked. */
  locked?: string;
  /** Git's reason to call the entry stale (its folder is gone); undefined when it is not. */
  prunable?: string;
}

/** `git worktree list --porcelain`, parsed; the main checkout first. */
export async function listGitWorktrees(cwd: string): Promise<WorktreeEntry[]> {
  const text = await git(["worktree", "list", "--porcelain"], cwd);
  const entries: WorktreeEntry[] = [];
  for (const block of text.split(/\n\n+/)) {
    const entry: Partial<WorktreeEntry> = {};
    for (const line of block.split("\n")) {
      const space = line.indexOf(" ");
      const key = space < 0 ? line : line.slice(0, space);
      const value = space < 0 ? "" : line.slice(space + 1);
      if (key === "worktree") entry.path = value;
      else if (key === "branch") entry.branch = value.replace(/^refs\/heads\//, "");
      else if (key === "HEAD") entry.head = value;
      else if (key === "locked") entry.locked = value;
      else if (key === "prunable") entry.prunable = value;
    }
    if (entry.path) entries.push(entry as WorktreeEntry);
  }
  return entries;
}

/** Refuses a name git would not take as a branch (`git check-ref-format --branch`). */
export async function assertGitBranchName(name: string, cwd: string): Promise<void> {
  const { ok } = await gitOk(["check-ref-format", "--branch", name], cwd);
  if (!ok) throw new BacklogError("invalid", `"${name}" is not a valid git branch name (git check-ref-format refused it).`, { branch: name });
}

export async function branchExists(name: string, cwd: string): Promise<boolean> {
  return (await gitOk(["rev-parse", "--verify", "--quiet", `refs/heads/${name}`], cwd)).ok;
}

/** The commit a branch points at; undefined when there is no such branch. */
export async function branchTip(name: string, cwd: string): Promise<string | undefined> {
  const { ok, out } = await gitOk(["rev-parse", "--verify", "--quiet", `refs/heads/${name}^{commit}`], cwd);
  return ok ? out : undefined;
}

/** `git worktree add [-b <branch>] <path> <base|branch>`: a new branch from `base`, or an existing branch checked out. */
export async function addWorktree(cwd: string, path: string, branch: string, base: string | undefined): Promise<void> {
  const args = base === undefined ? ["worktree", "add", "--quiet", "--", path, branch] : ["worktree", "add", "--quiet", "-b", branch, "--", path, base];
  const result = await runGit(args, { cwd, env: CLEAN_ENV });
  if (result.code !== 0) throw gitFailure(args, result);
}

/** Deletes a branch only while it still points at `sha` (git's own compare-and-delete): a branch made by a failed step, never one someone moved since. */
export async function deleteBranchAt(name: string, sha: string, cwd: string): Promise<boolean> {
  const { ok } = await gitOk(["update-ref", "-d", `refs/heads/${name}`, sha], cwd);
  return ok;
}

/**
 * `git worktree remove` without --force: git itself refuses a dirty or locked worktree, a second
 * guard behind ours. For a worktree whose folder is gone it drops only git's stale entry: the
 * per-worktree `git worktree prune`, which leaves every other stale entry alone.
 */
export async function removeWorktree(cwd: string, path: string): Promise<void> {
  await git(["worktree", "remove", "--", path], cwd);
}

/** Uncommitted changes or untracked files in a worktree (`git status --porcelain`). */
export async function isWorktreeClean(path: string): Promise<boolean> {
  return (await git(["status", "--porcelain", "--untracked-files=normal"], path)).trim() === "";
}

/** Whether `commit` is contained in `base` (what `git branch --merged <base>` lists). */
export async function isMergedInto(commit: string, base: string, cwd: string): Promise<boolean> {
  return (await gitOk(["merge-base", "--is-ancestor", commit, `refs/heads/${base}`], cwd)).ok;
}

/** Whether `commit` is on the branch's upstream (`@{u}`); false when the branch has none. */
export async function isPushed(branch: string, commit: string, cwd: string): Promise<boolean> {
  // `<branch>@{u}` takes the short name only (`refs/heads/x@{u}` is refused); branch names are validated before they get here.
  const upstream = await gitOk(["rev-parse", "--verify", "--quiet", `${branch}@{upstream}`], cwd);
  if (!upstream.ok) return false;
  const count = await gitOk(["rev-list", "--count", commit, `^${upstream.out}`], cwd);
  return count.ok && count.out === "0";
}

/** The repository's remotes, by name (`git remote`); empty when it has none. */
export async function listRemotes(cwd: string): Promise<string[]> {
  const { ok, out } = await gitOk(["remote"], cwd);
  return ok ? out.split("\n").filter((name) => name !== "") : [];
}

/** Commits on `branch` not on `base`, and on `base` not on `branch`. */
export async function aheadBehind(branch: string, base: string, cwd: string): Promise<{ ahead: number; behind: number } | undefined> {
  const { ok, out } = await gitOk(["rev-list", "--left-right", "--count", `refs/heads/${branch}...refs/heads/${base}`], cwd);
  if (!ok) return undefined;
  const [ahead, behind] = out.split(/\s+/).map(Number);
  return { ahead: ahead ?? 0, behind: behind ?? 0 };
}

/** The text of `path` in `commit` as a checkout would hold it (smudge filters and eol applied), byte for byte; undefined when it is not there. */
export async function fileAtCommit(commit: string, path: string, cwd: string): Promise<string | undefined> {
  const result = await runGit(["cat-file", "--filters", `${commit}:${path}`], { cwd, env: CLEAN_ENV });
  return result.code === 0 ? result.stdout.toString("utf8") : undefined;
}

/** The names of the files directly in folder `dir` of `commit` (none when it has no such folder). */
export async function filesAtCommit(commit: string, dir: string, cwd: string): Promise<string[]> {
  const { ok, out } = await gitOk(["ls-tree", "-z", "--name-only", commit, "--", `${dir}/`], cwd);
  return ok ? out.split("\0").filter(Boolean).map((path) => path.slice(dir.length + 1)) : [];
}

/** Whether any branch, remote-tracking branch or tag contains `commit`: if so, nothing only a worktree's reflog holds is lost with it. */
export async function isReachable(commit: string, cwd: string): Promise<boolean> {
  const { ok, out } = await gitOk(["for-each-ref", "--count=1", "--format=%(refname)", "--contains", commit, "refs/heads", "refs/remotes", "refs/tags"], cwd);
  return ok && out !== "";
}

/**
 * The last commit a linked worktree had checked out, from its own HEAD reflog in git's admin
 * entry (`<common dir>/worktrees/<name>/logs/HEAD`). When the worktree's branch was deleted,
 * that reflog is the only ref that still keeps its commits from `git gc`; undefined when there is none.
 */
export async function lastCheckedOutCommit(worktreePath: string, cwd: string): Promise<string | undefined> {
  const admin = await worktreeAdminDir(worktreePath, cwd);
  if (!admin) return undefined;
  const log = await readFile(join(admin, "logs", "HEAD"), "utf8").catch(() => "");
  const last = log.trimEnd().split("\n").at(-1)?.split(" ")[1];
  return last && /^[0-9a-f]{40,64}$/.test(last) && !/^0+$/.test(last) ? last : undefined;
}

/** A worktree's own git dir, asked from inside it: its admin entry, for a linked worktree. */
export async function worktreeGitDir(path: string): Promise<string> {
  return (await git(["rev-parse", "--absolute-git-dir"], path)).trim();
}

/**
 * Git's admin entry of a linked worktree (`<common dir>/worktrees/<name>`), found by the `gitdir`
 * pointer back to the worktree's `.git`, so it is found while the folder is gone too.
 */
export async function worktreeAdminDir(worktreePath: string, cwd: string): Promise<string | undefined> {
  const common = resolve(cwd, (await git(["rev-parse", "--git-common-dir"], cwd)).trim());
  const admin = join(common, "worktrees");
  for (const name of await readdir(admin).catch(() => [] as string[])) {
    const pointer = (await readFile(join(admin, name, "gitdir"), "utf8").catch(() => "")).trim();
    if (pointer !== "" && resolve(admin, name, pointer) === join(worktreePath, ".git")) return join(admin, name);
  }
  return undefined;
}

/**
 * The ignored files of a worktree, as the ignore rules match them (an ignored folder as one `dir/`
 * entry): what `git worktree remove` deletes without asking, as only untracked files and changes
 * make a worktree unclean to it.
 */
export async function ignoredFiles(path: string): Promise<string[]> {
  const records = (await git(["status", "--porcelain=v1", "-z", "--ignored=matching", "--untracked-files=normal"], path)).split("\0");
  const ignored: string[] = [];
  for (let i = 0; i < records.length; i++) {
    const record = records[i] ?? "";
    if (record.startsWith("!! ")) ignored.push(record.slice(3));
    else if (/^[RC]/.test(record)) i++; // a rename or copy: the next record is its old path
  }
  return ignored;
}
