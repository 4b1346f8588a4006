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
  flags: { json: "boolean" },
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
  flags: { json: "boolean" },
  async run(context) {
    const { id, text } = idAndText(context.args.positionals, "denotate");
    const backlog = await context.open();
    report(context, backlog, (await denotateTask(backlog, id, text)).task, "Denotated");
  },
});
