import { listArchive, loadArchiveSegment } from "../../service/archived.js";
import { archiveTasks } from "../../service/operations/archive.js";
import { BacklogError } from "../../domain/errors.js";
import { taskToJson } from "../../service/task-json.js";
import { defineCommand } from "../command.js";
import { tableWidth } from "../io.js";
import { renderTable } from "../output/table.js";
import { renderTaskTable } from "../output/task-table.js";

export const archiveCommand = defineCommand({
  name: "archive",
  summary: "move closed tasks into archive/<year>-Q<n>/ (default: ended 90+ days ago); archive list; archive load <segment>",
  usage: "archive [filter] | archive list | archive load <segment>",
  help: `Archived tasks leave the index (list, next, graph), keep their files and history, and come
back with restore <id>. A filter selects over every status, but only done and deleted tasks
move; without one, those that ended 90 days ago or more. One commit for the whole move.`,
  flags: { json: { kind: "boolean", help: "print the archived ids, the segments, or a segment's tasks as JSON" } },
  examples: [
    { command: "git-backlog archive", does: "closed tasks that ended 90 days ago or more" },
    { command: "git-backlog archive project:old", does: "the closed tasks of one project, whenever they ended" },
    { command: "git-backlog archive list", does: "the segments and how many tasks each holds" },
    { command: "git-backlog archive load 2026-Q3", does: "read one segment's tasks" },
  ],
  async run(context) {
    const [first, ...rest] = context.args.positionals;
    const backlog = await context.open();
    if (first === "list") {
      const segments = listArchive(backlog);
      if (context.json) return context.printJson(segments);
      if (segments.length === 0) return context.print("The archive is empty.\n");
      return context.print(await renderTable([{ header: "Segment" }, { header: "Tasks", align: "right" }], segments.map((s) => [s.segment, String(s.count)]), tableWidth(context.io)));
    }
    if (first === "load") {
      const [segment] = rest;
      if (segment === undefined) throw new BacklogError("usage", "archive load needs a segment, e.g. archive load 2026-Q3 (see archive list).");
      const tasks = loadArchiveSegment(backlog, segment);
      if (context.json) return context.printJson(tasks.map((task) => taskToJson(task, undefined)));
      return context.print(await renderTaskTable(tasks, new Map(), { width: tableWidth(context.io), paint: context.paint }) || "No tasks.\n");
    }
    const result = await archiveTasks(backlog, context.args.positionals);
    if (context.json) return context.printJson({ archived: result.archived.map((task) => task.id) });
    context.print(`Archived ${result.archived.length} task${result.archived.length === 1 ? "" : "s"}.\n`);
  },
});
