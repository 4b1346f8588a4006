/**
 * Task ids (docs/reference/file-format.md, "File names and ids"): whole numbers from 1 to 2^31−1, in files, file names, imports, changes,
 * filters and tool inputs alike. The bound keeps an id exact wherever it travels (JSON, YAML,
 * git trailers, other tools' 32-bit integers), and since nothing outside it is ever counted when
 * the next id is chosen, a stray huge number (a file name from a remote branch, an old import)
 * can never leave `add` without an id to hand out.
 */

export const MAX_TASK_ID = 2 ** 31 - 1;

/** How the range reads in messages. */
export const TASK_ID_RANGE = `whole numbers from 1 to ${MAX_TASK_ID}`;

export function isTaskId(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= MAX_TASK_ID;
}

/** The id typed as digits (`12`, `#12`), or undefined when the text is not one or is out of range. */
export function readTaskId(text: string): number | undefined {
  const digits = /^#?(\d+)$/.exec(text)?.[1];
  const id = digits === undefined ? NaN : Number(digits);
  return isTaskId(id) ? id : undefined;
}

/** `"99999999999" is not a task id (ids are whole numbers from 1 to 2147483647)`, for any front end's message. */
export function notATaskId(value: string | number): string {
  return `${typeof value === "string" ? JSON.stringify(value) : String(value)} is not a task id (ids are ${TASK_ID_RANGE})`;
}

/**
 * The id a task file's name starts with (`12-fix-login.md`, `12.md`); undefined for any other
 * name, and for a number out of range, which then counts for nothing.
 */
export function idFromFileName(name: string): number | undefined {
  const digits = /^(\d+)(?:-|\.md$)/.exec(name)?.[1];
  const id = digits === undefined ? NaN : Number(digits);
  return isTaskId(id) ? id : undefined;
}
