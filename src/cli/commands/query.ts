import { BacklogError } from "../../domain/errors.js";
import { graphOf } from "../../service/derived.js";
import { nextTask } from "../../service/query.js";
import { requireTask } from "../../service/task-file.js";
import { exportTasks } from "../../service/operations/transfer.js";
import { storyOf, taskDetailJson, taskRef } from "../../service/task-detail.js";
import type { Backlog } from "../../service/backlog.js";
import type { TaskFacts } from "../../domain/facts.js";
import type { Task } from "../../domain/task.js";
import { parseIds } from "../args.js";
import { defineCommand } from "../command.js";
import { renderTaskDetail, type DetailLinks } from "../output/task-detail.js";

export const nextCommand = defineCommand({
  name: "next",
  summary: "the most urgent ready task",
  usage: "next [filter] [--json]",
  flags: { json: "boolean" },
  async run(context) {
    const backlog = await context.open({ bodies: context.json });
    const task = await nextTask(backlog, context.args.positionals);
    const facts = task && graphOf(backlog).facts.get(task);
    if (context.json) return context.printJson({ task: task ? taskDetailJson(backlog, task, facts) : null });
    if (!task) return context.print("Nothing is ready.\n");
    context.print(renderTaskDetail(task, facts, linksOf(backlog, task, facts), context.paint));
  },
});

export const showCommand = defineCommand({
  name: "show",
  aliases: ["info"],
  summary: "one task with its document and notes",
  usage: "show <id> [--json]",
  flags: { json: "boolean" },
  async run(context) {
    const ids = parseIds(context.args.positionals);
    if (ids.length === 0) throw new BacklogError("usage", "show needs a task id.");
    const backlog = await context.open({ bodies: true });
    const { facts } = graphOf(backlog);
    // Every file of a duplicated id is shown (each marked): a read names no single copy.
    const tasks = ids.flatMap((id) => {
      const copies = backlog.index.copies(id);
      return copies.length > 0 ? copies : [requireTask(backlog, id)];
    });
    if (context.json) {
      const json = tasks.map((task) => taskDetailJson(backlog, task, facts.get(task)));
      return context.printJson(json.length === 1 ? json[0] : json);
    }
    context.print(tasks.map((task) => renderTaskDetail(task, facts.get(task), linksOf(backlog, task, facts.get(task)), context.paint)).join("\n"));
  },
});

function linksOf(backlog: Backlog, task: Task, facts: TaskFacts | undefined): DetailLinks {
  return { story: storyOf(backlog, task, facts), ref: (id) => taskRef(backlog, id) };
}

export const exportCommand = defineCommand({
  name: "export",
  summary: "write every task as JSON (bodies included), done and deleted too; a filter applies over every status",
  usage: "export [filter]",
  flags: { json: "boolean" },
  async run(context) {
    const backlog = await context.open({ bodies: true });
    context.printJson(await exportTasks(backlog, context.args.positionals));
  },
});
