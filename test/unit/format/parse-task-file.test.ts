import { describe, expect, it } from "vitest";
import { parseTaskFile } from "../../../src/format/parse-task-file.js";
import { readCorpus, readCorpusFile } from "./corpus.js";

const file = (...lines: string[]): string => `${lines.join("\n")}\n`;
const frontmatter = (...lines: string[]): string => file("---", ...lines, "---");

describe("status words", () => {
  const statusOf = (word: string): ReturnType<typeof parseTaskFile> => parseTaskFile(frontmatter("id: 1", "title: t", `status: ${word}`), "x.md");

  it("reads Taskwarrior's completed and waiting as done and pending, like the filter language", () => {
    for (const [word, status] of [["completed", "done"], ["Completed", "done"], ["waiting", "pending"], ["DONE", "done"]] as const) {
      const parsed = statusOf(word);
      expect(parsed.task?.status, word).toBe(status);
      expect(parsed.problems, word).toEqual([]);
    }
  });

  it("refuses other tools' words, suggesting ours", () => {
    for (const [word, hint] of [["To Do", "pending"], ["in-progress", "active"], ["closed", "done"], ["cancelled", "deleted"]] as const) {
      const parsed = statusOf(word);
      expect(parsed.task, word).toBeUndefined();
      expect(parsed.problems[0]?.message, word).toContain(`did you mean ${hint}?`);
    }
  });
});

describe("a time without a zone", () => {
  it("loads the task, reads the time as UTC, and warns with the explicit form", () => {
    const parsed = parseTaskFile(readCorpusFile("good", "21-time-without-zone.md"), "backlog/47-a.md");
    expect(parsed.task).toMatchObject({ id: 47, due: "2026-12-01 17:00" });
    expect(parsed.problems).toEqual([
      expect.objectContaining({ line: 4, column: 6, code: "bad-date", severity: "warning", message: 'due "2026-12-01 17:00" has a time but no time zone, so it is read as UTC; write due: 2026-12-01T17:00Z to say so' }),
    ]);
  });
});

