import { parseChangeArgs, takeTitle } from "../../domain/changes.js";
import { BacklogError } from "../../domain/errors.js";
import { modifyTasks } from "../../service/operations/modify.js";
import { graphOf } from "../../service/derived.js";
import { hasUserField } from "../../service/query.js";
import { taskToJson } from "../../service/task-json.js";
import { wordsAndText } from "../args.js";
import { defineCommand } from "../command.js";

export const modifyCommand = defineCommand({
  name: "modify",
  aliases: ["mod"],
  summary: "change tasks matching a filter: modify <filter> priority:H +tag -tag due:friday (--force: claimed by another)",
  usage: 'modify <filter> <changes> [-- <title words>] [--force]   (quote a filter of several terms: modify "project:web +bug" priority:H)',
  help: `The filter selects tasks as list does: without a status term or ids it reaches open tasks
only (pending and active), so "modify project:web priority:H" never changes a done task; name
ids or a status to reach others. An empty filter is refused. All the selected tasks change in one
commit, or none does; an id two files hold (a merge from another clone) is refused until
\`git-backlog doctor --fix\` renumbers one. A task another agent holds (active, assigned to
someone else) changes only with --force. Words that are not changes replace the title.
\`git-backlog help changes\` has every change word.`,
  flags: {
    json: { kind: "boolean", help: 'print {"tasks": [...]}, the tasks as changed' },
    force: { kind: "boolean", help: "change tasks another agent holds too" },
  },
  examples: [
    { command: "git-backlog modify 12 priority:H due:friday", does: "one task" },
    { command: 'git-backlog modify "project:web +bug" +urgent', does: "every open bug of the web project, in one commit" },
    { command: "git-backlog project:web +bug modify +urgent", does: "the same, in Taskwarrior's order" },
    { command: 'git-backlog modify "status:done project:old" project:archive', does: "done tasks too, named by their status" },
  ],
  async run(context) {
    const [filter, ...rest] = context.args.positionals;
    if (filter === undefined || rest.length === 0 || context.args.textFrom === 0) throw new BacklogError("usage", 'modify needs a filter and changes, e.g. modify 12 priority:H or modify "project:web +bug" +urgent.');
    const backlog = await context.open();
    const { words: given, text } = wordsAndText(context.args, 1);
    const { words, changes } = parseChangeArgs(given, backlog.now(), "modify", (name) => hasUserField(backlog, name));
    const title = takeTitle([...words, ...text], changes);
    if (title !== undefined) changes.set.title = title;
    const { tasks } = await modifyTasks(backlog, filter, changes, { force: context.args.flags.force === true });
    if (context.json) return context.printJson({ tasks: tasks.map((task) => taskToJson(task, graphOf(backlog).facts.get(task))) });
    for (const task of tasks) context.print(`Modified task ${context.paint("bold", String(task.id))}: ${task.title}\n`);
  },
});
