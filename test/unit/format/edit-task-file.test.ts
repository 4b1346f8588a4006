import { describe, expect, it } from "vitest";
import { BacklogError } from "../../../src/domain/errors.js";
import { editTaskFile } from "../../../src/format/edit-task-file.js";
import { parseTaskFile } from "../../../src/format/parse-task-file.js";
import { lineDiff, readCorpusFile } from "./corpus.js";

const spec = readCorpusFile("good", "01-spec-example.md");
const titleLine = (text: string): string => /^title:.*$/m.exec(text)![0];
const parsedTitle = (text: string): string | undefined => parseTaskFile(text, "x.md").task?.title;

describe("editTaskFile quoting", () => {
  const tricky = [
    "Fix: crash", "#1", "yes", "No", "on", "OFF", "y", "*bold*", "- item", "1:20", "12", "0x1F", "1_000", "null", "~",
    "true", "it's", 'say "hi"', "  padded  ", "emoji 🚀", "tab\there", "trailing #", "a, b", "[x]", "{y}", "@user",
    "%p", "`code`", "!important", "&anchor", "? q", "| pipe", "> gt", "2026-12-01", "line\nbreak", "back\\slash", "é",
  ];

  it.each(tricky)("writes the title %j so it reads back exactly", (title) => {
    const edited = editTaskFile(spec, { title });
    expect(parsedTitle(edited)).toBe(title);
    expect(lineDiff(spec, edited).removed).toEqual(["title: Implement user authentication\n"]);
  });

  it("writes a long value with a line break on one line, escaped, where YAML would fold it", () => {
    const long = "A first line long enough for YAML to fold\nand a second line";
    const edited = editTaskFile(spec, { title: `${long} (pasted)`, note: long, tags: [long] });
    expect(edited).toContain(`\ntitle: ${JSON.stringify(`${long} (pasted)`)}\n`);
    expect(edited).toContain(`\ntags: [${JSON.stringify(long)}]\n`);
    expect(edited).toContain(`\nnote: ${JSON.stringify(long)}\n---\n`);
    expect(parseTaskFile(edited, "x.md").task).toMatchObject({ title: `${long} (pasted)`, tags: [long], user: { note: long } });
  });

  it("quotes what YAML 1.1 readers would misread, and nothing plain", () => {
    for (const word of ["yes", "No", "on", "OFF", "y", "1:20", "1_000"]) expect(titleLine(editTaskFile(spec, { title: word }))).toBe(`title: "${word}"`);
    expect(titleLine(editTaskFile(spec, { title: "Plain words here" }))).toBe("title: Plain words here");
  });

  it("keeps single quotes, double quotes and plain style where the value allows", () => {
    const quoted = readCorpusFile("good", "03-quoting.md");
    const edited = editTaskFile(quoted, { title: "It's: new", status: "done", project: "web", assignee: "bob", recur: "daily" });
    expect(edited).toContain("title: 'It''s: new'\n");
    expect(edited).toContain('status: "done"\n');
    expect(edited).toContain("project: 'web'\n");
    expect(edited).toContain('assignee: "bob"\n');
    expect(edited).toContain("recur: daily\n");
  });

  it("quotes list items that would split a flow list", () => {
    const edited = editTaskFile(spec, { tags: ["a,b", "c]", "plain"] });
    expect(edited).toContain('tags: ["a,b", "c]", plain]\n');
    expect(parseTaskFile(edited, "x.md").task?.tags).toEqual(["a,b", "c]", "plain"]);
  });
});

