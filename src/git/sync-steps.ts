import { existsSync } from "node:fs";
import { join } from "node:path";
import { BacklogError } from "../domain/errors.js";
import type { OperationRecord } from "../store/writer.js";
import { formatMessage } from "./commit-message.js";
import { gitFailure, gitText, repoEnv, runGit } from "./git-cli.js";
import { readHead } from "./ref-store.js";
import type { RepoPaths } from "./repo-paths.js";

/**
 * The git steps of `sync` (service/operations/sync.ts has the order and the retries), each with
 * git's own CLI, so git's locks, hooks-free merges and the merge driver apply as for a user's
 * `git pull`.
 */

/** The branch being synced and where its upstream lives. */
export interface SyncTarget {
  branch: string;
  remote: string;
  /** The upstream branch on the remote: `main` for `refs/heads/main`. */
  remoteBranch: string;
  /** The remote-tracking ref git fetches it into: `origin/main`. */
  tracking: string;
}

/**
 * What sync will work on, refusing (with nothing changed) what it must not touch: a detached
 * HEAD, a merge, rebase, cherry-pick or revert in progress, a branch without an upstream, and
 * changes the user staged outside the task folder (a merge would have to carry them).
 */
export async function syncTarget(paths: RepoPaths, dir: string, remoteOverride?: string): Promise<SyncTarget> {
  const head = readHead(paths.gitDir);
  if (head.kind === "detached") throw new BacklogError("git", "HEAD is detached: sync works on a branch. Check one out first (git switch <branch>).");
  const branch = head.ref.replace(/^refs\/heads\//, "");
  for (const [file, what, abort] of IN_PROGRESS) {
    if (existsSync(join(paths.gitDir, file))) throw new BacklogError("git", `a ${what} is in progress: finish it (or \`${abort}\`), then sync.`);
  }
  const env = repoEnv(paths);
  const config = async (key: string): Promise<string | undefined> => {
    const result = await runGit(["config", "--get", key], { cwd: paths.root, env });
    return result.code === 0 ? result.stdout.toString("utf8").trim() : undefined;
  };
  const remote = remoteOverride ?? (await config(`branch.${branch}.remote`));
  const merge = await config(`branch.${branch}.merge`);
  if (!remote || !merge || remote === ".") {
    const example = remoteOverride ?? "origin";
    throw new BacklogError(
      "git",
      `branch ${branch} has no upstream to sync with. Set one: \`git push -u ${example} ${branch}\` (a new branch) or \`git branch --set-upstream-to=${example}/${branch}\` (one the remote has).`,
    );
  }
  const remotes = (await gitText(["remote"], { cwd: paths.root, env })).split("\n").filter(Boolean);
  if (!remotes.includes(remote)) throw new BacklogError("git", `no remote named "${remote}"; this repository has ${remotes.length > 0 ? remotes.join(", ") : "none"}.`);
  const staged = (await gitText(["diff", "--cached", "--name-only", "-z"], { cwd: paths.root, env })).split("\0").filter((path) => path && !path.startsWith(`${dir}/`));
  if (staged.length > 0) {
    throw new BacklogError("git", `you have staged changes outside the task folder (${staged.slice(0, 3).join(", ")}${staged.length > 3 ? ", …" : ""}): sync commits only task files. Commit or unstage them first (git commit, or git restore --staged <file>).`);
  }
  const remoteBranch = merge.replace(/^refs\/heads\//, "");
  return { branch, remote, remoteBranch, tracking: `${remote}/${remoteBranch}` };
}

const IN_PROGRESS: readonly (readonly [string, string, string])[] = [
  ["MERGE_HEAD", "merge", "git merge --abort"],
  ["rebase-merge", "rebase", "git rebase --abort"],
  ["rebase-apply", "rebase", "git rebase --abort"],
  ["CHERRY_PICK_HEAD", "cherry-pick", "git cherry-pick --abort"],
  ["REVERT_HEAD", "revert", "git revert --abort"],
];

/** Commits the given task files as they are on disk (hand edits), nothing else: other staged changes stay staged. */
export async function commitFiles(paths: RepoPaths, files: readonly string[], prefix: string, record: OperationRecord): Promise<string> {
  const env = repoEnv(paths);
  await gitText(["add", "--all", "--", ...files], { cwd: paths.root, env });
  await gitText(["commit", "--quiet", "--no-verify", "--only", "-F", "-", "--", ...files], { cwd: paths.root, env, input: formatMessage(prefix, record) });
  return (await gitText(["rev-parse", "HEAD"], { cwd: paths.root, env })).trim();
}

export async function fetchUpstream(paths: RepoPaths, target: SyncTarget): Promise<void> {
  const args = ["fetch", "--quiet", target.remote, `+refs/heads/${target.remoteBranch}:refs/remotes/${target.tracking}`];
  const result = await runGit(args, { cwd: paths.root, env: repoEnv(paths) });
  if (result.code !== 0) throw new BacklogError("git", `git fetch ${target.remote} failed: ${result.stderr || `exit code ${result.code}`}. Nothing was changed.`, { stderr: result.stderr });
}

export type MergeOutcome = { kind: "up-to-date" | "fast-forward" | "merged"; sha: string } | { kind: "conflict"; files: string[] };

/**
 * Merges the upstream into the branch as `git merge` does (fast-forward when it can), with the
 * task-file merge driver (`driver`: its command, given for this merge when the clone's config
 * has none). A true conflict leaves the merge in progress for the user.
 */
export async function mergeUpstream(paths: RepoPaths, target: SyncTarget, driver: string | undefined): Promise<MergeOutcome> {
  const env = repoEnv(paths);
  const before = (await gitText(["rev-parse", "HEAD"], { cwd: paths.root, env })).trim();
  const upstream = (await gitText(["rev-parse", `refs/remotes/${target.tracking}`], { cwd: paths.root, env })).trim();
  if ((await runGit(["merge-base", "--is-ancestor", upstream, before], { cwd: paths.root, env })).code === 0) return { kind: "up-to-date", sha: before };
  const config = driver ? ["-c", `merge.backlog.driver=${driver}`, "-c", "merge.backlog.name=git-backlog"] : [];
  const args = [...config, "merge", "--no-edit", "--no-verify", "-m", `Merge ${target.tracking} into ${target.branch} (git-backlog sync)`, `refs/remotes/${target.tracking}`];
  const result = await runGit(args, { cwd: paths.root, env });
  if (result.code !== 0) {
    const unmerged = (await gitText(["diff", "--name-only", "--diff-filter=U", "-z"], { cwd: paths.root, env })).split("\0").filter(Boolean);
    if (unmerged.length > 0) return { kind: "conflict", files: unmerged };
    throw gitFailure(args, result);
  }
  const after = (await gitText(["rev-parse", "HEAD"], { cwd: paths.root, env })).trim();
  const parents = (await gitText(["rev-list", "--parents", "-n", "1", after], { cwd: paths.root, env })).trim().split(" ").length - 1;
  return { kind: parents > 1 ? "merged" : "fast-forward", sha: after };
}

export type PushOutcome = { kind: "pushed" | "nothing" } | { kind: "rejected"; reason: string };

/** Pushes the branch to its upstream; a rejection because the remote moved is reported, not thrown, so sync can try again. */
export async function pushUpstream(paths: RepoPaths, target: SyncTarget): Promise<PushOutcome> {
  const env = repoEnv(paths);
  const head = (await gitText(["rev-parse", "HEAD"], { cwd: paths.root, env })).trim();
  const tracking = await runGit(["rev-parse", "--verify", "--quiet", `refs/remotes/${target.tracking}`], { cwd: paths.root, env });
  if (tracking.code === 0 && tracking.stdout.toString("utf8").trim() === head) return { kind: "nothing" };
  const args = ["push", "--quiet", "--no-verify", target.remote, `HEAD:refs/heads/${target.remoteBranch}`];
  const result = await runGit(args, { cwd: paths.root, env });
  if (result.code === 0) {
    // What the remote now has, as a fetch would record it.
    await runGit(["update-ref", `refs/remotes/${target.tracking}`, head], { cwd: paths.root, env });
    return { kind: "pushed" };
  }
  if (/\[rejected\]|\[remote rejected\]|non-fast-forward|fetch first|cannot lock ref|failed to update ref/i.test(result.stderr)) return { kind: "rejected", reason: result.stderr };
  throw new BacklogError("git", `git push ${target.remote} failed: ${result.stderr || `exit code ${result.code}`}. The merge is committed here; push it yourself, or sync again.`, { stderr: result.stderr });
}
