import type { TaskChange } from "../../domain/backlog-diff.js";
import { describe } from "../../domain/describe-change.js";
import type { BacklogDiff } from "../../service/operations/diff.js";
import type { Style } from "../io.js";

/** `diff` for a terminal and for a pull request (docs/reference/cli.md, "diff"), in the words of `describe`. */

type Paint = (style: Style, text: string) => string;

const MARKS: Record<TaskChange["kind"], { mark: string; style: Style }> = {
  added: { mark: "+", style: "green" },
  deleted: { mark: "-", style: "red" },
  changed: { mark: "~", style: "yellow" },
  renamed: { mark: ">", style: "cyan" },
  renumbered: { mark: ">", style: "cyan" },
  archived: { mark: ">", style: "gray" },
  unarchived: { mark: ">", style: "cyan" },
};

/** Counts for the headline: added, done (a status that became done), changed (the rest), deleted. */
export function tally(diff: BacklogDiff): { added: number; done: number; changed: number; deleted: number } {
  const counts = { added: 0, done: 0, changed: 0, deleted: 0 };
  for (const change of diff.tasks) {
    if (change.kind === "added") counts.added++;
    else if (change.kind === "deleted") counts.deleted++;
    else if (becameDone(change)) counts.done++;
    else counts.changed++;
  }
  return counts;
}

function becameDone(change: TaskChange): boolean {
  return change.fields.some((delta) => delta.field === "status" && delta.after === "done");
}

function headline(diff: BacklogDiff): string {
  const counts = tally(diff);
  const parts = Object.entries(counts)
    .filter(([, count]) => count > 0)
    .map(([name, count]) => `${count} ${name}`);
  const total = diff.tasks.length;
  return `${total} task${total === 1 ? "" : "s"} changed${parts.length > 0 ? `: ${parts.join(", ")}` : ""}`;
}

/** The terminal's text: a headline, then one line per task, then the files that do not parse. */
export function renderDiffText(diff: BacklogDiff, paint: Paint): string {
  let out = `${paint("bold", headline(diff))} ${paint("gray", `(${diff.range.spec})`)}\n`;
  for (const change of diff.tasks) {
    const { mark, style } = becameDone(change) ? { mark: "✓", style: "green" as const } : MARKS[change.kind];
    const parts = describe(change);
    out += `${paint(style, mark)} ${paint("bold", `#${change.id}`)} ${change.title}${parts.length > 0 ? `: ${parts.join("; ")}` : ""}\n`;
  }
  for (const file of diff.unreadable) {
    const problem = file.problems[0];
    out += `${paint("red", "!")} ${file.path} does not parse ${file.side === "before" ? "before the change" : "after the change"}${problem ? `: ${problem.line !== undefined ? `line ${problem.line}: ` : ""}${problem.message}` : ""}\n`;
  }
  return out;
}

/**
 * A pull-request comment: a table of the tasks, then each task's details in a `<details>` block.
 * Task content is untrusted: every text from it is escaped (HTML, markdown punctuation, and what
 * would make an autolink), so nothing in a task can add markup, a link or an image.
 */
export function renderDiffMarkdown(diff: BacklogDiff): string {
  const counts = tally(diff);
  const summary = Object.entries(counts)
    .filter(([, count]) => count > 0)
    .map(([name, count]) => `${count} ${name}`)
    .join(", ");
  let out = `### Task changes${summary ? `: ${summary}` : ""}\n\n`;
  if (diff.tasks.length === 0 && diff.unreadable.length === 0) return `${out}No task files changed.\n`;
  if (diff.tasks.length > 0) {
    out += "| | Task | Status | Change |\n|---|---|---|---|\n";
    for (const change of diff.tasks) {
      const what = becameDone(change) ? "done" : change.kind;
      out += `| ${what} | #${change.id} ${inline(change.title)} | ${change.status} | ${inline(describe(change).join("; "))} |\n`;
    }
  }
  for (const change of diff.tasks) {
    const lines = [...describe(change).map((part) => `- ${inline(part)}`)];
    for (const note of change.notes.added) lines.push(`- note added by ${inline(note.author)} at ${note.time}: ${inline(note.text)}`);
    for (const note of change.notes.removed) lines.push(`- note removed, by ${inline(note.author)} at ${note.time}: ${inline(note.text)}`);
    lines.push(`- file: ${inline(change.path)}${change.previousPath ? ` (was ${inline(change.previousPath)})` : ""}`);
    out += `\n<details><summary>#${change.id} ${inline(change.title)}</summary>\n\n${lines.join("\n")}\n\n</details>\n`;
  }
  if (diff.unreadable.length > 0) {
    out += "\n**Task files that do not parse**\n\n";
    for (const file of diff.unreadable) {
      const problem = file.problems[0];
      out += `- ${inline(file.path)} (${file.side === "before" ? "before" : "after"} the change)${problem ? `: ${inline(problem.message)}` : ""}\n`;
    }
  }
  return out;
}

/**
 * Text from a task as inert markdown on one line: HTML's special characters as entities, every
 * ASCII punctuation character backslash-escaped (no emphasis, code, link, table cell or heading
 * can start), and newlines as spaces. Escaping `:`, `.` and `@` also keeps GitHub from turning a
 * URL, a `www.` name or an e-mail address into a link.
 */
export function inline(value: string): string {
  return value
    .replace(/[\r\n]+/g, " ")
    .replace(/[!"#$%'()*+,\-./:;=?@[\\\]^_`{|}~]/g, (char) => `\\${char}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}
