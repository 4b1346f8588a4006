/**
 * The merge driver for task files (docs/reference/git.md, "The merge driver"), run by git as
 * `git-backlog merge-driver %O %A %B %P`: frontmatter merged field by field, the document part of
 * the body by git's line merge, notes as a union. The answer is written over %A (ours), as git
 * expects. Conflict markers can only land in the body, so the frontmatter always parses and
 * `doctor` can name the conflicted file.
 */
import { isUtf8 } from "node:buffer";
import { readFile, writeFile } from "node:fs/promises";
import { deepEqual, mergeFields, type MergeableTask } from "../domain/merge-fields.js";
import { fieldValue, type FieldChanges, type Note } from "../domain/task.js";
import { appendNote, editTaskFile, parseNotes, parseTaskFile, removeNote, splitBody } from "../format/index.js";
import { findFrontmatter } from "../format/frontmatter.js";
import { mergeFileInPlace, mergeText } from "./merge-file.js";

export interface TaskFileMerge {
  text: string;
  conflicted: boolean;
  /** `fields`: merged as a task; `text`: a side is not a task, so git's line merge ran on the whole file. */
  mode: "fields" | "text";
  /** Fields both sides changed to different values (the loser is in a `merge:` note). */
  contested: string[];
}

/**
 * Merges three versions of a task file. Returns undefined when ours or theirs is not a valid task
 * (the caller falls back to a line merge of the whole file). A base that is empty (added on both
 * sides) or broken counts as no base: every difference is then a change on both sides.
 */
export async function mergeTaskFile(input: { base: string; ours: string; theirs: string; path: string; now: string }): Promise<TaskFileMerge | undefined> {
  const ours = parseTaskFile(input.ours, input.path).task;
  const theirs = parseTaskFile(input.theirs, input.path).task;
  if (!ours || !theirs) return undefined;
  const base = parseTaskFile(input.base, input.path).task;

  const merged = mergeFields({ ...(base && { base }), ours, theirs, now: input.now });
  const doc = await mergeText(splitBody(base?.body ?? "").doc, splitBody(ours.body).doc, splitBody(theirs.body).doc);
  const body = withNotes(doc.text + splitBody(ours.body).notes, merged.notes);
  const text = editTaskFile(input.ours, changesFrom(ours, merged), { body, path: input.path });
  assertParses(text, input.path);
  return { text, conflicted: doc.conflicted, mode: "fields", contested: merged.contested };
}

/** What must change in our file to hold the merged values: only the fields that differ from ours. */
function changesFrom(ours: MergeableTask, merged: ReturnType<typeof mergeFields>): FieldChanges {
  const changes: FieldChanges = {};
  for (const [name, value] of Object.entries(merged.fields)) {
    if (!deepEqual(value, fieldValue(ours, name))) changes[name] = (value ?? null);
  }
  for (const [name, value] of Object.entries(merged.user)) {
    if (!deepEqual(value, ours.user[name])) changes[name] = value ?? null;
  }
  return changes;
}

/** Rewrites the notes of `body` to `notes` (in order), touching nothing when they already match. */
function withNotes(body: string, notes: readonly Note[]): string {
  const current = parseNotes(body);
  if (current.length === notes.length && current.every((note, index) => deepEqual(note, notes[index]))) return body;
  let result = body;
  for (let index = current.length - 1; index >= 0; index--) result = removeNote(result, index);
  for (const note of notes) result = appendNote(result, note);
  return result;
}

/** The frontmatter must come out whole; markers are allowed only below it. */
function assertParses(text: string, path: string): void {
  const block = findFrontmatter(text);
  const markers = typeof block !== "string" && /^(<{7}|={7}|>{7})/m.test(block.yaml);
  const errors = parseTaskFile(text, path).problems.filter((problem) => problem.severity === "error" && problem.code !== "conflict-markers");
  if (typeof block === "string" || markers || errors.length > 0) throw new Error(`the merged ${path} would not parse`);
}

export interface DriverFiles {
  /** %O, %A, %B: temp files git wrote; the result goes into `ours`. */
  base: string;
  ours: string;
  theirs: string;
  /** %P: the path in the repository, for messages. */
  path: string;
  cwd: string;
  now: string;
}

/**
 * Runs the driver on git's files; true when conflicts remain for the user. `bytes`: a side is not
 * UTF-8, so git merged the raw bytes line by line: decoding it would put U+FFFD in place of the
 * user's bytes, and the field merge would then commit that.
 */
export async function runMergeDriver(files: DriverFiles): Promise<{ conflicted: boolean; mode: TaskFileMerge["mode"] | "bytes"; contested: string[] }> {
  const sides = await Promise.all([files.base, files.ours, files.theirs].map((file) => readFile(file).catch(() => Buffer.alloc(0))));
  if (!sides.every((bytes) => isUtf8(bytes))) {
    return { conflicted: await mergeFileInPlace(files.base, files.ours, files.theirs, files.cwd), mode: "bytes", contested: [] };
  }
  const [base, ours, theirs] = sides.map((bytes) => bytes.toString("utf8"));
  let merged: TaskFileMerge | undefined;
  try {
    merged = await mergeTaskFile({ base: base ?? "", ours: ours ?? "", theirs: theirs ?? "", path: files.path, now: files.now });
  } catch {
    // A value the minimal edit refuses, or a notes section it cannot rebuild: git's line merge is the safe answer.
    merged = undefined;
  }
  if (!merged) {
    const conflicted = await mergeFileInPlace(files.base, files.ours, files.theirs, files.cwd);
    return { conflicted, mode: "text", contested: [] };
  }
  await writeFile(files.ours, merged.text);
  return { conflicted: merged.conflicted, mode: merged.mode, contested: merged.contested };
}
