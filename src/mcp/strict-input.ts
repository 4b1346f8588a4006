import { z } from "zod";
import { ID_LIST_FIELDS, isKnownField } from "../domain/task.js";
import { settingRefusal } from "../domain/field-policy.js";
import { agentRemedyText } from "./errors.js";

/**
 * Tool input is strict (docs/reference/mcp.md, "Conventions"): a key the tool does not take is refused, never dropped, and the
 * refusal names the parameter (or the tool) that does that job, since an unknown key is almost
 * always a habit from another tracker (`description`, `status`, `due_date`).
 */
export function strictInput(tool: string, input: z.ZodObject): z.ZodObject {
  const params = Object.keys(input.shape);
  return z.strictObject(input.shape, {
    error: (issue) => {
      if (issue.code !== "unrecognized_keys") return undefined;
      const given = issue.input ?? {};
      return issue.keys.map((key) => unknownKey(tool, params, key, given[key])).join("; ");
    },
  });
}

/** Other names agents use for our parameters. */
const SYNONYMS: Readonly<Record<string, string>> = {
  name: "title",
  summary: "title",
  subject: "title",
  details: "body",
  markdown: "body",
  document: "body",
  doc: "body",
  notes: "body",
  tag: "tags",
  labels: "tags",
  label: "tags",
  dependencies: "depends",
  depends_on: "depends",
  dependson: "depends",
  blocked_by: "depends",
  related_to: "related",
  links: "related",
  due_date: "due",
  duedate: "due",
  deadline: "due",
  owner: "assignee",
  assigned_to: "assignee",
  agent: "assignee",
  pri: "priority",
  proj: "project",
  task_id: "id",
  taskid: "id",
  uuid: "id",
  query: "filter",
  search: "filter",
  note: "text",
  annotation: "text",
  comment: "text",
  count: "limit",
  max: "limit",
  message: "text",
};

function unknownKey(tool: string, params: readonly string[], key: string, value: unknown): string {
  const name = key.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
  const head = `"${key}" is not a parameter of ${tool}`;
  const synonym = params.includes(name) ? name : (SYNONYMS[name] ?? name);
  if (name === "description") return `${head}: the one-line summary is title${params.includes("body") ? ", the markdown document body" : ""}`;
  if (params.includes(synonym)) return `${head}: use ${synonym}`;
  if (name === "status" || name === "state") return `${head}: ${statusHint(tool, params, value)}`;
  if (synonym === "body" || synonym === "content") return `${head}: task_doc_write writes a task's document`;
  if (synonym === "text") return `${head}: task_annotate adds a note`;
  if ((synonym === "id" || name === "ids") && params.includes("filter")) return `${head}: filter takes ids, e.g. "12,15"`;
  if (params.length === 0) return `${head}: it takes no parameters`;
  const settable = params.includes("set") && /^[a-z][a-z0-9_]*$/.test(name) && !["id", "title", "tags", ...ID_LIST_FIELDS].includes(name);
  if (settable && isKnownField(name)) return `${head}: give it in set, e.g. set: {"${name}": "…"}`;
  return `${head}; it takes ${params.join(", ")}${settable ? `, and your own fields go in set, e.g. set: {"${name}": "…"}` : ""}`;
}

/** Where a status goes: in `set` on a tool that creates a task (`domain/field-policy.ts`), else the lifecycle step that moves a task there. */
function statusHint(tool: string, params: readonly string[], value: unknown): string {
  if (params.includes("set") && CREATES.has(tool)) return 'give it in set, e.g. set: {"status": "…"}';
  return agentRemedyText(settingRefusal("status", "modify", value)?.remedies ?? []);
}

/** The tools whose `set` gives a new task its fields. */
const CREATES: ReadonlySet<string> = new Set(["task_add", "task_duplicate"]);
