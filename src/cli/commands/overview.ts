import { BacklogError } from "../../domain/errors.js";
import { STATUSES } from "../../domain/task.js";
import { withBody } from "../../service/bodies.js";
import { graphOf } from "../../service/derived.js";
import { drawGraph, listProjects, listTags, runView, viewDefinitions, type ViewResult } from "../../service/operations/overview.js";
import type { Backlog } from "../../service/backlog.js";
import { taskToJson } from "../../service/task-json.js";
import { parseOneId, stringFlag } from "../args.js";
import { defineCommand, type CommandContext } from "../command.js";
import { tableWidth } from "../io.js";
import { renderTable } from "../output/table.js";
import { renderTaskTable } from "../output/task-table.js";
import { renderBoard } from "../output/board.js";

const FORMATS = ["text", "mermaid", "dot"] as const;

export const graphCommand = defineCommand({
  name: "graph",
  summary: "the dependency graph as text, mermaid or dot; with an id, what it depends on (--up) and what depends on it (--down)",
  usage: "graph [id] [--up|--down] [--format text|mermaid|dot]",
  help: `Without an id, every task that takes part in a dependency or a related link; a dependency
that is archived or missing is drawn as "#7 (not shown)". Related links never block: they are
drawn apart. Cycles are reported with their path (4 → 9 → 4).`,
  flags: {
    format: { kind: "string", value: "text|mermaid|dot", help: "text (default), a mermaid flowchart or graphviz dot" },
    up: { kind: "boolean", help: "with an id: only what it depends on, transitively" },
    down: { kind: "boolean", help: "with an id: only what depends on it, transitively" },
    json: { kind: "boolean", help: 'print {"format", "graph", "cycles"}' },
  },
  examples: [
    { command: "git-backlog graph", does: "the whole dependency graph as text" },
    { command: "git-backlog graph 12 --up", does: "what task 12 waits for" },
    { command: "git-backlog graph --format mermaid > deps.mmd", does: "for a README or a wiki page" },
  ],
  async run(context) {
    const format = stringFlag(context.args, "format") ?? "text";
    if (!(FORMATS as readonly string[]).includes(format)) throw new BacklogError("usage", `--format is text, mermaid or dot, not "${format}".`, { token: format });
    const id = parseOneId(context.args.positionals, "graph");
    const { up, down } = context.args.flags;
    const direction = up === down ? "both" : up ? "up" : "down";
    const backlog = await context.open();
    const drawing = drawGraph(backlog, format as (typeof FORMATS)[number], id, direction);
    if (context.json) return context.printJson({ format, graph: drawing, cycles: graphOf(backlog).cycles });
    context.print(drawing.endsWith("\n") ? drawing : `${drawing}\n`);
  },
});

export const viewCommand = defineCommand({
  name: "view",
  summary: "run a named view (ready, blocked, active, overdue, board, or your own); no name lists them",
  usage: "view [name] [--json]",
  help: `A view is a named filter with a sort and columns. Built in: ready (+READY by urgency), blocked,
active, overdue and board (every task not deleted, in columns by status); your own go in .backlog
under views: and may override a built-in one.`,
  flags: { json: { kind: "boolean", help: "print the tasks (for board: an object of columns), or the definitions without a name" } },
  examples: [
    { command: "git-backlog view", does: "the views and their filters" },
    { command: "git-backlog view ready", does: "what can start now, most urgent first" },
    { command: "git-backlog view board", does: "pending, active and done side by side" },
  ],
  maxPositionals: 1,
  async run(context) {
    const backlog = await context.open();
    const [name] = context.args.positionals;
    if (name === undefined) {
      const views = viewDefinitions(backlog);
      if (context.json) return context.printJson(views);
      const rows = Object.entries(views).map(([key, view]) => [key, view.filter, view.description ?? ""]);
      return context.print(await renderTable([{ header: "View" }, { header: "Filter" }, { header: "Description", flex: true }], rows, tableWidth(context.io)));
    }
    const result = await runView(backlog, name);
    const { facts } = graphOf(backlog);
    if (context.json) {
      if (result.kind === "board") {
        return context.printJson(Object.fromEntries(STATUSES.map((status) => [status, result.columns[status].map((task) => taskToJson(withBody(backlog, task), facts.get(task)))])));
      }
      return context.printJson(result.tasks.map((task) => taskToJson(withBody(backlog, task), facts.get(task))));
    }
    context.print(await viewText(backlog, result, context));
  },
});

/** A view as `view <name>` prints it: the board's columns, or the tasks' table. */
export async function viewText(backlog: Backlog, result: ViewResult, context: Pick<CommandContext, "io" | "paint">): Promise<string> {
  if (result.kind === "board") return renderBoard(result.columns, graphOf(backlog).facts, { width: context.io.isTTY ? context.io.columns : 120, paint: context.paint });
  if (result.tasks.length === 0) return `View ${result.name}: no tasks.\n`;
  return renderTaskTable(result.tasks, graphOf(backlog).facts, { width: tableWidth(context.io), paint: context.paint });
}

export const projectsCommand = defineCommand({
  name: "projects",
  summary: "projects of open tasks, with counts",
  usage: "projects [--json]",
  flags: { json: { kind: "boolean", help: 'print [{"project", "count"}, ...]' } },
  examples: [
    { command: "git-backlog projects", does: "every project with open tasks" },
    { command: "git-backlog projects --json", does: "the same as data" },
  ],
  maxPositionals: 0,
  async run(context) {
    const projects = listProjects(await context.open());
    if (context.json) return context.printJson(projects);
    context.print(await renderTable([{ header: "Project" }, { header: "Tasks", align: "right" }], projects.map((p) => [p.project, String(p.count)]), tableWidth(context.io)) || "No projects.\n");
  },
});

export const tagsCommand = defineCommand({
  name: "tags",
  summary: "tags of open tasks, with counts",
  usage: "tags [--json]",
  flags: { json: { kind: "boolean", help: 'print [{"tag", "count"}, ...]' } },
  examples: [
    { command: "git-backlog tags", does: "every tag of open tasks" },
    { command: "git-backlog tags --json", does: "the same as data" },
  ],
  maxPositionals: 0,
  async run(context) {
    const tags = listTags(await context.open());
    if (context.json) return context.printJson(tags);
    context.print(await renderTable([{ header: "Tag" }, { header: "Tasks", align: "right" }], tags.map((t) => [t.tag, String(t.count)]), tableWidth(context.io)) || "No tags.\n");
  },
});
