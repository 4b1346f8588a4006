import { resolveChanges, hasChanges, type TaskChanges } from "../../domain/changes.js";
import { BacklogError } from "../../domain/errors.js";
import { assertAllSettable } from "../../domain/field-policy.js";
import { assertTitle } from "../../domain/title.js";
import { fieldValue, type FieldChanges, type Task } from "../../domain/task.js";
import type { Backlog } from "../backlog.js";
import { actorName } from "../actor.js";
import { assertNotHeldByAnother } from "../claims.js";
import { parseQuery, selectTasks, type FilterInput } from "../query.js";
import { assertNoBrokenFile, batchRecord, editTask } from "../task-file.js";
import { transact } from "../transact.js";

/**
 * Changes fields of every task the filter selects, as one operation. An empty filter is refused,
 * and so is a field a change may not set (`domain/field-policy.ts`: the status moves through the
 * lifecycle, so its timestamps stay right). A task
 * another agent holds is changed only when forced.
 */
export async function modifyTasks(
  backlog: Backlog,
  filter: FilterInput,
  changes: TaskChanges,
  options: { force?: boolean } = {},
): Promise<{ tasks: Task[]; sha?: string }> {
  if (!hasChanges(changes)) throw new BacklogError("usage", "no changes given: name at least one field to change.");
  assertAllSettable(changes.set, "modify");
  if (changes.set.title === null) throw new BacklogError("usage", "a task needs a title; it cannot be removed.", { field: "title" });
  if (typeof changes.set.title === "string") assertTitle(changes.set.title);
  const me = await actorName(backlog);
  const outcome = await transact(
    backlog,
    async () => {
      const selected = await selectTasks(backlog, filter, { purpose: "write" });
      if (selected.length === 0) {
        // `modify 12` on a file that cannot be used says why and names it, as `done 12` does.
        const node = parseQuery(backlog, filter);
        if (node.kind === "ids") for (const [from, to] of node.ranges) if (from === to) assertNoBrokenFile(backlog, from);
        throw new BacklogError("not-found", `no task matches "${describe(filter)}"`, { filter: describe(filter) }, [{ use: "list", does: "shows what a filter selects" }]);
      }
      const changed = selected.filter((task) => differs(task, resolveChanges(task, changes)));
      for (const task of changed) assertNotHeldByAnother(task, me, options.force);
      const fileChanges = changed.map((task) => editTask(backlog, task, resolveChanges(task, changes)));
      return { changes: fileChanges, record: batchRecord("modify", changed), result: { ids: changed.map((task) => task.id) } };
    },
    options,
  );
  const tasks = outcome.ids.map((id) => backlog.index.get(id)).filter((task): task is Task => task !== undefined);
  return { tasks, ...(outcome.sha && { sha: outcome.sha }) };
}

function describe(filter: FilterInput): string {
  return typeof filter === "string" ? filter : filter.join(" ");
}

/** True when applying the fields would change anything in the task. */
export function differs(task: Task, fields: FieldChanges): boolean {
  return Object.entries(fields).some(([name, value]) => {
    const current = fieldValue(task, name);
    if (value === null) return Array.isArray(current) ? current.length > 0 : current !== undefined;
    return JSON.stringify(current) !== JSON.stringify(value);
  });
}
