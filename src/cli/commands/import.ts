import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { BacklogError } from "../../domain/errors.js";
import { importTasks, type ImportResult } from "../../service/operations/transfer.js";
import { defineCommand } from "../command.js";

export const importCommand = defineCommand({
  name: "import",
  summary: "import tasks from JSON (our export or Taskwarrior's), all or nothing, as one commit; importing again changes nothing",
  usage: "import <file.json | ->",
  help: `Reads an array of tasks: git-backlog's export, or Taskwarrior's (task export). An item whose id
and created match a task here updates it, or is skipped when nothing differs; a new item whose id
is taken gets the next free one (the answer says which). Nothing is written unless every item
is valid.`,
  flags: { json: { kind: "boolean", help: 'print {"imported", "updated", "unchanged", "renumbered"}' } },
  examples: [
    { command: "git-backlog import backlog.json" },
    { command: "task export | git-backlog import -", does: "from Taskwarrior, through standard input" },
  ],
  maxPositionals: 1,
  async run(context) {
    const [source] = context.args.positionals;
    if (source === undefined) throw new BacklogError("usage", "import needs a file, or - for standard input.");
    let text: string;
    try {
      text = source === "-" ? await context.io.readStdin() : await readFile(resolve(context.io.cwd, source), "utf8");
    } catch (error) {
      throw new BacklogError("usage", `cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, { file: source });
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new BacklogError("invalid", `${source} is not JSON: ${(error as Error).message}`, { file: source });
    }
    const backlog = await context.open();
    const result = await importTasks(backlog, data);
    if (context.json) return context.printJson({ imported: result.created, updated: result.updated, unchanged: result.unchanged, renumbered: result.renumbered });
    context.print(`${summary(result)}\n`);
    for (const [from, to] of Object.entries(result.renumbered)) context.print(`  ${from} → ${to}\n`);
  },
});

function summary({ created, updated, unchanged }: ImportResult): string {
  if (created.length + updated.length === 0) return `Nothing to change: ${unchanged.length === 1 ? "the task is" : `the ${unchanged.length} tasks are`} already here as imported.`;
  const parts: string[] = [];
  if (created.length > 0) parts.push(`Imported ${tasks(created.length)}`);
  if (updated.length > 0) parts.push(`${parts.length > 0 ? "updated" : "Updated"} ${tasks(updated.length)} (${updated.join(", ")})`);
  if (unchanged.length > 0) parts.push(`${unchanged.length} unchanged`);
  return `${parts.join(", ")}.`;
}

function tasks(count: number): string {
  return `${count} task${count === 1 ? "" : "s"}`;
}
