import { describe, expect, it } from "vitest";
import { parseChangeArgs, takeTitle } from "../../../src/domain/changes.js";
import { JSON_FLAG, splitArgs, wordsAndText } from "../../../src/cli/args.js";
import { BacklogError } from "../../../src/domain/errors.js";

/** The BacklogError `run` throws. */
function refusal(run: () => unknown): BacklogError {
  try {
    run();
  } catch (error) {
    if (error instanceof BacklogError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

const NOW = new Date("2026-11-18T10:00:00Z");

describe("change words", () => {
  it("reads -word as text in add and as a tag to remove in modify", () => {
    expect(parseChangeArgs(["Fix", "-v", "+cli"], NOW, "add")).toMatchObject({ words: ["Fix", "-v"], changes: { addTags: ["cli"], removeTags: [] } });
    expect(parseChangeArgs(["Fix", "-v", "+cli"], NOW, "modify")).toMatchObject({ words: ["Fix"], changes: { addTags: ["cli"], removeTags: ["v"] } });
  });

  it("reads a known field (or alias) holding spaces as a change, and an unknown one as text", () => {
    expect(parseChangeArgs(["title:Write the docs", "description: Trimmed title "], NOW).changes.set).toEqual({ title: "Trimmed title" });
    expect(parseChangeArgs(["assignee:Ada Lovelace"], NOW).changes.set).toEqual({ assignee: "Ada Lovelace" });
    expect(parseChangeArgs(["note: the cache", "Note:x", "http://example.com"], NOW).words).toEqual(["note: the cache", "Note:x", "http://example.com"]);
  });

  it("refuses to remove an id from any id list in add, and edits each list in modify", () => {
    expect(() => parseChangeArgs(["depends:-1"], NOW, "add")).toThrow(/"depends:-1": a new task has nothing in depends to remove/);
    expect(() => parseChangeArgs(["related:2,-3"], NOW, "add")).toThrow(/"related:2,-3": a new task has nothing in related to remove/);
    expect(parseChangeArgs(["related:2,-3", "depends:4"], NOW).changes.ids).toEqual({ depends: { add: [4], remove: [] }, related: { add: [2], remove: [3] } });
  });

  it("refuses a project holding a space and says how to keep the word as text, as a remedy", () => {
    const error = refusal(() => parseChangeArgs(["project:docs site"], NOW));
    expect(error.message).toMatch(/^"project:docs site": a project name holds no spaces/);
    expect(error.remedies).toContainEqual({ use: "as-text", does: 'keeps "project:docs site" as text' });
  });

  it("refuses a near miss of a field, giving the ways past it as remedies", () => {
    const error = refusal(() => parseChangeArgs(["priorty:H"], NOW));
    expect(error.message).toMatch(/^"priorty:H": unknown field "priorty"; did you mean priority\?/);
    expect(error.remedies.map((remedy) => remedy.use)).toEqual(["edit", "as-text"]);
  });

  it("words no refusal in the command line's syntax: the front end names the remedies", () => {
    for (const words of [["project:docs site"], ["priorty:H"], ["re:daily"], ["due:someday-soon"], ["depends:x"], ["created:2020-01-01"]]) {
      expect(refusal(() => parseChangeArgs(words, NOW)).message, words.join(" ")).not.toMatch(/--|git-backlog|`/);
    }
  });

  it("takes the title from words or from title:, never both", () => {
    const changes = parseChangeArgs(["title:Named"], NOW).changes;
    expect(takeTitle([], changes)).toBe("Named");
    expect(changes.set).toEqual({});
    expect(takeTitle(["a", "b"], parseChangeArgs([], NOW).changes)).toBe("a b");
    expect(takeTitle([], parseChangeArgs([], NOW).changes)).toBeUndefined();
    expect(() => takeTitle(["Words"], parseChangeArgs(["title:Named"], NOW).changes)).toThrow(/once/);
  });
});

describe("splitting arguments", () => {
  it("keeps the words after -- apart, and -h a word unless it comes first", () => {
    const args = splitArgs(["1", "priority:H", "-h", "--json", "--", "--json", "-h"], { json: JSON_FLAG });
    expect(args.flags).toEqual({ json: true });
    expect(wordsAndText(args, 1)).toEqual({ words: ["priority:H", "-h"], text: ["--json", "-h"] });
    expect(splitArgs(["-h"], {}).flags).toEqual({ help: true });
    expect(wordsAndText(splitArgs(["a", "b"], {}))).toEqual({ words: ["a", "b"], text: [] });
  });
});
