import { BacklogError } from "../domain/errors.js";
import type { Task } from "../domain/task.js";
import type { Backlog } from "./backlog.js";

/*
 * Finding tasks by id when two files may hold one id (a merge from another clone; docs/reference/git.md, "Duplicate ids after a merge"): reads
 * show every copy, writes refuse, naming the files and the fix. Kept apart from task-file.ts, whose
 * file reader pulls in the YAML parser that `list` and `count` never need.
 */

/** Refuses a write that would reach a task whose id another file holds too, naming every such file. */
export function refuseDuplicateIds(backlog: Backlog, tasks: readonly Task[]): void {
  if (backlog.index.duplicateIds().length === 0) return;
  const shared = [...new Set(tasks.map((task) => task.id))].filter((id) => backlog.index.copies(id).length > 1);
  const [only] = shared;
  if (shared.length === 1 && only !== undefined) throw duplicateIdError(backlog.index.copies(only));
  if (shared.length > 1) {
    const lines = shared.map((id) => `id ${id}: ${backlog.index.copies(id).map((task) => task.path).join(", ")}`);
    throw new BacklogError(
      "refused",
      `ids ${shared.join(", ")} are each used by more than one file, after a merge with another clone:\n${lines.join("\n")}\nA command naming them cannot tell which task it means`,
      { ids: shared },
      [{ use: "doctor-fix", does: "gives the newer copies new ids (references follow)" }],
    );
  }
}

/** The refusal for an id that several files hold. */
export function duplicateIdError(copies: readonly Task[]): BacklogError {
  const id = copies[0]?.id;
  const paths = copies.map((task) => task.path);
  return new BacklogError(
    "refused",
    `id ${id} is used by ${copies.length} files (${paths.join(", ")}), after a merge with another clone, so a command naming ${id} cannot tell which task it means`,
    { id, paths },
    [
      { use: "doctor-fix", does: `gives the newer ${copies.length === 2 ? "one" : "ones"} a new id (references follow)` },
      ...(id === undefined ? [] : [{ use: "list" as const, id, does: "shows every copy" }]),
    ],
  );
}
