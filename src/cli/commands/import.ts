import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { BacklogError } from "../../domain/errors.js";
import { importTasks } from "../../service/operations/transfer.js";
import { defineCommand } from "../command.js";

export const importCommand = defineCommand({
  name: "import",
  summary: "import tasks from JSON (our export or Taskwarrior's), all or nothing, as one commit",
  usage: "import <file.json | ->",
  flags: { json: "boolean" },
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
    if (context.json) return context.printJson({ imported: result.tasks.map((task) => task.id), renumbered: result.renumbered });
    context.print(`Imported ${result.tasks.length} task${result.tasks.length === 1 ? "" : "s"}.\n`);
    for (const [from, to] of Object.entries(result.renumbered)) context.print(`  ${from} → ${to}\n`);
  },
});