describe("editTaskFile keeps what it does not change", () => {
  it("keeps the trailing comment of the changed line", () => {
    const text = readCorpusFile("good", "02-comments.md");
    const edited = editTaskFile(text, { id: 99, priority: "L", tags: ["x"] });
    expect(edited).toContain("id: 99 # assigned by hand\n");
    expect(edited).toContain("priority: L  # was H\n");
    expect(edited).toContain("tags: [x] # keep sorted\n");
  });

  it("keeps a flow list flow, padded or not, and a block list block with its indentation", () => {
    expect(editTaskFile(readCorpusFile("good", "19-flow-lists.md"), { tags: ["q", "r"] })).toContain("tags: [ q, r ]\n");
    const block = editTaskFile(readCorpusFile("good", "12-block-lists.md"), { depends: [5, 6], reviewers: ["zoe"] });
    expect(block).toContain("depends:\n  - 5\n  - 6\nreviewers:\n- zoe\n---");
  });

  it("keeps a block scalar a block scalar", () => {
    const edited = editTaskFile(readCorpusFile("good", "04-block-scalars.md"), { summary: "one\ntwo\n" });
    expect(edited).toContain("summary: |\n  one\n  two\nacceptance:");
  });

  it("fills an empty value in place, keeping its comment", () => {
    const edited = editTaskFile(readCorpusFile("good", "17-empty-values.md"), { priority: "H", status: "done" });
    expect(edited).toContain("status: done\npriority: H # decide later\n");
  });

  it("converts a new body to the file's CRLF line endings", () => {
    const text = readCorpusFile("good", "05-crlf.md");
    const edited = editTaskFile(text, { status: "done" }, { body: "one\ntwo\n" });
    expect(edited.endsWith("---\r\none\r\ntwo\r\n")).toBe(true);
    expect(edited.replace(/\r\n/g, "")).not.toContain("\n");
  });

  it("adds a line ending after a closing fence at the end of the file before a new body", () => {
    const text = readCorpusFile("good", "16-closing-fence-at-eof.md");
    expect(editTaskFile(text, {}, { body: "Body." }).endsWith("status: pending\n---\nBody.")).toBe(true);
    expect(editTaskFile(text, { status: "done" })).toBe(text.replace("pending", "done"));
  });

  it("inserts new fields in the order given, with the map's indentation", () => {
    const edited = editTaskFile(spec, { recur: "weekly", worktree: "../w", estimate: { hours: 3 } });
    expect(lineDiff(spec, edited).added).toEqual(["recur: weekly\n", "worktree: ../w\n", "estimate:\n", "  hours: 3\n"]);
  });

  it("gives an id-less file its id (doctor --fix)", () => {
    const text = readCorpusFile("bad", "missing-id.md");
    const edited = editTaskFile(text, { id: 42 });
    expect(parseTaskFile(edited, "x.md").task).toMatchObject({ id: 42, title: "A new task written by hand" });
    expect(lineDiff(text, edited)).toMatchObject({ removed: [], added: ["id: 42\n"] });
  });
});

describe("editTaskFile refuses rather than writing a broken file", () => {
  const refusal = (fn: () => unknown): BacklogError => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(BacklogError);
      expect((error as BacklogError).code).toBe("invalid");
      return error as BacklogError;
    }
    throw new Error("expected a refusal");
  };

  it("refuses a value the task format does not allow, with the reason", () => {
    expect(refusal(() => editTaskFile(spec, { status: "wip" })).message).toMatch(/status "wip" is not one of pending, active, done, deleted/);
    expect(refusal(() => editTaskFile(spec, { due: "tomorrow" })).message).toMatch(/due "tomorrow" is not an ISO 8601 date/);
    expect(refusal(() => editTaskFile(spec, { title: "" })).message).toMatch(/title/);
    expect(refusal(() => editTaskFile(spec, { depends: [0] })).message).toMatch(/not a task id/);
  });

  it("refuses files it cannot read, naming the line", () => {
    expect(refusal(() => editTaskFile(readCorpusFile("bad", "yaml-syntax.md"), { status: "done" }, { path: "b/49.md" })).message).toMatch(/^b\/49\.md: line 5: /);
    expect(refusal(() => editTaskFile(readCorpusFile("bad", "duplicate-key.md"), { priority: "H" })).message).toMatch(/appears more than once/);
    expect(refusal(() => editTaskFile(readCorpusFile("bad", "no-frontmatter.md"), { id: 1 })).message).toMatch(/no frontmatter/);
    expect(refusal(() => editTaskFile(readCorpusFile("bad", "not-a-map.md"), { id: 1 })).message).toMatch(/cannot be edited in place/);
    expect(refusal(() => editTaskFile("---\n{id: 1, title: t}\n---\n", { id: 2 })).message).toMatch(/cannot be edited in place/);
  });

  it("refuses names that are not frontmatter fields", () => {
    expect(refusal(() => editTaskFile(spec, { body: "x" })).message).toMatch(/body option/);
    expect(refusal(() => editTaskFile(spec, { "a\nb": "x" })).message).toMatch(/not a frontmatter field name/);
  });

  it("keeps the file parseable when the body holds a line that would close the frontmatter", () => {
    const edited = editTaskFile(spec, {}, { body: "---\nid: 5\n---\n" });
    expect(parseTaskFile(edited, "x.md").task).toMatchObject({ id: 12, body: "---\nid: 5\n---\n" });
  });
});

