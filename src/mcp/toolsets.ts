import { BacklogError } from "../domain/errors.js";
import { TOOLS, type ToolName } from "./tools/index.js";

/**
 * Which tools a server offers (docs/reference/mcp.md, "Toolsets"): every schema costs the agent's context, so `core` is the
 * handful an agent needs to work a backlog, `standard` (the default) the everyday rest, `all`
 * everything. `BACKLOG_TOOLS` / config `toolset` take a set name or a comma list of sets and tools.
 */
export const TOOLSETS = {
  core: ["task_list", "task_info", "task_add", "task_modify", "task_start", "task_done", "task_annotate", "task_next"],
  standard: [
    "task_count",
    "task_stop",
    "task_delete",
    "task_denotate",
    "task_doc_read",
    "task_doc_write",
    "task_log",
    "task_history",
    "task_undo",
    "task_graph",
    "task_view",
    "task_doctor",
  ],
} as const satisfies Record<string, readonly ToolName[]>;

export type ToolsetName = "core" | "standard" | "all";

const ALL = Object.keys(TOOLS) as ToolName[];

function expand(name: string): readonly ToolName[] | undefined {
  if (name === "all") return ALL;
  if (name === "core") return TOOLSETS.core;
  if (name === "standard") return [...TOOLSETS.core, ...TOOLSETS.standard];
  const tool = name.startsWith("task_") ? name : `task_${name}`;
  return tool in TOOLS ? [tool as ToolName] : undefined;
}

/** The tools a toolset spec names, in registry order; an unknown name is a usage error that lists the valid ones. */
export function resolveToolset(spec: string | undefined): ToolName[] {
  const names = (spec ?? "standard")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  const chosen = new Set<ToolName>();
  for (const name of names.length > 0 ? names : ["standard"]) {
    const tools = expand(name);
    if (!tools) {
      throw new BacklogError("usage", `unknown tool or toolset "${name}" in BACKLOG_TOOLS / toolset; use core, standard, all, or a comma list of: ${ALL.join(", ")}.`, { name });
    }
    for (const tool of tools) chosen.add(tool);
  }
  return ALL.filter((tool) => chosen.has(tool));
}
