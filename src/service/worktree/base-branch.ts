import type { Task } from "../../domain/task.js";
import { parseTaskFile } from "../../format/parse-task-file.js";
import { idFromFileName } from "../../domain/task-id.js";
import { branchTip, fileAtCommit, filesAtCommit, type WorktreeEntry } from "../../git/worktree-cli.js";
import { openBacklog, type Backlog } from "../backlog.js";
import { samePath } from "./same-path.js";

/** The branch task branches are cut from and merged into: config `worktree.base`, else the main checkout's branch. */
export function baseBranch(backlog: Backlog, worktrees: readonly WorktreeEntry[]): string | undefined {
  return backlog.config.worktree.base ?? worktrees[0]?.branch;
}

/**
 * The base branch as seen from any worktree: the backlog of the checkout that has it checked
 * out (this one, or one opened there), whose working files are the board the user sees; or,
 * checked out nowhere, its tip.
 */
export interface BaseSide {
  branch: string;
  checkout?: Backlog;
  /** Checked out nowhere: the branch's commit (absent: there is no such branch). */
  tip?: string;
}

/** `now`: the clock of a backlog opened in the base's checkout (a step made again there keeps its stamps). Undefined without a base branch. */
export async function openBaseSide(backlog: Backlog, worktrees: readonly WorktreeEntry[], options: { now?: () => Date } = {}): Promise<BaseSide | undefined> {
  const branch = baseBranch(backlog, worktrees);
  if (!branch) return undefined;
  const entry = worktrees.find((worktree) => worktree.branch === branch);
  if (entry && samePath(entry.path, backlog.root)) return { branch, checkout: backlog };
  if (entry) return { branch, checkout: await openBacklog({ cwd: entry.path, now: options.now ?? (() => backlog.now()), ...(backlog.agent && { agent: backlog.agent }) }) };
  const tip = await branchTip(branch, backlog.root);
  return { branch, ...(tip && { tip }) };
}

/** Lets go of a backlog `openBaseSide` opened (its writer, once it wrote). */
export async function closeBaseSide(side: BaseSide, backlog: Backlog): Promise<void> {
  if (side.checkout && side.checkout !== backlog) await side.checkout.writer.close();
}

/** A task file as the base branch has it, with its exact text when read from the tip. */
export interface BaseTaskFile {
  path: string;
  task: Task | undefined;
  /** Why it does not parse. */
  problem?: string;
  text?: string;
}

/** The task with that id on the base, found by its id whatever its file is named there; undefined when the base does not have it. */
export async function taskFileOnBase(side: BaseSide, id: number, dir: string, cwd: string): Promise<BaseTaskFile | undefined> {
  if (side.checkout) {
    const task = side.checkout.index.get(id);
    return task && { path: task.path, task };
  }
  if (!side.tip) return undefined;
  const name = (await filesAtCommit(side.tip, dir, cwd)).find((file) => file.endsWith(".md") && idFromFileName(file) === id);
  if (!name) return undefined;
  const path = `${dir}/${name}`;
  const text = await fileAtCommit(side.tip, path, cwd);
  if (text === undefined) return undefined;
  const parsed = parseTaskFile(text, path);
  const problem = parsed.problems.find((candidate) => candidate.severity === "error")?.message;
  return { path, task: problem ? undefined : parsed.task, text, ...(problem && { problem }) };
}