describe("editTaskFile on block lists", () => {
  const file = (eol: string): string =>
    [
      "---",
      "id: 4",
      "title: Lists",
      "tags:",
      "  - backend # the API side",
      "  # ux stays until the review",
      "  - ux",
      "  - old",
      "depends:",
      "  - 1",
      "  - 2 # needs the schema",
      "---",
      "Body",
      "",
    ].join(eol);

  it("keeps comments beside and between the items that stay, and adds after the last one", () => {
    const edited = editTaskFile(file("\n"), { tags: ["backend", "ux", "api"] });
    expect(lineDiff(file("\n"), edited)).toMatchObject({ removed: ["  - old\n"], added: ["  - api\n"] });
    expect(edited).toContain("  - backend # the API side\n  # ux stays until the review\n  - ux\n  - api\n");
    expect(parseTaskFile(edited, "x.md").task?.tags).toEqual(["backend", "ux", "api"]);
  });

  it("removes only the line of a removed item, its own comment with it", () => {
    const edited = editTaskFile(file("\n"), { depends: [2] });
    expect(lineDiff(file("\n"), edited)).toMatchObject({ removed: ["  - 1\n"], added: [] });
    expect(parseTaskFile(edited, "x.md").task?.depends).toEqual([2]);
    const dropped = editTaskFile(file("\n"), { depends: [1] });
    expect(dropped).not.toContain("needs the schema");
  });

  it("edits related in place like depends: only its own lines move", () => {
    const text = ["---", "id: 5", "title: Links # mine", "related: [ 1, 2 ]  # see also", "depends:", "  - 1", "---", "Body", ""].join("\n");
    const edited = editTaskFile(text, { related: [1, 2, 8] });
    expect(lineDiff(text, edited)).toMatchObject({ removed: ["related: [ 1, 2 ]  # see also\n"], added: ["related: [ 1, 2, 8 ]  # see also\n"] });
    const added = editTaskFile(["---", "id: 5", "title: Links", "---", ""].join("\n"), { related: [3] });
    expect(added).toBe("---\nid: 5\ntitle: Links\nrelated: [3]\n---\n");
    expect(editTaskFile(edited, { related: null })).toBe(text.replace("related: [ 1, 2 ]  # see also\n", ""));
  });

  it("keeps CRLF line endings for added items", () => {
    const edited = editTaskFile(file("\r\n"), { tags: ["backend", "ux", "old", "new"] });
    expect(edited).toContain("  - old\r\n  - new\r\ndepends:");
    expect(edited.replace(/\r\n/g, "")).not.toContain("\n");
  });

  it("writes the list anew when no item stays, and in order when the order changes", () => {
    const fresh = editTaskFile(file("\n"), { tags: ["a", "b"] });
    expect(parseTaskFile(fresh, "x.md").task?.tags).toEqual(["a", "b"]);
    const reordered = editTaskFile(file("\n"), { tags: ["old", "backend"] });
    expect(parseTaskFile(reordered, "x.md").task?.tags).toEqual(["old", "backend"]);
    expect(reordered).toContain("# ux stays until the review");
  });
});
