import { renderTaskFile } from "../../format/render-task-file.js";
import { readTemplateFields } from "../../format/template.js";
import { taskFileName } from "../../domain/slug.js";
import { emptyChanges, resolveChanges, type TaskChanges } from "../../domain/changes.js";
import { defaultChanges } from "../../domain/defaults.js";
import { assertTitle } from "../../domain/title.js";
import { BacklogError } from "../../domain/errors.js";
import { assertAllSettable } from "../../domain/field-policy.js";
import { applyFields } from "../../domain/apply-fields.js";
import type { FieldChanges, Task } from "../../domain/task.js";
import { listTemplates, readTemplate } from "../../store/templates.js";
import type { OperationRecord } from "../../store/writer.js";
import type { Backlog } from "../backlog.js";
import { actorName } from "../actor.js";
import { allocateId } from "../ids.js";
import { nowIso, taskRecord } from "../task-file.js";
import { transact } from "../transact.js";

export interface AddInput {
  title: string;
  body?: string;
  changes?: TaskChanges;
  /** A task template: the repository's `<dir>/templates/<name>.md` or a built-in one. */
  template?: string;
  /** Work already finished: the task is created done, ended now (the operation is `log`). */
  done?: boolean;
}

/** Creates a task: a new file `<id>-<slug>.md`, committed as one operation (`recordOf` names it in the history). */
export async function addTask(
  backlog: Backlog,
  input: AddInput,
  recordOf: (task: Task) => OperationRecord = (task) => taskRecord(input.done ? "log" : "add", task),
): Promise<{ task: Task; sha?: string }> {
  const title = input.title.trim();
  if (title === "") throw new BacklogError("usage", "a task needs a title.", { field: "title" });
  assertTitle(title);
  const changes = input.changes ?? emptyChanges();
  if (changes.set.title !== undefined) throw new BacklogError("usage", "the title is given once, as the task's title, not among its changes.", { field: "title" });
  assertAllSettable(changes.set, "add");
  if (input.done && changes.set.status !== undefined && changes.set.status !== "done") {
    throw new BacklogError("usage", `status cannot be ${String(changes.set.status)}: work logged as finished is done.`, { field: "status" });
  }
  return transact(backlog, async () => {
    const id = await allocateId(backlog);
    const now = nowIso(backlog);
    const template = input.template ? readTemplateFields(readTemplate({ root: backlog.root, dir: backlog.config.dir, kind: "tasks", name: input.template })) : undefined;
    const base: Task = {
      id,
      title,
      status: "pending",
      tags: [],
      depends: [],
      related: [],
      user: {},
      body: "",
      notes: [],
      path: `${backlog.config.dir}/${taskFileName(id, title)}`,
    };
    // Layered as written down: the config's defaults, then the template, then this add's own
    // changes, each resolved against the one before (`+ui` adds to a default's tags); work
    // already finished (`log`) is done whatever they say.
    const defaults = defaultChanges(backlog.config.defaults, backlog.now());
    const withDefaults = applyFields(base, resolveChanges(base, defaults));
    const withTemplate = template ? applyFields(withDefaults, template.fields) : withDefaults;
    const own = { ...resolveChanges(withTemplate, changes), ...(input.done && { status: "done" }) };
    const stamps = await statusStamps(backlog, { ...template?.fields, ...own }, now);
    const task = applyFields(withTemplate, { ...own, ...stamps, created: now, modified: now });
    task.body = input.body ?? template?.body ?? "";
    if (backlog.index.file(task.path)) throw new BacklogError("conflict", `${task.path} already exists`, { path: task.path }, [{ use: "doctor", does: "says why" }]);
    return { changes: [{ path: task.path, content: renderTaskFile(task) }], record: recordOf(task), result: { task } };
  });
}

/**
 * A task added with a status gets what the lifecycle commands would have stamped (docs/reference/changes.md, "`add`, `modify`, `duplicate`"):
 * `started` and a claim's assignee when active, `ended` when done or deleted. What was given wins.
 */
async function statusStamps(backlog: Backlog, fields: FieldChanges, now: string): Promise<FieldChanges> {
  if (fields.status === "active") {
    return { ...(!fields.started && { started: now }), ...(!fields.assignee && { assignee: await actorName(backlog) }) };
  }
  if (fields.status === "done" || fields.status === "deleted") return !fields.ended ? { ended: now } : {};
  return {};
}

/** The task templates `add --template` takes here: the built-in ones and the repository's own (`<dir>/templates/`). */
export function taskTemplateNames(backlog: Backlog): string[] {
  return listTemplates({ root: backlog.root, dir: backlog.config.dir, kind: "tasks" });
}
