/**
 * The command git runs as the merge driver (`merge.backlog.driver`), and reading back one that
 * `init` wrote. git runs it through `sh -c`, after replacing the placeholders with the
 * (already quoted) temporary files and the task's path.
 */

/** The programs the driver runs: this node and this installation's entry script, by absolute path. */
export interface DriverProgram {
  node: string;
  script: string;
}

const ARGUMENTS = "merge-driver %O %A %B %P";

/**
 * What `init` registered before it wrote absolute paths: found on PATH at merge time, so it fails
 * where git runs without the user's PATH (IDEs, GUI clients).
 */
export const DRIVER_BY_NAME = `git-backlog ${ARGUMENTS}`;

/** Absolute paths, so git finds the driver whatever PATH it was started with. */
export function driverCommand(program: DriverProgram): string {
  return `${quoteForShell(program.node)} ${quoteForShell(program.script)} ${ARGUMENTS}`;
}

/** One word for `sh`, whatever it holds: single quotes, each `'` inside written as `'\''`. */
export function quoteForShell(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

export type RegisteredDriver =
  /** The form `init` writes now; `programs` are the paths it runs. */
  | { kind: "absolute"; programs: [string, string] }
  /** The form older versions of `init` wrote. */
  | { kind: "by-name" }
  /** Anything else: the user's own (a wrapper, a path of their choosing), never replaced. */
  | { kind: "custom" };

/** A word as `quoteForShell` writes it, up to the space after it. */
const QUOTED_WORD = /(?:'[^']*'|\\')+ /y;

export function readDriverCommand(command: string): RegisteredDriver {
  if (command === DRIVER_BY_NAME) return { kind: "by-name" };
  const words: string[] = [];
  QUOTED_WORD.lastIndex = 0;
  let end = 0;
  for (let match = QUOTED_WORD.exec(command); match; match = QUOTED_WORD.exec(command)) {
    words.push(match[0].slice(0, -1).replace(/'([^']*)'|\\'/g, (_, inner: string | undefined) => inner ?? "'"));
    end = QUOTED_WORD.lastIndex;
  }
  const [node, script] = words;
  if (words.length !== 2 || node === undefined || script === undefined || command.slice(end) !== ARGUMENTS) return { kind: "custom" };
  return { kind: "absolute", programs: [node, script] };
}
