import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { BacklogError } from "../domain/errors.js";
import { worktreeAdminDir, worktreeGitDir } from "./worktree-cli.js";

/**
 * Which task git-backlog created a worktree for: a file in the worktree's own admin entry
 * (`<common dir>/worktrees/<name>/backlog-task`). Not a task field, which a hand edit or an agent
 * could point at any worktree; not git config, which would outlive the worktree. Git deletes the
 * admin entry with the worktree, so a worktree the user makes later at the same path has no record.
 */

const RECORD = "backlog-task";

/** Records that git-backlog just created the worktree at `path` for task `id`. */
export async function recordWorktreeOwner(path: string, id: number): Promise<void> {
  const admin = await worktreeGitDir(path);
  try {
    await writeFile(join(admin, RECORD), `${id}\n`);
  } catch (error) {
    throw new BacklogError("io", `the worktree at ${path} was created, but recording it as task ${id}'s in ${admin} failed (${error instanceof Error ? error.message : String(error)}); \`done\` and \`prune\` will keep it: remove it yourself when you are done.`, { id, path });
  }
}

/** The task the worktree at `path` was created for; undefined when git-backlog did not create it. */
export async function worktreeOwner(path: string, cwd: string): Promise<number | undefined> {
  const admin = await worktreeAdminDir(path, cwd);
  if (!admin) return undefined;
  const text = await readFile(join(admin, RECORD), "utf8").catch(() => "");
  return /^\d+\n?$/.test(text) ? Number(text.trim()) : undefined;
}
