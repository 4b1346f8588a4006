import { describeError, type Action, type BacklogError } from "../domain/errors.js";
import { describeProblem, type Problem } from "../domain/problem.js";

/** How the CLI names what gets past an error: its commands (with the task's id when they take one) and flags. */
function cliName(action: Action, id: number | undefined): string {
  switch (action) {
    case "force":
    case "any":
      return `--${action}`;
    case "doctor-fix":
      return "`doctor --fix`";
    case "init":
      return "`init`";
    case "as-text":
      return "putting it after `--`";
    case "edit":
      return `\`edit ${id ?? "<id>"}\``;
    case "archive-list":
      return "`archive list`";
    case "next":
    case "doctor":
      return `\`${action}\``;
    case "list":
    case "show":
    case "start":
    case "stop":
    case "done":
    case "delete":
    case "restore":
    case "purge":
      return `\`${action}${id === undefined ? "" : ` ${id}`}\``;
  }
}

/** A problem as the CLI prints it: the message, then what to run about it. */
export function cliProblemText(problem: Pick<Problem, "code" | "message">): string {
  return describeProblem(problem, cliName);
}

/** An error as the CLI prints it: the message, then what to run about it. */
export function cliErrorText(error: BacklogError): string {
  return describeError(error, cliName);
}
