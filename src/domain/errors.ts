/**
 * Typed errors: a code, the data, and a message that says what went wrong and how to fix it.
 * The CLI turns them into exit codes in one place; the MCP server into `isError` results in one place.
 */

export type ErrorCode =
  | "usage" // the command line or tool input is malformed (exit 2)
  | "filter-syntax" // a filter does not parse (exit 2)
  | "not-found" // no such task, view, template, ...
  | "invalid" // a value or a file breaks a rule
  | "refused" // the operation is not allowed in this state (done twice, claimed, cycle, ...)
  | "conflict" // something changed underneath (a file edited since, a lost race)
  | "git" // the repository is in a state we cannot write to
  | "io"; // the file system failed

/**
 * What gets past an error: an operation of the backlog, an option of the refused call itself
 * (`force`, `any`), editing the task file by hand (`edit`), or giving a word as text rather than
 * as a change (`as-text`).
 */
export type Action =
  | "list"
  | "next"
  | "show"
  | "start"
  | "stop"
  | "done"
  | "delete"
  | "restore"
  | "purge"
  | "doctor"
  | "doctor-fix"
  | "init"
  | "archive-list"
  | "edit"
  | "force"
  | "any"
  | "as-text";

/**
 * A way out of an error, in no front end's words: `{use: "restore", id: 12, does: "reopens it"}`
 * is "`restore 12` reopens it" on the CLI and "task_restore reopens it" on the MCP server.
 */
export interface Remedy {
  /** One action, or a choice of them ("start, stop or done"). */
  use: Action | readonly Action[];
  /** The task the action takes, when it takes one. */
  id?: number;
  /** What it does, said after its name: "reopens it first", "takes it over". */
  does: string;
}

export class BacklogError extends Error {
  readonly code: ErrorCode;
  readonly data: Record<string, unknown>;
  /** How to get past it; each front end names the actions in its own words (`describeError`). */
  readonly remedies: readonly Remedy[];

  constructor(code: ErrorCode, message: string, data: Record<string, unknown> = {}, remedies: readonly Remedy[] = []) {
    super(message);
    this.name = "BacklogError";
    this.code = code;
    this.data = data;
    this.remedies = remedies;
  }
}

/** The error's message followed by its remedies, each action named by the front end's `name`. */
export function describeError(error: BacklogError, name: (action: Action, id: number | undefined) => string): string {
  if (error.remedies.length === 0) return error.message;
  return `${error.message.replace(/\.$/, "")}; ${describeRemedies(error.remedies, name)}.`;
}

/** Remedies as one phrase, each action named by the front end's `name`: "`restore 12` reopens it, or `list` shows …". */
export function describeRemedies(remedies: readonly Remedy[], name: (action: Action, id: number | undefined) => string): string {
  const ways = remedies.map((remedy) => {
    const actions = (typeof remedy.use === "string" ? [remedy.use] : remedy.use).map((action) => name(action, remedy.id));
    const named = actions.length > 1 ? `${actions.slice(0, -1).join(", ")} or ${actions[actions.length - 1] ?? ""}` : (actions[0] ?? "");
    return `${named} ${remedy.does}`;
  });
  return ways.join(", or ");
}

export class FilterSyntaxError extends BacklogError {
  readonly token: string;
  readonly position: number;

  constructor(message: string, token: string, position: number) {
    super("filter-syntax", message, { token, position });
    this.name = "FilterSyntaxError";
    this.token = token;
    this.position = position;
  }
}

export function isBacklogError(error: unknown): error is BacklogError {
  return error instanceof BacklogError;
}
