import { BacklogError } from "../domain/errors.js";
import { isOpen, type Task } from "../domain/task.js";
import type { Backlog } from "./backlog.js";

/**
 * A claim binds every write but notes (docs/reference/changes.md, "Claims"): a task another agent holds (active, assigned to
 * someone else) may be changed, stopped, completed or deleted only when forced. `me` is who acts
 * (`actorName`, the name a claim of theirs would carry). Checked inside the operation, on what was
 * just read under the lock, so a claim made a moment ago counts.
 */
export function assertNotHeldByAnother(task: Task, me: string, force: boolean | undefined): void {
  if (force || task.status !== "active" || task.assignee === undefined || task.assignee === me) return;
  throw new BacklogError(
    "refused",
    `task ${task.id} is claimed by ${task.assignee}${task.started ? ` since ${task.started}` : ""}, not by you (${me})`,
    { id: task.id, assignee: task.assignee },
    [{ use: "force", does: "acts on it anyway" }],
  );
}

/** Starting work that waits on open dependencies is refused unless forced: the open ones are named. */
export function assertNotBlocked(backlog: Backlog, task: Task, force: boolean | undefined): void {
  if (force) return;
  const blockers = [...new Set(task.depends)].filter((id) => {
    const dependency = backlog.index.get(id);
    return dependency !== undefined && dependency.id !== task.id && isOpen(dependency);
  });
  if (blockers.length === 0) return;
  const named = blockers.map((id) => `#${id} ${backlog.index.get(id)?.title ?? ""}`.trim()).join(", ");
  throw new BacklogError("refused", `task ${task.id} is blocked: it depends on ${named}, not done yet`, { id: task.id, blockedBy: blockers }, [
    { use: "next", does: "picks a ready task" },
    { use: "force", does: "starts it anyway" },
  ]);
}
