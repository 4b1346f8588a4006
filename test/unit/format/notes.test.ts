import { describe, expect, it } from "vitest";
import { BacklogError } from "../../../src/domain/errors.js";
import { appendNote, parseNotes, removeNote, splitBody } from "../../../src/format/notes.js";
import { parseTaskFile } from "../../../src/format/parse-task-file.js";
import { readCorpusFile } from "./corpus.js";

const note = (text: string, author = "claude", time = "2026-11-22T09:00:00Z") => ({ time, author, text });
const bodyOf = (name: string): string => parseTaskFile(readCorpusFile("good", name), name).task!.body;
const conversation = bodyOf("13-multiline-notes.md");

describe("parseNotes", () => {
  it("reads single-line and multi-line notes, and skips items that are not notes", () => {
    expect(parseNotes(conversation)).toEqual([
      note("first note.", "claude", "2026-11-21T10:30:00Z"),
      note("a multi-line note\nthat continues here\n\nand after a blank line.", "ana", "2026-11-21T11:00:00Z"),
      note("a name with a space: and a colon in the text", "Jane Doe", "2026-11-21T12:00:00+02:00"),
    ]);
  });

  it("reads CRLF bodies without carriage returns in the text", () => {
    expect(parseNotes(bodyOf("05-crlf.md"))).toEqual([note("CRLF everywhere,\nincluding this continuation line.", "ana", "2026-11-02T09:00:00Z")]);
  });

  it("only reads the Notes section that ends the body", () => {
    const item = "- 2026-11-21T10:30:00Z claude: x\n";
    expect(parseNotes(`Intro\n${item}`)).toEqual([]);
    expect(parseNotes(`## Notes\n${item}\n## Later section\n`)).toEqual([]);
    expect(parseNotes(`## Notes\n${item}\n### A sub-heading is fine\n`)).toHaveLength(1);
    expect(parseNotes("```md\n## Notes\n- 2026-11-21T10:30:00Z a: in a code block\n```\n")).toEqual([]);
    expect(parseNotes(`## notes\n${item}`)).toHaveLength(1);
  });

  it("does not take an item with a bad time for a note", () => {
    expect(parseNotes("## Notes\n- yesterday claude: no\n- 2026-13-01T00:00:00Z claude: no\n")).toEqual([]);
  });
});

describe("splitBody", () => {
  it("splits the document from the notes section, losing nothing", () => {
    const { doc, notes } = splitBody(conversation);
    expect(doc).toBe("The spec of the task.\n\n");
    expect(notes.startsWith("## Notes\n- 2026-11-21T10:30:00Z")).toBe(true);
    expect(doc + notes).toBe(conversation);
  });

  it("gives the whole body as the document when there is no notes section", () => {
    expect(splitBody("Just text.\n")).toEqual({ doc: "Just text.\n", notes: "" });
  });
});

describe("appendNote", () => {
  it("creates the section with a blank line before it", () => {
    expect(appendNote("Description.\n", note("first"))).toBe("Description.\n\n## Notes\n- 2026-11-22T09:00:00Z claude: first\n");
    expect(appendNote("Description.", note("first"))).toBe("Description.\n\n## Notes\n- 2026-11-22T09:00:00Z claude: first\n");
    expect(appendNote("Description.\n\n", note("first"))).toBe("Description.\n\n## Notes\n- 2026-11-22T09:00:00Z claude: first\n\n");
    expect(appendNote("", note("first"))).toBe("## Notes\n- 2026-11-22T09:00:00Z claude: first\n");
  });

  it("appends after the last note and reads back in order", () => {
    const body = appendNote(bodyOf("01-spec-example.md"), note("second"));
    expect(body.endsWith("Redis.\n- 2026-11-22T09:00:00Z claude: second\n")).toBe(true);
    expect(parseNotes(body).map((entry) => entry.text)).toEqual(["the session store is Redis.", "second"]);
  });

  it("writes a multi-line note with indented continuation lines that parse back", () => {
    const text = "line one\n  indented code\n\nafter a blank line";
    const body = appendNote(conversation, note(text, "bob"));
    expect(body.endsWith("- 2026-11-22T09:00:00Z bob: line one\n    indented code\n\n  after a blank line\n")).toBe(true);
    expect(parseNotes(body).at(-1)).toEqual(note(text, "bob"));
  });

  it("separates a new note from a trailing paragraph with a blank line", () => {
    const body = appendNote("## Notes\nSome paragraph.\n", note("x"));
    expect(body).toBe("## Notes\nSome paragraph.\n\n- 2026-11-22T09:00:00Z claude: x\n");
  });

  it("keeps CRLF line endings", () => {
    const body = appendNote(bodyOf("05-crlf.md"), note("two\nlines"));
    expect(body.endsWith("line.\r\n- 2026-11-22T09:00:00Z claude: two\r\n  lines\r\n")).toBe(true);
    expect(body.replace(/\r\n/g, "")).not.toContain("\n");
  });

  it("refuses notes that would not read back", () => {
    expect(() => appendNote("", note("x", "a: b"))).toThrow(BacklogError);
    expect(() => appendNote("", note("x", " "))).toThrow(/author/);
    expect(() => appendNote("", note("x", "claude", "today"))).toThrow(/ISO time/);
    expect(() => appendNote("", note("  \n "))).toThrow(/needs some text/);
  });
});

describe("removeNote", () => {
  it("removes a multi-line note with its continuation lines and nothing else", () => {
    const body = removeNote(conversation, 1);
    expect(body).toBe(conversation.replace("- 2026-11-21T11:00:00Z ana: a multi-line note\n  that continues here\n\n  and after a blank line.\n", ""));
    expect(body).toContain("- just a plain list item, not a note\n");
    expect(parseNotes(body).map((entry) => entry.author)).toEqual(["claude", "Jane Doe"]);
  });

  it("removes the last line of a body without a final newline and keeps it without one", () => {
    const body = "## Notes\n- 2026-11-21T10:30:00Z a: one\n- 2026-11-21T10:31:00Z b: two";
    expect(removeNote(body, 1)).toBe("## Notes\n- 2026-11-21T10:30:00Z a: one");
    expect(removeNote("## Notes\r\n- 2026-11-21T10:30:00Z a: one\r\n- 2026-11-21T10:31:00Z b: two", 1)).toBe("## Notes\r\n- 2026-11-21T10:30:00Z a: one");
  });

  it("undoes appendNote exactly", () => {
    const before = bodyOf("01-spec-example.md");
    expect(removeNote(appendNote(before, note("temp")), 1)).toBe(before);
  });

  it("says how many notes there are when the index is out of range", () => {
    expect(() => removeNote(conversation, 3)).toThrow(/there is no note 4; the task has 3 note/);
  });
});
