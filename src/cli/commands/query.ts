import { BacklogError } from "../../domain/errors.js";
import { withBody } from "../../service/bodies.js";
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
  help: `READY is pending, not blocked by an open dependency, not waiting and not scheduled in the
future; a parent with open children is a container, never next. Ties in urgency go to the lower
id. Nothing ready prints "Nothing is ready." (--json: {"task": null}).`,
  flags: { json: { kind: "boolean", help: 'print {"task": …} with its document and notes, or {"task": null}' } },
  examples: [
    { command: "git-backlog next", does: "what to work on now" },
    { command: "git-backlog next project:web", does: "the most urgent ready task of the web project" },
    { command: "git-backlog next +bug --json", does: "as JSON, for a script or an agent" },
  ],
  async run(context) {
    const backlog = await context.open();
    const task = await nextTask(backlog, context.args.positionals);
    const facts = task && graphOf(backlog).facts.get(task);
    if (context.json) return context.printJson({ task: task ? taskDetailJson(backlog, withBody(backlog, task), facts) : null });
    if (!task) return context.print("Nothing is ready.\n");
    context.print(renderTaskDetail(withBody(backlog, task), facts, linksOf(backlog, task, facts), context.paint));
  },
});

export const showCommand = defineCommand({
  name: "show",
  aliases: ["info"],
  summary: "one task with its document and notes",
  usage: "show <id> [<id> ...] [--json]",
  help: `Shows the fields, the computed state (blocked, ready, urgency), what the task depends on and
what depends on it, its parent's story or its children's progress, the document and the notes.
An id two files hold shows both, each marked.`,
  flags: { json: { kind: "boolean", help: "print the task (an array for several ids) with its document and notes" } },
  examples: [
    { command: "git-backlog show 12", does: "task 12, whatever its status" },
    { command: "git-backlog show 12 15 --json", does: "two tasks as a JSON array" },
  ],
  async run(context) {
    const ids = parseIds(context.args.positionals);
    if (ids.length === 0) throw new BacklogError("usage", "show needs a task id.");
    const backlog = await context.open();
    const { facts } = graphOf(backlog);
    // Every file of a duplicated id is shown (each marked): a read names no single copy.
    const tasks = ids.flatMap((id) => {
      const copies = backlog.index.copies(id);
      return copies.length > 0 ? copies : [requireTask(backlog, id)];
    });
    if (context.json) {
      const json = tasks.map((task) => taskDetailJson(backlog, withBody(backlog, task), facts.get(task)));
      return context.printJson(json.length === 1 ? json[0] : json);
    }
    context.print(tasks.map((task) => renderTaskDetail(withBody(backlog, task), facts.get(task), linksOf(backlog, task, facts.get(task)), context.paint)).join("\n"));
  },
});

function linksOf(backlog: Backlog, task: Task, facts: TaskFacts | undefined): DetailLinks {
  return { story: storyOf(backlog, task, facts), ref: (id) => taskRef(backlog, id) };
}

export const exportCommand = defineCommand({
  name: "export",
  summary: "write every task as JSON (bodies included), done and deleted too; a filter applies over every status",
  usage: "export [filter]",
  help: `The answer is always JSON: an array of tasks with their documents and notes. \`import\` reads
it back; importing the same export again changes nothing.`,
  flags: { json: { kind: "boolean", help: "accepted for symmetry: export always prints JSON" } },
  examples: [
    { command: "git-backlog export > backlog.json", does: "every task, done and deleted ones too" },
    { command: "git-backlog export project:web status:pending", does: "the pending tasks of one project" },
  ],
  async run(context) {
    const backlog = await context.open({ bodies: true });
    context.printJson(await exportTasks(backlog, context.args.positionals));
  },
});
