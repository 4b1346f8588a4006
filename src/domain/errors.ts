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

export class BacklogError extends Error {
  readonly code: ErrorCode;
  readonly data: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, data: Record<string, unknown> = {}) {
    super(message);
    this.name = "BacklogError";
    this.code = code;
    this.data = data;
  }
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
