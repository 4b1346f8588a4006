import { BacklogError } from "../../domain/errors.js";
import { graphOf } from "../../service/derived.js";
import { nextTask } from "../../service/query.js";
import { requireTask } from "../../service/task-file.js";
import { exportTasks } from "../../service/operations/transfer.js";
import { taskToJson } from "../../service/task-json.js";
import { parseIds } from "../args.js";
import { defineCommand } from "../command.js";
import { renderTaskDetail } from "../output/task-detail.js";

export const nextCommand = defineCommand({
  name: "next",
  summary: "the most urgent ready task",
  usage: "next [filter] [--json]",
  flags: { json: "boolean" },
  async run(context) {
    const backlog = await context.open({ bodies: context.json });
    const task = await nextTask(backlog, context.args.positionals);
    if (context.json) return context.printJson({ task: task ? taskToJson(task, graphOf(backlog).facts.get(task)) : null });
    if (!task) return context.print("Nothing is ready.\n");
    context.print(renderTaskDetail(task, graphOf(backlog).facts.get(task), context.paint));
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
    if (context.json) return context.printJson(tasks.length === 1 ? taskToJson(tasks[0]!, facts.get(tasks[0]!)) : tasks.map((task) => taskToJson(task, facts.get(task))));
    context.print(tasks.map((task) => renderTaskDetail(task, facts.get(task), context.paint)).join("\n"));
  },
});

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
