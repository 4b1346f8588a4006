import { McpServer } from "@modelcontextprotocol/server";
import type { LiveBacklog } from "../service/live-backlog.js";
import type { ServerIdentity } from "./handshake.js";
import { registerPrompts } from "./prompts.js";
import { registerResources } from "./resources.js";
import type { ToolContext } from "./tool.js";
import { TOOLS } from "./tools/index.js";
import { resolveToolset } from "./toolsets.js";

export interface CreateServerOptions {
  backlog: LiveBacklog;
  /** core, standard, all or a comma list; default the backlog's config `toolset` (which `BACKLOG_TOOLS` overrides). */
  toolset?: string;
  version: string;
  /** Where non-fatal problems go (a prompt template that does not parse); stderr for the stdio server. */
  warn?: (message: string) => void;
}

const INSTRUCTIONS =
  "Tasks of this git repository, one markdown file and one commit each. Filters: status:pending project:web +bug -wip priority:H due.before:friday +READY +BLOCKED, ids 12,15, words. " +
  "A task's title is its one-line summary, its body the markdown document (task_info shows it). " +
  "task_next finds work, task_start claims it (refused when another agent holds it), task_done completes it.";

/** What the server says of itself in `initialize`, whatever backlog it serves. */
export function serverIdentity(version: string): ServerIdentity {
  return [
    { name: "git-backlog", version },
    {
      capabilities: { tools: { listChanged: false }, resources: { subscribe: true, listChanged: true }, prompts: { listChanged: false } },
      instructions: INSTRUCTIONS,
    },
  ];
}

/**
 * The MCP server of one backlog: the chosen tools, the resources with their subscriptions, the
 * prompts. Returns the server and the cleanup that detaches it from the backlog; the caller owns
 * the transport and the backlog.
 */
export function createServer(options: CreateServerOptions): { server: McpServer; cleanup: () => void } {
  const { backlog } = options;
  const tools = resolveToolset(options.toolset ?? backlog.config.toolset);
  const server = new McpServer(...serverIdentity(options.version));
  const context: ToolContext = { backlog };
  for (const name of tools) TOOLS[name](server, context);
  const resources = registerResources(server, context);
  registerPrompts(server, context, options.warn ?? (() => undefined));
  // The agent is BACKLOG_AGENT when set (the backlog has it), else the name the client gave in initialize.
  server.server.oninitialized = () => {
    backlog.agent ??= server.server.getClientVersion()?.name || undefined;
  };
  const stop = backlog.onChange((change) => resources.notify(change));
  return { server, cleanup: stop };
}
