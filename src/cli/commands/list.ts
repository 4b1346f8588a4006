import { withBody } from "../../service/bodies.js";
import { graphOf } from "../../service/derived.js";
import { countTasks, listTasks } from "../../service/query.js";
import { taskToJson } from "../../service/task-json.js";
import { intFlag, stringFlag } from "../args.js";
import { defineCommand, type CommandContext } from "../command.js";
import type { FactsLookup } from "../../domain/facts.js";
import type { Task } from "../../domain/task.js";
import { tableWidth } from "../io.js";
import { renderTaskTable } from "../output/task-table.js";

// `list` and `count` live apart from the other read commands (query.ts): they are the hot path
// of a cold CLI call, so their module imports nothing the others need (export, show's detail view).

export const listCommand = defineCommand({
  name: "list",
  aliases: ["ls"],
  summary: "list open tasks matching a filter, most urgent first",
  usage: "list [filter] [--sort urgency-,due+] [--limit n] [--json]",
  help: `A filter that names no status and no id covers open tasks (pending and active); with no
filter at all, open tasks that are not WAITING. A status term (status:done, status.any:),
+COMPLETED, +DELETED or ids reach done and deleted tasks too. Status values ignore case.

The default order is urgency, highest first, then id. --sort takes keys with + (ascending) or
- (descending): task fields (id, title, status, priority, due, created, ...), urgency, blocked,
blocking, ready, waiting, overdue, notes, or a user field your tasks carry.

Two files with one id (a merge from another clone) are both listed, marked ⚠dup (--json:
"duplicate": true), until \`git-backlog doctor --fix\` gives the newer one a new id.
\`git-backlog help filter\` has the whole filter language.`,
  flags: {
    json: { kind: "boolean", help: "print the tasks as JSON, documents and notes included" },
    sort: { kind: "string", value: "keys", help: "order by keys, + ascending and - descending: urgency-,due+" },
    limit: { kind: "string", value: "n", help: "show at most n tasks; the footer says how many matched" },
  },
  examples: [
    { command: "git-backlog list", does: "open tasks that are not waiting" },
    { command: "git-backlog list +bug project:web", does: "open bugs of the web project" },
    { command: "git-backlog list status:done --sort ended- --limit 10", does: "the last ten tasks done" },
    { command: "git-backlog list 12,15", does: "tasks 12 and 15, whatever their status" },
  ],
  async run(context) {
    const backlog = await context.open();
    const sort = stringFlag(context.args, "sort");
    const limit = intFlag(context.args, "limit");
    const tasks = await listTasks(backlog, context.args.positionals, { ...(sort && { sort }), ...(limit !== undefined && { limit }) });
    const { facts } = graphOf(backlog);
    if (context.json) return context.printJson(tasks.map((task) => taskToJson(withBody(backlog, task), facts.get(task))));
    // Only a full page can hide tasks: count them then, so the footer says "2 of 20".
    const total = limit !== undefined && tasks.length >= limit ? await countTasks(backlog, context.args.positionals) : tasks.length;
    context.print(await listText(tasks, facts, context, total));
  },
});

/** Tasks as `list` prints them: the table and how many (of how many matched), or a line saying there are none. */
export async function listText(tasks: readonly Task[], facts: FactsLookup, context: Pick<CommandContext, "io" | "paint">, total = tasks.length): Promise<string> {
  if (tasks.length === 0) return "No matching tasks.\n";
  const table = await renderTaskTable(tasks, facts, { width: tableWidth(context.io), paint: context.paint });
  const count = total > tasks.length ? `${tasks.length} of ${total} tasks` : `${tasks.length} task${tasks.length === 1 ? "" : "s"}`;
  return `${table}${context.paint("gray", count)}\n`;
}

export const countCommand = defineCommand({
  name: "count",
  summary: "count tasks matching a filter (open tasks unless it names a status or ids, as list)",
  usage: "count [filter] [--json]",
  flags: { json: { kind: "boolean", help: 'print {"count": n}' } },
  examples: [
    { command: "git-backlog count +bug", does: "open bugs" },
    { command: "git-backlog count status:done end.after:sow", does: "tasks done since Monday" },
  ],
  async run(context) {
    const count = await countTasks(await context.open(), context.args.positionals);
    if (context.json) return context.printJson({ count });
    context.print(`${count}\n`);
  },
});
