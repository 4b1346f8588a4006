import { ProtocolError, ProtocolErrorCode, ResourceNotFoundError, type CallToolResult } from "@modelcontextprotocol/server";
import { describeError, describeRemedies, isBacklogError, type Action, type Remedy } from "../domain/errors.js";
import { describeProblem, type Problem } from "../domain/problem.js";

/** How an agent gets past an error: the tools, and the refused tool's own options. */
export const AGENT_ACTION_NAMES: Readonly<Record<Action, string>> = {
  list: "task_list",
  next: "task_next",
  show: "task_info",
  start: "task_start",
  stop: "task_stop",
  done: "task_done",
  delete: "task_delete",
  restore: "task_restore",
  purge: "task_purge",
  doctor: "task_doctor",
  // No tool renumbers or renames files: that stays a command for a person (or a shell).
  "doctor-fix": "`git-backlog doctor --fix` (a CLI command)",
  // Setting up the merge driver writes git config and .gitattributes: a person's step too.
  init: "`git-backlog init` (a CLI command)",
  "archive-list": "task_archive_list",
  // No tool opens the whole file; a change word's text is given in the title argument.
  edit: "a hand edit of the task file (`git-backlog edit <id>`, a CLI command)",
  force: "force: true",
  any: "any: true",
  "as-text": "giving it in title",
};

const toolName = (action: Action): string => AGENT_ACTION_NAMES[action];

/** A problem's text for an agent: the message, then the tool or command that fixes it. */
export function agentProblemText(problem: Pick<Problem, "code" | "message">): string {
  return describeProblem(problem, toolName);
}

/** An error's text for an agent: the message, then the tools or options that get past it. */
export function agentErrorText(error: unknown): string {
  if (isBacklogError(error)) return describeError(error, toolName);
  return `unexpected failure: ${error instanceof Error ? error.message : String(error)}`;
}

/** Remedies named as tools and options, for a refusal the MCP layer words itself (strict input). */
export function agentRemedyText(remedies: readonly Remedy[]): string {
  return describeRemedies(remedies, toolName);
}

/** The one place errors become tool results: an `isError` result the agent reads. */
export function toolError(error: unknown): CallToolResult {
  return { isError: true, content: [{ type: "text", text: agentErrorText(error) }] };
}

/** A resource read that fails: a missing task or view is "not found" for the client, anything else invalid params. */
export function resourceError(error: unknown, uri: string): Error {
  const message = agentErrorText(error);
  if (isBacklogError(error) && error.code === "not-found") return new ResourceNotFoundError(uri, message);
  return new ProtocolError(ProtocolErrorCode.InvalidParams, message, { uri });
}
