import { BacklogError } from "../../domain/errors.js";
import { readHistory, redoOperation, taskHistory, undoOperations } from "../../service/operations/history.js";
import { intFlag, parseIds } from "../args.js";
import { defineCommand } from "../command.js";
import { renderTable } from "../output/table.js";

export const logCommand = defineCommand({
  name: "log",
  summary: "backlog operations from git history (one task's with an id; --diff shows its file's changes)",
  usage: "log [id] [--limit n] [--diff] [--json]",
  flags: { json: "boolean", limit: "string", diff: "boolean" },
  async run(context) {
    const [id] = parseIds(context.args.positionals);
    const limit = intFlag(context.args, "limit");
    const backlog = await context.open();
    if (context.args.flags.diff === true) {
      if (id === undefined) throw new BacklogError("usage", "log --diff needs a task id: log 12 --diff.");
      const history = await taskHistory(backlog, id, limit);
      if (context.json) return context.printJson(history);
      if (history.entries.length === 0) return context.print(`No history for task ${id}.\n`);
      for (const entry of history.entries) {
        context.print(`${context.paint("yellow", entry.sha.slice(0, 10))} ${entry.time} ${entry.message}\n${entry.patch}\n`);
      }
      return;
    }
    const entries = await readHistory(backlog, { ...(id !== undefined && { id }), ...(limit !== undefined && { limit }) });
    if (context.json) return context.printJson(entries);
    if (entries.length === 0) return context.print(`No backlog operations${id === undefined ? "" : ` on task ${id}`} on this branch.\n`);
    const rows = entries.map((entry) => [context.paint("yellow", entry.sha.slice(0, 10)), entry.time.replace("T", " ").replace(/Z$/, ""), entry.op, entry.tasks.join(","), entry.agent ?? "", entry.message]);
    context.print(await renderTable([{ header: "Commit" }, { header: "Time" }, { header: "Op" }, { header: "Tasks" }, { header: "Agent" }, { header: "Message", flex: true }], rows, context.io.isTTY ? context.io.columns : 160));
  },
});

export const undoCommand = defineCommand({
  name: "undo",
  summary: "revert the last n backlog operations on this branch, as a new commit",
  usage: "undo [n] [--json]",
  flags: { json: "boolean" },
  async run(context) {
    const [count] = context.args.positionals;
    if (count !== undefined && !/^\d+$/.test(count)) throw new BacklogError("usage", `undo takes a number of operations, not "${count}".`, { token: count });
    const result = await undoOperations(await context.open(), count === undefined ? 1 : Number(count));
    if (context.json) return context.printJson(result);
    context.print(`Undid ${result.reverts.length} operation${result.reverts.length === 1 ? "" : "s"} (tasks ${result.tasks.join(", ")})${result.sha ? ` in ${result.sha.slice(0, 10)}` : ""}.\n`);
  },
});

export const redoCommand = defineCommand({
  name: "redo",
  summary: "re-apply the most recently undone operation",
  usage: "redo [--json]",
  flags: { json: "boolean" },
  async run(context) {
    const result = await redoOperation(await context.open());
    if (context.json) return context.printJson(result);
    context.print(`Redid (tasks ${result.tasks.join(", ")})${result.sha ? ` in ${result.sha.slice(0, 10)}` : ""}.\n`);
  },
});
