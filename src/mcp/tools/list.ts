import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/server";
import { graphOf } from "../../service/derived.js";
import { countTasks, duplicateNotice, listTasks, unreadableNotice } from "../../service/query.js";
import { filter, taskOut } from "../schema.js";
import { checkJsonFields } from "../../service/task-json.js";
import { AGENT_ACTION_NAMES } from "../errors.js";
import { listItemJson } from "../task-json.js";
import { defineTool, type ToolContext } from "../tool.js";

/** Without a limit a list stops here, and says how many more there are. */
export const DEFAULT_LIMIT = 50;

export function registerTaskListTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_list",
    title: "List tasks",
    description: "Tasks matching a filter, without documents.",
    input: z.object({
      filter: filter.optional(),
      sort: z.string().optional().describe("default urgency-,id+"),
      limit: z.number().int().min(1).optional().describe(`default ${DEFAULT_LIMIT}`),
      fields: z.array(z.string()).optional().describe("only these (id always)"),
    }),
    output: z.object({ tasks: z.array(taskOut), total: z.number(), note: z.string().optional() }),
    kind: "read",
    async run(args) {
      if (args.fields) checkJsonFields(args.fields, backlog.index.tasks());
      const tasks = await listTasks(backlog, args.filter ?? "", args.sort ? { sort: args.sort } : {});
      if (args.fields?.some((field) => field === "body" || field === "notes")) await backlog.ensureBodies();
      const { facts } = graphOf(backlog);
      const limit = args.limit ?? DEFAULT_LIMIT;
      const shown = tasks.slice(0, limit).map((task) => listItemJson(task, facts.get(task), args.fields));
      const more = tasks.length > limit ? `${limit} of ${tasks.length} shown; raise limit or narrow the filter for the rest.` : undefined;
      const note = [more, unreadableNotice(backlog, "task_doctor"), duplicateNotice(backlog, "marked duplicate: true", AGENT_ACTION_NAMES["doctor-fix"])].filter(Boolean).join(" ") || undefined;
      return { tasks: shown, total: tasks.length, ...(note && { note }) };
    },
  });
}

export function registerTaskCountTool(server: McpServer, { backlog }: ToolContext): void {
  defineTool(server, {
    name: "task_count",
    title: "Count tasks",
    description: "How many tasks match a filter.",
    input: z.object({ filter: filter.optional() }),
    output: z.object({ count: z.number() }),
    kind: "read",
    run: async (args) => ({ count: await countTasks(backlog, args.filter ?? "") }),
  });
}
