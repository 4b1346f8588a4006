import { BacklogError } from "../../domain/errors.js";
import { readHistory, redoOperation, taskHistory, undoOperations, type RevertResult } from "../../service/operations/history.js";
import { intFlag, parseOneId } from "../args.js";
import { defineCommand, type CommandContext } from "../command.js";
import { renderTable } from "../output/table.js";

export const logCommand = defineCommand({
  name: "log",
  summary: "backlog operations from git history (one task's with an id; --diff shows its file's changes)",
  usage: "log [id] [--limit n] [--diff] [--json]",
  help: `Reads the Backlog-* trailers of this branch's commits: each operation with its commit, time,
tasks, agent and message, newest first. Hand edits that backlog committed are listed too.`,
  flags: {
    json: { kind: "boolean", help: "print the entries (with --diff: the task's history and patches) as JSON" },
    limit: { kind: "string", value: "n", help: "at most n entries" },
    diff: { kind: "boolean", help: "with an id: each commit's change to the task's file, as a patch" },
  },
  examples: [
    { command: "git-backlog log --limit 20", does: "the last twenty operations" },
    { command: "git-backlog log 12", does: "what happened to task 12" },
    { command: "git-backlog log 12 --diff", does: "and how its file changed each time" },
  ],
  maxPositionals: 1,
  async run(context) {
    const id = parseOneId(context.args.positionals, "log");
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
  summary: "revert your last n backlog operations on this branch as a new commit (--any: anyone's)",
  usage: "undo [n] [--any] [--json]",
  help: `Restores the task files of your last n backlog operations on this branch (default 1) in one
new commit; redo re-applies it. Yours means the same git author email (user.email) and the same
agent (BACKLOG_AGENT, or the MCP client's name; none for a plain CLI call). Another agent's
operations, and those pulled from other clones, are passed over: left in place and named in the
answer. --any takes everyone's.

Undo walks the branch's first parents: operations from before a merge are undone like any
other, while those that came in through a merge are not on this branch's line (undo them where
they were made). Hand edits that backlog committed ("edit #12 (by hand)") are never reverted;
they are passed over. Nothing is changed when a file of the operations was changed since by
anything else: a later commit or merge, a hand edit, or the working tree.`,
  flags: {
    json: { kind: "boolean", help: "print the commit, and what was reverted and passed over, as JSON" },
    any: { kind: "boolean", help: "undo the last operations whoever made them" },
  },
  examples: [
    { command: "git-backlog undo", does: "your last operation" },
    { command: "git-backlog undo 3 --json", does: "your last three; the JSON lists reverted and passedOver" },
    { command: "git-backlog undo --any", does: "the last operation, whoever made it" },
  ],
  maxPositionals: 1,
  async run(context) {
    const [count] = context.args.positionals;
    if (count !== undefined && !/^\d+$/.test(count)) throw new BacklogError("usage", `undo takes a number of operations, not "${count}".`, { token: count });
    const result = await undoOperations(await context.open(), { count: count === undefined ? 1 : Number(count), any: context.args.flags.any === true });
    if (context.json) return context.printJson(result);
    const n = result.reverted.length;
    context.print(`Undid ${n} operation${n === 1 ? "" : "s"}${result.sha ? ` in ${result.sha.slice(0, 10)}` : ""}:\n${describe(context, result)}`);
  },
});

export const redoCommand = defineCommand({
  name: "redo",
  summary: "re-apply your most recent undo (--any: anyone's)",
  usage: "redo [--any] [--json]",
  help: `Reverts your own undo made last, as a new commit (redo again for the one before it). A new
operation of yours ends what can be redone; another agent's does not, but nothing is changed
when a file was changed since the undo.`,
  flags: {
    json: { kind: "boolean", help: "print the commit and what it reverted as JSON" },
    any: { kind: "boolean", help: "redo the most recent undo, whoever made it" },
  },
  examples: [
    { command: "git-backlog redo", does: "bring back what your last undo reverted" },
    { command: "git-backlog redo --any", does: "the most recent undo by anyone" },
  ],
  maxPositionals: 0,
  async run(context) {
    const result = await redoOperation(await context.open(), { any: context.args.flags.any === true });
    if (context.json) return context.printJson(result);
    context.print(`Redid${result.sha ? ` in ${result.sha.slice(0, 10)}` : ""}, reverting:\n${describe(context, result)}`);
  },
});

/** What was reverted and, after it, what was passed over: one commit a line. */
function describe(context: CommandContext, result: RevertResult): string {
  const line = (entry: RevertResult["reverted"][number]): string => `  ${context.paint("yellow", entry.sha.slice(0, 10))} ${entry.message} (${entry.agent ? `${entry.author}, agent ${entry.agent}` : entry.author})\n`;
  const passed = result.passedOver.length > 0 ? `Passed over (left in place):\n${result.passedOver.map(line).join("")}` : "";
  return result.reverted.map(line).join("") + passed;
}
