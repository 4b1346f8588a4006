import { describe, expect, it } from "vitest";
import { BacklogError } from "../../../src/domain/errors.js";
import type { FieldChanges } from "../../../src/domain/task.js";
import { editTaskFile } from "../../../src/format/edit-task-file.js";
import { parseTaskFile } from "../../../src/format/parse-task-file.js";
import { readCorpus } from "./corpus.js";
import { seededRandom as random } from "../../helpers/seeded-random.js";

const files = [...readCorpus("good"), ...readCorpus("bad")].map((file) => file.text);
const PIECES = ["\n", "\r\n", ":", " ", "-", "---\n", "#", "'", '"', "[", "]", "{", "}", "|", ">", "&a", "*a", "\t", "\uFEFF", "é", "🚀", "<<<<<<< x\n", "id: 3\n", "title:"];
const CHANGES: FieldChanges[] = [
  { status: "done" },
  { title: "Fix: it" },
  { tags: ["a", "b c"] },
  { depends: [4] },
  { due: "2027-01-01" },
  { priority: null },
  { custom: { a: [1, "x"] } },
  { id: 77, assignee: "yes" },
];

function mutate(text: string, next: () => number): string {
  let result = text;
  const edits = 1 + Math.floor(next() * 3);
  for (let edit = 0; edit < edits; edit++) {
    const at = Math.floor(next() * (result.length + 1));
    const choice = next();
    if (choice < 0.4) result = result.slice(0, at) + result.slice(at + 1 + Math.floor(next() * 4));
    else result = result.slice(0, at) + PIECES[Math.floor(next() * PIECES.length)]! + result.slice(at);
  }
  return result;
}

describe("mutated task files", () => {
  it("never make parseTaskFile throw, and every problem names file, line and reason", () => {
    const next = random(2026);
    for (let iteration = 0; iteration < 3000; iteration++) {
      const text = mutate(files[iteration % files.length]!, next);
      const parsed = parseTaskFile(text, "backlog/f.md");
      const errors = parsed.problems.filter((problem) => problem.severity === "error");
      expect(parsed.task === undefined, `iteration ${iteration}`).toBe(errors.length > 0);
      for (const problem of parsed.problems) {
        expect(problem.file).toBe("backlog/f.md");
        expect(problem.line).toBeGreaterThanOrEqual(1);
        expect(problem.message.length).toBeGreaterThan(10);
      }
    }
  });

  it("are either edited into a file that reads back as asked, or refused with a BacklogError", () => {
    const next = random(7);
    let edited = 0;
    for (let iteration = 0; iteration < 3000; iteration++) {
      const text = mutate(files[iteration % files.length]!, next);
      const changes = CHANGES[iteration % CHANGES.length]!;
      let result: string;
      try {
        result = editTaskFile(text, changes);
      } catch (error) {
        expect(error, `iteration ${iteration}`).toBeInstanceOf(BacklogError);
        continue;
      }
      edited++;
      const before = parseTaskFile(text, "f.md");
      const after = parseTaskFile(result, "f.md");
      // An edit never makes a readable file unreadable.
      if (before.task) expect(after.task, `iteration ${iteration}`).toBeDefined();
      if (after.task && changes.status) expect(after.task.status).toBe("done");
      if (after.task && changes.depends) expect(after.task.depends).toEqual([4]);
    }
    expect(edited).toBeGreaterThan(1000);
  });
});
