import { describe, expect, it } from "vitest";
import { BacklogError } from "../../../src/domain/errors.js";
import { KNOWN_FIELDS, type KnownField, type Task } from "../../../src/domain/task.js";
import { editTaskFile } from "../../../src/format/edit-task-file.js";
import { parseTaskFile } from "../../../src/format/parse-task-file.js";
import { closingFenceIndex, fieldLines, lineDiff, readCorpus, splitKeepingEndings } from "./corpus.js";

const corpus = readCorpus("good");

function parse(text: string, name: string): Task {
  const parsed = parseTaskFile(text, name);
  expect(parsed.problems.filter((problem) => problem.severity === "error")).toEqual([]);
  return parsed.task!;
}

/** A value different from the current one, in the model's canonical form. */
function newValue(field: KnownField, task: Task): string | number | string[] | number[] {
  switch (field) {
    case "id":
      return task.id + 1000;
    case "title":
      return `${task.title} (edited: v2)`;
    case "status":
      return task.status === "done" ? "active" : "done";
    case "priority":
      return task.priority === "L" ? "H" : "L";
    case "type":
      return task.type === "bug" ? "feature" : "bug";
    case "project":
      return "web.api.v2";
    case "tags":
      return [...task.tags, "added"];
    case "depends":
      return [...task.depends, 999];
    case "related":
      return [...task.related, 998];
    case "parent":
      return (task.parent ?? 0) + 500;
    case "assignee":
      return "codex agent";
    case "recur":
      return "2w";
    case "branch":
      return "feature/x-1";
    case "worktree":
      return "../repo-x";
    case "due":
    case "scheduled":
    case "wait":
    case "until":
      return "2027-03-04";
    case "created":
    case "modified":
    case "started":
    case "ended":
      return "2027-03-04T05:06:07Z";
  }
}

/** Everything the parser gives except one field: what must not move when that field changes. */
function allBut(task: Task, field: string): Record<string, unknown> {
  const { [field]: _dropped, ...rest } = task as unknown as Record<string, unknown>;
  const user = { ...task.user };
  delete user[field];
  return { ...rest, user };
}

/** The invariants of every edit: BOM, line ending style and final newline are the file's own. */
function expectSameShape(before: string, after: string): void {
  expect(after.startsWith("\uFEFF")).toBe(before.startsWith("\uFEFF"));
  expect(after.endsWith("\n")).toBe(before.endsWith("\n"));
  const crlf = splitKeepingEndings(before)[0]!.endsWith("\r\n");
  const frontmatter = splitKeepingEndings(after).slice(0, closingFenceIndex(after) + 1);
  for (const line of frontmatter) if (line.endsWith("\n")) expect(line.endsWith("\r\n")).toBe(crlf);
}

/** The single hunk of the diff lies inside the field's lines, before and after the edit. */
function expectOnlyFieldLines(before: string, after: string, field: string): void {
  const diff = lineDiff(before, after);
  const old = fieldLines(before, field);
  const now = fieldLines(after, field);
  if (old) {
    expect(diff.at).toBeGreaterThanOrEqual(old[0]);
    expect(diff.at + diff.removed.length).toBeLessThanOrEqual(old[1]);
  } else {
    // A new field: one or more lines inserted just before the closing fence, nothing removed.
    expect(diff.removed).toEqual([]);
    expect(diff.at).toBe(closingFenceIndex(before));
  }
  expect(now).toBeDefined();
  expect(diff.at).toBeGreaterThanOrEqual(now![0]);
  expect(diff.at + diff.added.length).toBeLessThanOrEqual(now![1]);
}

describe.each(corpus)("round trip of $name", ({ name, text }) => {
  const task = parse(text, name);

  it("parses and is left byte for byte unchanged by an empty edit", () => {
    expect(editTaskFile(text, {})).toBe(text);
  });

  it.each([...KNOWN_FIELDS])("changes only the lines of %s", (field) => {
    const value = newValue(field, task);
    const edited = editTaskFile(text, { [field]: value });
    expect(edited).not.toBe(text);
    expectOnlyFieldLines(text, edited, field);
    expectSameShape(text, edited);
    const again = parse(edited, name);
    expect(again[field]).toEqual(value);
    expect(allBut(again, field)).toEqual(allBut(task, field));
  });

  const present = KNOWN_FIELDS.filter((field) => fieldLines(text, field) !== undefined && field !== "id" && field !== "title");
  it.each(present)("removes exactly the lines of %s", (field) => {
    const edited = editTaskFile(text, { [field]: null });
    const diff = lineDiff(text, edited);
    const [start, end] = fieldLines(text, field)!;
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual(splitKeepingEndings(text).slice(start, end));
    expect(fieldLines(edited, field)).toBeUndefined();
    expectSameShape(text, edited);
    const again = parse(edited, name);
    expect(allBut(again, field)).toEqual(allBut(task, field));
  });

  it("refuses to remove the id or the title, which every task needs", () => {
    expect(() => editTaskFile(text, { id: null })).toThrow(BacklogError);
    expect(() => editTaskFile(text, { title: null })).toThrow(/no title/);
  });

  it.each(Object.keys(task.user))("changes only the lines of the user field %s", (field) => {
    for (const value of ["changed: value", 42, ["x", "y z"], { nested: { list: [1, 2] } }]) {
      const edited = editTaskFile(text, { [field]: value });
      expectOnlyFieldLines(text, edited, field);
      expectSameShape(text, edited);
      const again = parse(edited, name);
      expect(again.user[field]).toEqual(value);
      expect(Object.keys(again.user)).toEqual(Object.keys(task.user));
      expect(allBut(again, field)).toEqual(allBut(task, field));
    }
  });

  it("adds a user field as one line before the closing fence, then removes it again", () => {
    const added = editTaskFile(text, { reviewer: "Ana María" });
    const diff = lineDiff(text, added);
    expect(diff).toEqual({ at: closingFenceIndex(text), removed: [], added: [expect.stringMatching(/^reviewer: Ana María\r?\n$/)] });
    expect(parse(added, name).user.reviewer).toBe("Ana María");
    expect(editTaskFile(added, { reviewer: null })).toBe(text);
  });

  it("replaces the body and keeps the frontmatter bytes", () => {
    const body = "A new body.\n\n---\n\n## Notes\n- 2026-11-21T10:30:00Z claude: kept.\n";
    const edited = editTaskFile(text, {}, { body });
    const fence = closingFenceIndex(text);
    const frontmatter = splitKeepingEndings(text).slice(0, fence + 1).join("");
    expect(edited.startsWith(frontmatter)).toBe(true);
    const again = parse(edited, name);
    expect(again.body.replace(/\r\n/g, "\n")).toBe(body);
    expect(again.notes).toEqual([{ time: "2026-11-21T10:30:00Z", author: "claude", text: "kept." }]);
    expect(allBut(again, "body")).toEqual({ ...allBut(task, "body"), notes: again.notes });
  });

  it("changes several fields at once and parses back to all of them", () => {
    const changes = { status: "active", priority: "M", tags: ["one", "two"], due: "2027-01-01T00:00:00Z", extra: "x" };
    const again = parse(editTaskFile(text, changes), name);
    expect(again).toMatchObject({ status: "active", priority: "M", tags: ["one", "two"], due: "2027-01-01T00:00:00Z" });
    expect(again.user.extra).toBe("x");
  });
});
