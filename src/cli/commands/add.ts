import { parseChangeArgs, takeTitle } from "../../domain/changes.js";
import { BacklogError } from "../../domain/errors.js";
import { addTask } from "../../service/operations/add.js";
import { duplicateTask } from "../../service/operations/duplicate.js";
import { graphOf } from "../../service/derived.js";
import { hasUserField } from "../../service/query.js";
import { taskToJson } from "../../service/task-json.js";
import { parseOneId, stringFlag, wordsAndText } from "../args.js";
import { defineCommand, type CommandContext } from "../command.js";
import type { Task } from "../../domain/task.js";
import type { Backlog } from "../../service/backlog.js";

export const addCommand = defineCommand({
  name: "add",
  summary: "create a task: add <title words> [priority:H +tag depends:7 due:friday ...]",
  usage: "add <title words> [changes] [-- <title words>] [--template bug] [--body <markdown>]",
  help: `Words that are not changes form the title. A word starting with - is title text here (add
Fix the -v flag); every word after -- is title text, whatever it looks like. \`git-backlog help
changes\` has every change word; defaults from .backlog apply first, then the template, then the
words.`,
  flags: {
    json: { kind: "boolean", help: "print the new task as JSON" },
    template: { kind: "string", value: "name", help: "start from a template: task, bug, feature, spec, story, or your own in backlog/templates/" },
    body: { kind: "string", value: "markdown", help: "the task's document (the template's otherwise)" },
  },
  examples: [
    { command: "git-backlog add Fix login redirect priority:H +auth due:friday", does: "a task with a priority, a tag and a due date" },
    { command: "git-backlog add Crash on save --template bug", does: "from the bug template" },
    { command: "git-backlog add priority:H -- Fix the --verbose flag", does: "everything after -- is title" },
  ],
  async run(context) {
    const backlog = await context.open();
    const { words: given, text } = wordsAndText(context.args);
    const { words, changes } = parseChangeArgs(given, backlog.now(), "add", (name) => hasUserField(backlog, name));
    const title = takeTitle([...words, ...text], changes);
    if (title === undefined || title.trim() === "") throw new BacklogError("usage", "a task needs a title: add <title words> [changes], e.g. add Fix login priority:H +auth.");
    const template = stringFlag(context.args, "template");
    const body = stringFlag(context.args, "body");
    const { task } = await addTask(backlog, { title, changes, ...(template && { template }), ...(body !== undefined && { body: `${body.replace(/\s+$/, "")}\n` }) });
    report(context, backlog, task, "Created");
  },
});

export const duplicateCommand = defineCommand({
  name: "duplicate",
  summary: "copy a task into a new pending one, with changes",
  usage: "duplicate <id> [title words] [changes] [-- <title words>]",
  help: `The copy is pending, with the source's priority, type, project, tags, depends, parent, due,
scheduled, recur, until, user fields and document, but not its notes, assignee, wait, branch,
worktree or timestamps. Title words give the copy a new title; changes apply on top (-tag
drops a copied tag).`,
  flags: { json: { kind: "boolean", help: "print the new task as JSON" } },
  examples: [
    { command: "git-backlog duplicate 12", does: "the same task again, as a new id" },
    { command: "git-backlog duplicate 12 Port the fix to v2 project:v2 -urgent", does: "a new title, another project, one tag less" },
  ],
  async run(context) {
    const [first] = context.args.positionals;
    if (first === undefined) throw new BacklogError("usage", "duplicate needs the id of the task to copy.");
    if (context.args.textFrom === 0) throw new BacklogError("usage", "duplicate needs the id before --: duplicate 12 -- <title words>.");
    const id = parseOneId([first], "duplicate") ?? 0;
    const backlog = await context.open();
    const { words: given, text } = wordsAndText(context.args, 1);
    const { words, changes } = parseChangeArgs(given, backlog.now(), "modify", (name) => hasUserField(backlog, name));
    const { task } = await duplicateTask(backlog, id, changes, takeTitle([...words, ...text], changes));
    report(context, backlog, task, "Created");
  },
});

export function report(context: CommandContext, backlog: Backlog, task: Task, verb: string): void {
  if (context.json) return context.printJson(taskToJson(task, graphOf(backlog).facts.get(task)));
  context.print(`${verb} task ${context.paint("bold", String(task.id))}: ${task.title} (${task.path})\n`);
}