describe("parseTaskFile on the bad corpus", () => {
  // [file, line, column, code, words the message must contain]
  const expected: [string, number, number, string, RegExp][] = [
    ["backlog-md-id.md", 2, 5, "bad-id", /id "task-12" is not a positive integer.*write id: 12/],
    ["bad-date.md", 5, 6, "bad-date", /due "next friday" is not an ISO 8601 date; write due: 2026-12-01/],
    ["bad-depends.md", 4, 10, "bad-field", /depends item "abc" is not a task id/],
    ["bad-id-zero.md", 2, 5, "bad-id", /id 0 is not a positive integer/],
    ["bad-priority.md", 4, 11, "bad-priority", /priority "urgent" is not one of H, M, L/],
    ["bad-status.md", 4, 9, "bad-status", /^status "wip" is not one of pending, active, done, deleted; did you mean active\?$/],
    ["bad-type.md", 4, 7, "bad-type", /type "epic" is not one of task, bug, feature, chore, spec, story/],
    ["conflict-body.md", 6, 1, "conflict-markers", /line 6 is a merge conflict marker.*resolve the conflict/],
    ["conflict-frontmatter.md", 3, 1, "conflict-markers", /line 3 is a merge conflict marker/],
    ["crlf-bom-bad-status.md", 4, 9, "bad-status", /status "closed" .*did you mean done\?/],
    ["duplicate-key.md", 5, 1, "yaml-syntax", /key "status" appears more than once/],
    ["impossible-date.md", 4, 10, "bad-date", /created "2026-02-30" is not an ISO 8601 date/],
    ["missing-id.md", 2, 1, "missing-id", /no id; add a line id: <n>/],
    ["missing-title.md", 2, 1, "missing-title", /no title; add a line such as title:/],
    ["no-frontmatter.md", 1, 1, "no-frontmatter", /does not start with a --- line/],
    ["not-a-map.md", 2, 1, "yaml-syntax", /must be `key: value` lines/],
    ["title-list.md", 3, 8, "bad-field", /title must be a single line of text, not a list/],
    ["unclosed.md", 1, 1, "no-frontmatter", /no closing --- line/],
    ["yaml-syntax.md", 5, 1, "yaml-syntax", /not valid YAML: Flow sequence/],
  ];

  it("covers every bad file", () => {
    expect(readCorpus("bad").map((entry) => entry.name)).toEqual(expected.map(([name]) => name).sort());
  });

  it.each(expected)("%s: line %i, column %i, %s", (name, line, column, code, message) => {
    const parsed = parseTaskFile(readCorpusFile("bad", name), `backlog/${name}`);
    expect(parsed.task).toBeUndefined();
    expect(parsed.problems[0]).toMatchObject({ file: `backlog/${name}`, line, column, code, severity: "error" });
    expect(parsed.problems[0]!.message).toMatch(message);
  });

  it("reports every problem of a file, not only the first", () => {
    const { problems } = parseTaskFile(readCorpusFile("bad", "backlog-md-id.md"), "x.md");
    expect(problems.map((problem) => [problem.line, problem.code])).toEqual([
      [2, "bad-id"],
      [4, "bad-status"],
    ]);
    const conflict = parseTaskFile(readCorpusFile("bad", "conflict-body.md"), "x.md");
    expect(conflict.problems.map((problem) => problem.line)).toEqual([6, 10]);
  });

  it("names the task's id in its problems when the id is readable", () => {
    const { problems } = parseTaskFile(readCorpusFile("bad", "bad-status.md"), "x.md");
    expect(problems[0]!.id).toBe(42);
  });

  it("gives a draft for a file whose only error is the missing id", () => {
    const parsed = parseTaskFile(readCorpusFile("bad", "missing-id.md"), "backlog/new.md");
    expect(parsed.draft).toMatchObject({ title: "A new task written by hand", priority: "H", tags: ["new"], path: "backlog/new.md" });
    expect(parsed.draft?.body).toBe("Please give me an id.\n");
    expect(parsed.draft && "id" in parsed.draft).toBe(false);
  });

  it("gives no draft when something else is wrong too", () => {
    const parsed = parseTaskFile(frontmatter("title: t", "status: wip"), "x.md");
    expect(parsed.problems.map((problem) => problem.code)).toEqual(["bad-status", "missing-id"]);
    expect(parsed.draft).toBeUndefined();
  });
});

