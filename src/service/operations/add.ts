import { renderTaskFile } from "../../format/render-task-file.js";
import { readTemplateFields } from "../../format/template.js";
import { taskFileName } from "../../domain/slug.js";
import { emptyChanges, normaliseValue, resolveChanges, type TaskChanges } from "../../domain/changes.js";
import { BacklogError } from "../../domain/errors.js";
import { applyFields } from "../../domain/apply-fields.js";
import type { FieldChanges, Task } from "../../domain/task.js";
import { readTemplate } from "../../store/templates.js";
import type { Backlog } from "../backlog.js";
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

/** Creates a task: a new file `<id>-<slug>.md`, committed as one operation. */
export async function addTask(backlog: Backlog, input: AddInput): Promise<{ task: Task; sha?: string }> {
  const title = input.title.trim();
  if (title === "") throw new BacklogError("usage", "a task needs a title.", { field: "title" });
  const changes = input.changes ?? emptyChanges();
  if (changes.set.title !== undefined) throw new BacklogError("usage", "give the title as words, not as title:...", { field: "title" });
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
      user: {},
      body: "",
      notes: [],
      path: `${backlog.config.dir}/${taskFileName(id, title)}`,
    };
    const fields: FieldChanges = {
      ...defaultFields(backlog),
      ...template?.fields,
      ...resolveChanges(template?.fields ? withTemplateLists(base, template.fields) : base, changes),
      ...(input.done && { status: "done", ended: now }),
      created: now,
      modified: now,
    };
    const task = applyFields(base, fields);
    task.body = input.body ?? template?.body ?? "";
    if (backlog.index.file(task.path)) throw new BacklogError("conflict", `${task.path} already exists`, { path: task.path }, [{ use: "doctor", does: "says why" }]);
    return { changes: [{ path: task.path, content: renderTaskFile(task) }], record: taskRecord(input.done ? "log" : "add", task), result: { task } };
  });
}

function defaultFields(backlog: Backlog): FieldChanges {
  const now = backlog.now();
  const fields: FieldChanges = {};
  for (const [name, value] of Object.entries(backlog.config.defaults)) {
    fields[name] = Array.isArray(value) || typeof value === "number" ? value : normaliseValue(name, value, `defaults.${name}`, now);
  }
  return fields;
}

function withTemplateLists(task: Task, fields: FieldChanges): Task {
  return {
    ...task,
    tags: Array.isArray(fields.tags) ? (fields.tags as string[]) : task.tags,
    depends: Array.isArray(fields.depends) ? (fields.depends as number[]) : task.depends,
  };
}
