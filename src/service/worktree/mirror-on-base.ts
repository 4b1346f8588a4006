import { BacklogError } from "../../domain/errors.js";
import { parseIsoTime } from "../../domain/iso-time.js";
import type { FieldChanges, Task } from "../../domain/task.js";
import { editTaskFile } from "../../format/edit-task-file.js";
import { formatMessage } from "../../git/commit-message.js";
import { commitOnBranch } from "../../git/commit-on-branch.js";
import { branchTip, fileAtCommit, listGitWorktrees } from "../../git/worktree-cli.js";
import type { FileChange } from "../../store/writer.js";
import type { Backlog } from "../backlog.js";
import { currentTask } from "../current.js";
import { editTask, taskRecord } from "../task-file.js";
import { transact } from "../transact.js";
import { closeBaseSide, openBaseSide, taskFileOnBase, type BaseSide } from "./base-branch.js";

/** What a lifecycle step taken inside a task worktree did on the base branch. */
export interface BaseCommit {
  /** Absent when there is no base branch (the main checkout's HEAD is detached and `worktree.base` is not set). */
  branch?: string;
  /** The commit on the base (absent with `commit: false` there, or when nothing was committed). */
  sha?: string;
  /** Why the base did not take the step. */
  reason?: string;
}

/** A step as it was just committed on the task branch, to be made again on the base. */
export interface MirrorStep {
  op: string;
  id: number;
  /** The fields the step set on the branch, with the values it set. */
  fields: FieldChanges;
  /** The branch commit's `modified` stamp: both commits make the same change, so a later merge meets one change on both sides. */
  modified: string | undefined;
  /** The step's own rule, throwing its refusal, applied to the base's copy (`stop` needs it active there, `done` not done already). */
  check: (task: Task) => void;
  /** A recurring task's next occurrence, as the step wrote it on the branch. */
  spawned?: FileChange;
  force?: boolean;
}

/** The step is taken inside the worktree of this very task: on its branch, which is not the base. */
export function inTaskWorktree(backlog: Backlog, id: number): boolean {
  return Boolean(backlog.repo && backlog.config.commit && currentTask(backlog).task?.id === id);
}

/**
 * `done`, `stop` and `delete` inside a task worktree (docs/reference/git.md, "Task branches and worktrees") are committed on the task branch
 * (by the caller, so the pull request carries them) and then here on the base branch, so the
 * base's board is true whether the branch is merged before or after. Where the base is checked
 * out, the commit is made in that checkout (its index and working file follow, as for
 * `start --worktree`'s claim); checked out nowhere, on the branch alone. The step stands on the
 * task branch either way: what the base does not take (the task is not there yet, or is already
 * done there) is the answer's `reason`, not an error.
 */
export async function mirrorOnBase(backlog: Backlog, step: MirrorStep): Promise<BaseCommit | undefined> {
  const here = currentTask(backlog).branch;
  const stamp = parseIsoTime(step.modified);
  const side = await openBaseSide(backlog, await listGitWorktrees(backlog.root), stamp === undefined ? {} : { now: () => new Date(stamp) });
  if (!side) return { reason: "there is no base branch: the main checkout's HEAD is detached and `worktree.base` is not set" };
  if (side.branch === here) return undefined;
  try {
    const sha = side.checkout ? await commitInCheckout(side.checkout, side.branch, step) : await commitOnTip(backlog, side, step);
    return { branch: side.branch, ...(sha && { sha }) };
  } catch (error) {
    if (error instanceof BacklogError) return { branch: side.branch, reason: error.message };
    throw error;
  } finally {
    await closeBaseSide(side, backlog);
  }
}

async function commitInCheckout(base: Backlog, branch: string, step: MirrorStep): Promise<string | undefined> {
  const outcome = await transact(
    base,
    () => {
      const task = base.index.get(step.id);
      if (!task) throw notOnBase(step.id, branch);
      step.check(task);
      const changes = [editTask(base, task, step.fields)];
      if (step.spawned && !base.index.file(step.spawned.path)) changes.push(step.spawned);
      return { changes, record: taskRecord(step.op, task), result: {} };
    },
    step.force ? { force: true } : {},
  );
  return outcome.sha;
}

/** No checkout to re-read or to keep in step: the file at the tip is edited and committed on the ref (the branch commit passed the write rules already). */
async function commitOnTip(backlog: Backlog, side: BaseSide, step: MirrorStep): Promise<string> {
  const { repo, config } = backlog;
  if (!repo) throw new BacklogError("git", "not a git repository");
  return backlog.writer.withLock(async () => {
    const tip = await branchTip(side.branch, backlog.root);
    if (!tip) throw new BacklogError("not-found", `branch ${side.branch} does not exist`, { branch: side.branch });
    if ((await listGitWorktrees(backlog.root)).some((worktree) => worktree.branch === side.branch)) {
      throw new BacklogError("conflict", `${side.branch} was checked out meanwhile; run the same command there to bring its board up to date`, { branch: side.branch });
    }
    const file = await taskFileOnBase({ branch: side.branch, tip }, step.id, config.dir, backlog.root);
    if (!file?.text) throw notOnBase(step.id, side.branch);
    if (!file.task) throw new BacklogError("invalid", `${file.path} on ${side.branch} cannot be used: ${file.problem ?? "it does not parse"}`, { path: file.path });
    step.check(file.task);
    const changes: FileChange[] = [{ path: file.path, content: editTaskFile(file.text, { ...step.fields, ...(step.modified && { modified: step.modified }) }) }];
    if (step.spawned && (await fileAtCommit(tip, step.spawned.path, backlog.root)) === undefined) changes.push(step.spawned);
    const record = { ...taskRecord(step.op, file.task), ...(backlog.agent && { agent: backlog.agent }) };
    return commitOnBranch(repo, side.branch, tip, changes, formatMessage(config.commitPrefix, record));
  });
}

function notOnBase(id: number, branch: string): BacklogError {
  return new BacklogError("not-found", `task ${id} is not on ${branch} yet; it gets there with the merge`, { id, branch });
}
