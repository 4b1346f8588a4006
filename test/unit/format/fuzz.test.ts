import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyFields } from "../../../src/domain/apply-fields.js";
import { BacklogError } from "../../../src/domain/errors.js";
import { MAX_TASK_ID } from "../../../src/domain/task-id.js";
import { PRIORITIES, STATUSES, TASK_TYPES, type FieldChanges, type Task, type UserValue } from "../../../src/domain/task.js";
import { editTaskFile } from "../../../src/format/edit-task-file.js";
import { parseTaskFile } from "../../../src/format/parse-task-file.js";
import { assertProperty } from "../../helpers/property.js";
import { fieldLines, readCorpus, splitKeepingEndings } from "./corpus.js";

const good = readCorpus("good");
const files = [...good, ...readCorpus("bad")].map((file) => file.text);

/** What a hand edit or a merge may put anywhere in a file. */
const PIECES = ["\n", "\r\n", ":", " ", "-", "---\n", "#", "'", '"', "[", "]", "{", "}", "|", ">", "&a", "*a", "\t", "\uFEFF", "é", "🚀", "<<<<<<< x\n", "id: 3\n", "title:"];

const splice = fc.record({
  insert: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 2, arbitrary: fc.constant(false) }),
  at: fc.nat(),
  length: fc.integer({ min: 1, max: 4 }),
  piece: fc.constantFrom(...PIECES),
});
type Splice = typeof splice extends fc.Arbitrary<infer T> ? T : never;

/** A corpus file, good or bad, with one to three pieces inserted or characters deleted. */
const mutatedFile = fc.tuple(fc.constantFrom(...files), fc.array(splice, { minLength: 1, maxLength: 3 })).map(([text, splices]) => splices.reduce(applySplice, text));

function applySplice(text: string, { insert, at: place, length, piece }: Splice): string {
  const at = place % (text.length + 1);
  return insert ? text.slice(0, at) + piece + text.slice(at) : text.slice(0, at) + text.slice(at + length);
}

/** Pieces of awkward text: quotes, colons, `#`, indicators, unicode, leading spaces, words YAML reads as other types. */
const AWKWARD = [
  "Fix: crash", "#1", "yes", "No", "on", "~", "null", "true", "12", "0x1F", "1_000", "1e3", "-5", ".5", "2026-12-01", "it's", 'say "hi"',
  "  padded", "trailing #", "a, b", "[x]", "{y}", "@user", "%p", "`code`", "!important", "&anchor", "*alias", "? q", "| pipe", "> gt",
  "- item", "---", "back\\slash", "é", "🚀", "日本語", "\u00a0", "\t", "\n", "line\nbreak", ": ", " # ", "'", '"', "plain words",
];
const awkwardText = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...AWKWARD) }, { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 4 }) }), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join(""));
const id = fc.integer({ min: 1, max: MAX_TASK_ID });
const instant = fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true });
/** The date forms a task file holds: a day, a UTC time with or without a fraction, an offset. */
const isoDate = fc.oneof(
  instant.map((date) => date.toISOString().slice(0, 10)),
  instant.map((date) => date.toISOString().replace(/\.\d{3}Z$/, "Z")),
  instant.map((date) => date.toISOString()),
  fc.constantFrom("2026-12-01T10:02:11.5+02:00", "2026-12-01 10:02:11Z", "2026-12-01T10:02-0530"),
);
/** A tag as the model holds it: no surrounding space, no leading `+`, given once. */
const tag = fc
  .oneof(fc.constantFrom("bug", "x-y", "b c", "a,b", "c]", "#1", "yes", "12", "a:b", "émoji"), fc.string({ unit: "grapheme", minLength: 1, maxLength: 6 }))
  .filter((name) => name.trim() === name && name !== "" && !name.startsWith("+"));

