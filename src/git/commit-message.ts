import { BacklogError } from "../domain/errors.js";
import type { OperationRecord } from "../store/writer.js";

/**
 * The message of a backlog commit (docs/reference/git.md, "Commit messages and trailers"): `<prefix> <subject>`, a blank line, then the
 * trailers git itself understands (`git interpret-trailers`, `%(trailers)`), one per line:
 * `Backlog-Op`, one `Backlog-Task` per task, `Backlog-Agent`, then any extra.
 */

export const DEFAULT_COMMIT_PREFIX = "backlog:";

export function formatMessage(prefix: string, record: OperationRecord): string {
  const subject = oneLine(prefix ? `${prefix} ${record.subject}` : record.subject);
  const trailers: Array<readonly [string, string]> = [["Backlog-Op", record.op]];
  for (const id of record.taskIds) trailers.push(["Backlog-Task", String(id)]);
  if (record.agent) trailers.push(["Backlog-Agent", record.agent]);
  trailers.push(...(record.trailers ?? []));
  const lines = trailers.map(([key, value]) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(key)) throw new BacklogError("invalid", `"${key}" cannot be a commit trailer key: use letters, digits and dashes.`);
    return `${key}: ${oneLine(value)}`;
  });
  return `${subject}\n\n${lines.join("\n")}\n`;
}

/** The trailers of a message: `Key: value` lines of its last paragraph, in order. */
export function parseTrailers(message: string): Array<[string, string]> {
  const paragraphs = message.replace(/\r\n/g, "\n").trimEnd().split(/\n[ \t]*\n/);
  if (paragraphs.length < 2) return [];
  const trailers: Array<[string, string]> = [];
  for (const line of paragraphs[paragraphs.length - 1]!.split("\n")) {
    const match = /^([A-Za-z0-9][A-Za-z0-9-]*):\s*(.*?)\s*$/.exec(line);
    if (match) trailers.push([match[1]!, match[2]!]);
  }
  return trailers;
}

/** The values of one trailer key, ignoring case as git does. */
export function trailerValues(trailers: ReadonlyArray<readonly [string, string]>, key: string): string[] {
  const wanted = key.toLowerCase();
  return trailers.filter(([name]) => name.toLowerCase() === wanted).map(([, value]) => value);
}

/**
 * `doctor --fix` gave a duplicated id's newer copy a new id: `Backlog-Renumbered: 24 -> 31 backlog/24-x.md`
 * (old id, new id, the file's path before), so the task's history can be followed back past the
 * renumbering, and the old id's history can leave that file's earlier operations out.
 */
export const RENUMBERED = "Backlog-Renumbered";

export interface Renumbered {
  from: number;
  to: number;
  /** The file's path before the renumbering. */
  path: string;
}

export function renumberedTrailer({ from, to, path }: Renumbered): readonly [string, string] {
  return [RENUMBERED, `${from} -> ${to} ${path}`];
}

export function parseRenumbered(value: string): Renumbered | undefined {
  const match = /^(\d+) -> (\d+) (.+)$/.exec(value);
  return match ? { from: Number(match[1]), to: Number(match[2]), path: match[3]! } : undefined;
}

/** The subject without the commit prefix, when it carries it. */
export function stripPrefix(subject: string, prefix: string): string {
  return prefix && subject.startsWith(`${prefix} `) ? subject.slice(prefix.length + 1) : subject;
}

/**
 * Whatever a user typed or hand-edited (a title, an agent's name), a subject or trailer stays one
 * line, and holds none of the control characters history reads records apart with (\x1e, \x1f).
 */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/\s*[\u0000-\u001f\u007f-\u009f\u2028\u2029]+\s*/g, " ").trim();
}
