/**
 * The notes section: list items `- <ISO time> <author>: <text>` under a `## Notes` heading at the
 * end of the body; continuation lines of a note are indented by two spaces. Anything else in the
 * section (other items, paragraphs, sub-headings) is the user's and is never touched.
 */
import { BacklogError } from "../domain/errors.js";
import type { Note } from "../domain/task.js";
import { checkIsoDate } from "./iso-date.js";

interface Line {
  text: string;
  start: number;
  /** Start of the next line: past this line's ending. */
  next: number;
}

interface LocatedNote {
  note: Note;
  /** Offsets of the note's lines in the body, line endings included. */
  start: number;
  end: number;
}

interface NotesScan {
  /** Offset of the `## Notes` heading line, when the body has a notes section. */
  headingStart?: number;
  /** Offset just past the last non-blank line of the body. */
  contentEnd: number;
  /** Whether that last non-blank line belongs to the heading or to a note. */
  endsWithNote: boolean;
  notes: LocatedNote[];
}

const NOTES_HEADING = /^##[ \t]+Notes[ \t]*#*[ \t]*$/i;
const HAS_NOTES_HEADING = /^##[ \t]+Notes[ \t]*#*[ \t]*\r?$/im;
const SECTION_BREAK = /^#{1,2}[ \t]/;
const CODE_FENCE = /^ {0,3}(```|~~~)/;
const NOTE_ITEM = /^- (\S+) ([^:\s][^:]*?): ?(.*)$/;

function splitLines(body: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < body.length) {
    const newline = body.indexOf("\n", start);
    const next = newline === -1 ? body.length : newline + 1;
    lines.push({ text: body.slice(start, newline === -1 ? body.length : newline).replace(/\r$/, ""), start, next });
    start = next;
  }
  return lines;
}

const isBlank = (line: Line | undefined): boolean => line !== undefined && line.text.trim() === "";
const isContinuation = (line: Line | undefined): boolean => line !== undefined && line.text.startsWith("  ") && !isBlank(line);

function scanNotes(body: string): NotesScan {
  const lines = splitLines(body);
  let heading: number | undefined;
  let inFence = false;
  lines.forEach((line, index) => {
    if (CODE_FENCE.test(line.text)) inFence = !inFence;
    else if (!inFence && NOTES_HEADING.test(line.text)) heading = index;
    // A later top-level heading means the notes heading is not the end of the body.
    else if (!inFence && SECTION_BREAK.test(line.text)) heading = undefined;
  });

  let last = lines.length - 1;
  while (last >= 0 && isBlank(lines[last])) last--;
  const contentEnd = last >= 0 ? lines[last]!.start + lines[last]!.text.length : 0;
  const scan: NotesScan = { contentEnd, endsWithNote: heading !== undefined && heading === last, notes: [] };
  if (heading === undefined) return scan;
  scan.headingStart = lines[heading]!.start;

  inFence = false;
  for (let index = heading + 1; index < lines.length; index++) {
    const line = lines[index]!;
    if (CODE_FENCE.test(line.text)) inFence = !inFence;
    const match = inFence ? null : NOTE_ITEM.exec(line.text);
    if (!match || checkIsoDate(match[1]!) !== "ok") continue;
    const text = [match[3]!];
    let end = index;
    // Blank lines belong to the note only when an indented continuation follows them.
    for (let next = index + 1; next < lines.length; next++) {
      if (isContinuation(lines[next])) end = next;
      else if (!isBlank(lines[next])) break;
    }
    for (let next = index + 1; next <= end; next++) text.push(lines[next]!.text.replace(/^ {2}/, "").replace(/^\s+$/, ""));
    scan.notes.push({ note: { time: match[1]!, author: match[2]!, text: text.join("\n") }, start: line.start, end: lines[end]!.next });
    if (end >= last) scan.endsWithNote = true;
    index = end;
  }
  return scan;
}

export function parseNotes(body: string): Note[] {
  // Most bodies have no notes heading at all: one regex pass instead of splitting every line.
  if (!HAS_NOTES_HEADING.test(body)) return [];
  return scanNotes(body).notes.map((located) => located.note);
}

/** The document part and the notes section: `doc + notes === body`. */
export function splitBody(body: string): { doc: string; notes: string } {
  const { headingStart } = scanNotes(body);
  return headingStart === undefined ? { doc: body, notes: "" } : { doc: body.slice(0, headingStart), notes: body.slice(headingStart) };
}

/** Appends a note at the end of the notes section, creating the section when the body has none. */
export function appendNote(body: string, note: Note): string {
  const eol = body.includes("\r\n") ? "\r\n" : "\n";
  const item = formatNote(note).split("\n").join(eol);
  const scan = scanNotes(body);
  const before = body.slice(0, scan.contentEnd);
  const after = body.slice(scan.contentEnd);
  if (scan.headingStart === undefined) {
    const separator = before === "" ? "" : eol + eol;
    return `${before}${separator}## Notes${eol}${item}${after === "" ? eol : after}`;
  }
  // After a paragraph, a list item needs a blank line or markdown reads it as part of the paragraph.
  const separator = scan.endsWithNote ? eol : eol + eol;
  return `${before}${separator}${item}${after}`;
}

/** Removes the note at `index` (in `parseNotes` order) with its continuation lines. */
export function removeNote(body: string, index: number): string {
  const { notes } = scanNotes(body);
  const located = notes[index];
  if (!located) {
    throw new BacklogError("not-found", `there is no note ${index + 1}; the task has ${notes.length} note(s)`, { index });
  }
  let { start } = located;
  // The body's last line had no line ending: drop the one before it so the body still ends without one.
  if (located.end === body.length && !body.endsWith("\n") && start > 0) {
    start -= body.slice(0, start).endsWith("\r\n") ? 2 : 1;
  }
  return body.slice(0, start) + body.slice(located.end);
}

function formatNote(note: Note): string {
  if (checkIsoDate(note.time) !== "ok" || !note.time.includes("T")) {
    throw new BacklogError("invalid", `note time ${JSON.stringify(note.time)} must be an ISO time such as 2026-11-21T10:30:00Z`);
  }
  const author = note.author.trim();
  if (author === "" || /[:\r\n]/.test(author)) {
    throw new BacklogError("invalid", `note author ${JSON.stringify(note.author)} must be a non-empty name without ':' or line breaks`);
  }
  const lines = note.text.trim().split(/\r?\n/).map((line) => (line.trim() === "" ? "" : line));
  if (lines.join("") === "") throw new BacklogError("invalid", "a note needs some text");
  const [first, ...rest] = lines;
  return [`- ${note.time} ${author}: ${first}`, ...rest.map((line) => (line === "" ? "" : `  ${line}`))].join("\n");
}