describe("parseTaskFile normalisation", () => {
  const task = (...lines: string[]) => {
    const parsed = parseTaskFile(frontmatter("id: 1", "title: t", ...lines), "backlog/1-t.md");
    expect(parsed.problems).toEqual([]);
    return parsed.task!;
  };

  it("defaults status to pending and lists to empty", () => {
    expect(task()).toEqual({ id: 1, title: "t", status: "pending", tags: [], depends: [], related: [], user: {}, body: "", notes: [], path: "backlog/1-t.md" });
  });

  it("reads status, priority and type in any case", () => {
    expect(task("status: DONE", "priority: m", "type: Bug")).toMatchObject({ status: "done", priority: "M", type: "bug" });
    expect(task("priority: High").priority).toBe("H");
    expect(task("priority: low").priority).toBe("L");
  });

  it("reads an id or a parent written as a digit string", () => {
    const parsed = parseTaskFile(frontmatter("id: '7'", "title: t", 'parent: "3"'), "x.md");
    expect(parsed.task).toMatchObject({ id: 7, parent: 3 });
  });

  it("reads tags as a list, a word string, or a comma string, without leading +", () => {
    expect(task("tags: [+a, b, a]").tags).toEqual(["a", "b"]);
    expect(task("tags: +a +b").tags).toEqual(["a", "b"]);
    expect(task("tags: a, b,c").tags).toEqual(["a", "b", "c"]);
    expect(task("tags:", "  - one", "  - 2").tags).toEqual(["one", "2"]);
    expect(task("tags: solo").tags).toEqual(["solo"]);
  });

  it("reads depends as a list, a single id, or a comma string", () => {
    expect(task("depends: [7, 9]").depends).toEqual([7, 9]);
    expect(task("depends: 7").depends).toEqual([7]);
    expect(task('depends: "7, 9"').depends).toEqual([7, 9]);
    expect(task('depends: ["#7", "8"]').depends).toEqual([7, 8]);
  });

  it("reads related as depends is read: a list, a single id, or a comma string, each id once", () => {
    expect(task("related: [7, 9, 7]").related).toEqual([7, 9]);
    expect(task("related: 7").related).toEqual([7]);
    expect(task('related: "#7, 9"').related).toEqual([7, 9]);
    expect(task("related:", "  - 3").related).toEqual([3]);
    expect(task("related: [7]").user).toEqual({});
    const bad = parseTaskFile(frontmatter("id: 1", "title: t", "related: [7, seven]"), "backlog/1-t.md");
    expect(bad.task).toBeUndefined();
    expect(bad.problems[0]).toMatchObject({ line: 4, code: "bad-field", message: expect.stringMatching(/related item "seven" is not a task id \(ids are .*\); .*related: \[7, 9\]/) as unknown });
  });

  it("keeps dates as written, in every accepted form", () => {
    for (const date of ["2026-12-01", "2026-12-01T10:00:00Z", "2026-12-01T10:00:00+02:00", "2026-12-01 10:00:00Z", "2026-12-01T10:00:00.5-0530"]) {
      expect(task(`due: ${date}`).due).toBe(date);
    }
  });

  it("keeps the text of numbers in text fields as written", () => {
    expect(task("project: 1.10").project).toBe("1.10");
    const parsed = parseTaskFile(frontmatter("id: 1", "title: 2024"), "x.md");
    expect(parsed.task?.title).toBe("2024");
  });

  it("keeps unknown keys as user fields in file order, with their JSON values", () => {
    const { user } = task("zeta: 1", "alpha: [a, {b: true}]", "mid: ~", "when: 2026-01-01");
    expect(user).toEqual({ zeta: 1, alpha: ["a", { b: true }], mid: null, when: "2026-01-01" });
    expect(Object.keys(user)).toEqual(["zeta", "alpha", "mid", "when"]);
  });

  it("warns about a known field written in another case, and keeps it", () => {
    const parsed = parseTaskFile(frontmatter("id: 1", "title: t", "Status: done"), "x.md");
    expect(parsed.task?.user).toEqual({ Status: "done" });
    expect(parsed.problems).toMatchObject([{ code: "bad-field", severity: "warning", line: 4, message: expect.stringContaining("did you mean status?") }]);
  });

  it("takes the body from after the closing fence, --- lines and all", () => {
    const text = "---\nid: 1\ntitle: t\n---\nintro\n---\nmore\n---\n";
    expect(parseTaskFile(text, "x.md").task?.body).toBe("intro\n---\nmore\n---\n");
  });

  it("reads CRLF files and a BOM without shifting lines", () => {
    const text = "\uFEFF---\r\nid: 1\r\ntitle: t\r\npriority: X\r\n---\r\nbody\r\n";
    expect(parseTaskFile(text, "x.md").problems).toMatchObject([{ line: 4, column: 11, code: "bad-priority" }]);
    const good = parseTaskFile(text.replace("X", "L"), "x.md").task;
    expect(good).toMatchObject({ title: "t", priority: "L", body: "body\r\n" });
  });

  it("accepts an empty frontmatter only as missing id and title", () => {
    const parsed = parseTaskFile("---\n---\n", "x.md");
    expect(parsed.problems.map((problem) => problem.code)).toEqual(["missing-id", "missing-title"]);
  });

  it("treats an empty id as missing, so doctor --fix can fill it", () => {
    const parsed = parseTaskFile(frontmatter("id:", "title: t"), "x.md");
    expect(parsed.problems).toMatchObject([{ code: "missing-id", line: 2 }]);
    expect(parsed.draft?.title).toBe("t");
  });

  it("parses the notes of the body", () => {
    const parsed = parseTaskFile(readCorpusFile("good", "01-spec-example.md"), "x.md");
    expect(parsed.task?.notes).toEqual([{ time: "2026-11-21T10:30:00Z", author: "claude", text: "the session store is Redis." }]);
  });
});
