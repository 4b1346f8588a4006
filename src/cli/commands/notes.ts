import { BacklogError } from "../../domain/errors.js";
import { annotateTask, denotateTask } from "../../service/operations/notes.js";
import { parseOneId } from "../args.js";
import { defineCommand } from "../command.js";
import { report } from "./add.js";

function idAndText(positionals: readonly string[], command: string): { id: number; text: string } {
  const [first, ...rest] = positionals;
  const id = first === undefined ? undefined : parseOneId([first], command);
  if (id === undefined || rest.length === 0) throw new BacklogError("usage", `${command} needs a task id and text, e.g. ${command} 12 the session store is Redis.`);
  return { id, text: rest.join(" ") };
}

export const annotateCommand = defineCommand({
  name: "annotate",
  aliases: ["note"],
  summary: "add a note to a task",
  usage: "annotate <id> <text>",
  help: `Appends "- <time> <author>: <text>" under the task's ## Notes heading. The author is
BACKLOG_AGENT, else your git user.name. Every word after the id is the note; put words that
look like options (--dry-run) after --.`,
  flags: { json: { kind: "boolean", help: "print the task as JSON, its notes included" } },
  examples: [
    { command: "git-backlog annotate 12 the session store is Redis" },
    { command: "git-backlog note 12 -- --dry-run shows nothing", does: "text that looks like an option" },
  ],
  async run(context) {
    const { id, text } = idAndText(context.args.positionals, "annotate");
    const backlog = await context.open();
    report(context, backlog, (await annotateTask(backlog, id, text)).task, "Annotated");
  },
});

export const denotateCommand = defineCommand({
  name: "denotate",
  summary: "remove a note: by its text, a unique part of it, or its number (#1)",
  usage: "denotate <id> <text | #n>",
  help: `Removes the note whose text is exactly that, else the only one holding it (ignoring case),
else note number n (#1 is the first). When the text is in several notes nothing is removed and
the error says so.`,
  flags: { json: { kind: "boolean", help: "print the task as JSON, its notes included" } },
  examples: [
    { command: "git-backlog denotate 12 Redis", does: "the one note that mentions Redis" },
    { command: "git-backlog denotate 12 #1", does: "the first note" },
  ],
  async run(context) {
    const { id, text } = idAndText(context.args.positionals, "denotate");
    const backlog = await context.open();
    report(context, backlog, (await denotateTask(backlog, id, text)).task, "Denotated");
  },
});
