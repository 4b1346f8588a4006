/**
 * A title is the task's one-line summary (docs/reference/file-format.md, "Titles"): what lists, boards, branch names and commit
 * subjects show. A line break in one would split a commit subject or a table row, and a
 * megabyte of title would travel into every one of them; the rest belongs in the body.
 */
import { BacklogError } from "./errors.js";

export const MAX_TITLE_LENGTH = 500;

// Line breaks (including U+0085, U+2028, U+2029), tabs and every other control character.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Why `title` is not a one-line title of at most 500 characters, or undefined when it is. */
export function titleProblem(title: string): string | undefined {
  const found = NOT_ONE_LINE.exec(title)?.[0];
  if (found !== undefined) {
    const what = /[\n\r\u0085\u2028\u2029]/.test(found) ? "a line break" : `a control character (U+${hex(found)})`;
    return `title ${quoteStart(title)} holds ${what}; a title is one line: put the rest in the body`;
  }
  // UTF-16 units never undercount characters, so most titles skip the count.
  const length = title.length <= MAX_TITLE_LENGTH ? title.length : [...title].length;
  if (length > MAX_TITLE_LENGTH) {
    return `title is ${length} characters long; titles are at most ${MAX_TITLE_LENGTH}: put the rest in the body`;
  }
  return undefined;
}

/** Refuses a title a write must not carry; `where` says which input held it. */
export function assertTitle(title: string, where = ""): void {
  const problem = titleProblem(title);
  if (problem) throw new BacklogError("usage", `${where}${problem}.`, { field: "title" });
}

/** The start of a title for a message, every control character escaped: a megabyte of it would bury the reason. */
function quoteStart(title: string): string {
  return JSON.stringify(title.length > 40 ? `${title.slice(0, 40)}…` : title).replace(/[\u007f-\u009f\u2028\u2029]/g, (char) => `\\u${hex(char)}`);
}

function hex(char: string): string {
  return char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
}
