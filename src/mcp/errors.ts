import { ProtocolError, ProtocolErrorCode, ResourceNotFoundError, type CallToolResult } from "@modelcontextprotocol/server";
import { isBacklogError } from "../domain/errors.js";

/**
 * The one place errors become tool results. The service's messages already say what was wrong
 * and how to fix it; here the CLI's words in them are turned into the tools' (an agent has
 * `force: true`, not `--force`), and the result is an `isError` result the agent reads.
 */
export function toolError(error: unknown): CallToolResult {
  const text = isBacklogError(error) ? forAgents(error.message) : `unexpected failure: ${error instanceof Error ? error.message : String(error)}`;
  return { isError: true, content: [{ type: "text", text }] };
}

const CLI_TO_TOOLS: ReadonlyArray<readonly [RegExp, string]> = [
  [/--force/g, "force: true"],
  [/--any\b/g, "any: true"],
  [/`list` \((?:or )?task_list\)/g, "task_list"],
  [/`(?:git-backlog )?list`/g, "task_list"],
  [/`next`/g, "task_next"],
  [/`show \d+`/g, "task_info"],
  [/`(?:git-backlog )?doctor(?: --fix)?`/g, "task_doctor"],
  [/`archive list`/g, "task_archive_list"],
  [/`delete (\d+)`/g, "task_delete"],
  [/`purge (\d+)`/g, "task_purge"],
  [/`restore (\d+)`/g, "`git-backlog restore $1` (a CLI command)"],
];

export function forAgents(message: string): string {
  return CLI_TO_TOOLS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message);
}

/** A resource read that fails: a missing task or view is "not found" for the client, anything else invalid params. */
export function resourceError(error: unknown, uri: string): Error {
  const message = isBacklogError(error) ? forAgents(error.message) : `unexpected failure: ${error instanceof Error ? error.message : String(error)}`;
  if (isBacklogError(error) && error.code === "not-found") return new ResourceNotFoundError(uri, message);
  return new ProtocolError(ProtocolErrorCode.InvalidParams, message, { uri });
}