const { userValue } = fc.letrec<{ userValue: UserValue }>((tie) => ({
  userValue: fc.oneof(
    { maxDepth: 2, depthIdentifier: "user", withCrossShrink: true },
    { weight: 4, arbitrary: awkwardText },
    { weight: 2, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.array(tie("userValue"), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.dictionary(awkwardText, tie("userValue"), { maxKeys: 3 }) },
  ),
}));
const USER_FIELDS = ["reviewer", "estimate", "x_y", "a b", "é", "Title", "STATUS", "1.10", "true", "#k", "k: v", "- x", "summary", "acceptance"];

/** A change to one field: a value of the field's kind, or null to remove it (never the id or the title). */
const change: fc.Arbitrary<[string, FieldChanges[string]]> = fc.oneof(
  fc.tuple(fc.constant("id"), id),
  fc.tuple(fc.constant("title"), awkwardText.filter((title) => title.trim() !== "")),
  fc.tuple(fc.constant("status"), fc.constantFrom(...STATUSES)),
  fc.tuple(fc.constant("priority"), fc.constantFrom(...PRIORITIES, null)),
  fc.tuple(fc.constant("type"), fc.constantFrom(...TASK_TYPES, null)),
  fc.tuple(fc.constantFrom("project", "assignee", "recur", "branch", "worktree"), fc.oneof(awkwardText, fc.constant(null))),
  fc.tuple(fc.constant("tags"), fc.oneof(fc.uniqueArray(tag, { maxLength: 4 }), fc.constant(null))),
  fc.tuple(fc.constantFrom("depends", "related"), fc.oneof(fc.uniqueArray(id, { maxLength: 4 }), fc.constant(null))),
  fc.tuple(fc.constant("parent"), fc.oneof(id, fc.constant(null))),
  fc.tuple(fc.constantFrom("due", "scheduled", "wait", "until", "created", "modified", "started", "ended"), fc.oneof(isoDate, fc.constant(null))),
  fc.tuple(fc.constantFrom(...USER_FIELDS), userValue),
);
/** One to four field changes, each field once (null removes it). */
const changes = fc.uniqueArray(change, { minLength: 1, maxLength: 4, selector: ([name]) => name }).map((pairs): FieldChanges => Object.fromEntries(pairs));

/**
 * The file's lines without the lines of the named fields: what an edit of those fields must keep
 * byte for byte. A field's lines run on over blank lines up to the last indented one of only
 * blanks, which YAML reads as part of a block scalar (`summary: |-` then a line holding a tab).
 */
function untargetedLines(text: string, names: readonly string[]): string[] {
  const lines = splitKeepingEndings(text);
  const targeted = new Set<number>();
  for (const name of names) {
    const [start, last] = fieldLines(text, name) ?? [0, 0];
    let end = last;
    for (let next = last; last > start && /^[ \t]*\r?\n?$/.test(lines[next] ?? "x"); next++) if (/^[ \t]/.test(lines[next]!)) end = next + 1;
    for (let line = start; line < end; line++) targeted.add(line);
  }
  return lines.filter((_, line) => !targeted.has(line));
}

const model = ({ path: _path, ...task }: Task): Omit<Task, "path"> => task;

describe("mutated task files", () => {
  it("never make parseTaskFile throw, and every problem names file, line and reason", () => {
    assertProperty(
      fc.property(mutatedFile, (text) => {
        const parsed = parseTaskFile(text, "backlog/f.md");
        const errors = parsed.problems.filter((problem) => problem.severity === "error");
        expect(parsed.task === undefined).toBe(errors.length > 0);
        for (const problem of parsed.problems) {
          expect(problem.file).toBe("backlog/f.md");
          expect(problem.line).toBeGreaterThanOrEqual(1);
          expect(problem.message.length).toBeGreaterThan(10);
        }
      }),
      { runs: 300 },
    );
  });

  it("are either edited into a file that reads back as asked, or refused with a BacklogError", () => {
    let edited = 0;
    let runs = 0;
    assertProperty(
      fc.property(mutatedFile, changes, (text, asked) => {
        runs++;
        let result: string;
        try {
          result = editTaskFile(text, asked);
        } catch (error) {
          expect(error).toBeInstanceOf(BacklogError);
          return;
        }
        edited++;
        const before = parseTaskFile(text, "f.md").task;
        const after = parseTaskFile(result, "f.md").task;
        // An edit never makes a readable file unreadable, and gives it the fields asked for.
        if (before) expect(after && model(after)).toEqual(model(applyFields(before, asked)));
      }),
      { runs: 200 },
    );
    expect(edited).toBeGreaterThan(runs / 3);
  });
});

describe("edits of the corpus's good files", () => {
  it("keep every line of the fields they do not change, and read back as the fields asked for", () => {
    assertProperty(
      fc.property(fc.constantFrom(...good), changes, ({ text }, asked) => {
        const result = editTaskFile(text, asked);
        const names = Object.keys(asked);
        expect(untargetedLines(result, names)).toEqual(untargetedLines(text, names));
        const before = parseTaskFile(text, "f.md").task!;
        expect(model(parseTaskFile(result, "f.md").task!)).toEqual(model(applyFields(before, asked)));
      }),
      { runs: 200 },
    );
  });
});
