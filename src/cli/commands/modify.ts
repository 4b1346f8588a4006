import { parseChangeArgs } from "../../domain/changes.js";
import { BacklogError } from "../../domain/errors.js";
import { modifyTasks } from "../../service/operations/modify.js";
import { graphOf } from "../../service/derived.js";
import { taskToJson } from "../../service/task-json.js";
import { defineCommand } from "../command.js";

export const modifyCommand = defineCommand({
  name: "modify",
  aliases: ["mod"],
  summary: "change tasks matching a filter: modify <filter> priority:H +tag -tag due:friday (--force: claimed by another)",
  usage: 'modify <filter> <changes>   (quote a filter of several terms: modify "project:web +bug" priority:H)',
  flags: { json: "boolean", force: "boolean" },
  async run(context) {
    const [filter, ...rest] = context.args.positionals;
    if (filter === undefined || rest.length === 0) throw new BacklogError("usage", 'modify needs a filter and changes, e.g. modify 12 priority:H or modify "project:web +bug" +urgent.');
    const backlog = await context.open();
    const { words, changes } = parseChangeArgs(rest, backlog.now());
    if (words.length > 0) changes.set.title = words.join(" ");
    const { tasks } = await modifyTasks(backlog, filter, changes, { force: context.args.flags.force === true });
    if (context.json) return context.printJson({ tasks: tasks.map((task) => taskToJson(task, graphOf(backlog).facts.get(task.id))) });
    for (const task of tasks) context.print(`Modified task ${context.paint("bold", String(task.id))}: ${task.title}\n`);
  },
});
