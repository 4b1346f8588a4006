import { describe, expect, it } from "vitest";
import { closestWord } from "../../../src/domain/suggest.js";

describe("closestWord", () => {
  const commands = ["list", "ls", "done", "doctor", "modify", "add", "annotate"];
  const meaning = (name: string): string => (name === "ls" ? "list" : name);

  it.each([
    ["lst", "list"],
    ["lsit", "list"],
    ["dnoe", "done"],
    ["modfy", "modify"],
    ["ADD", "add"],
  ])("takes %s for %s", (typed, meant) => {
    expect(closestWord(typed, commands, meaning)).toBe(meant);
  });

  it("suggests nothing when no candidate is close", () => {
    expect(closestWord("frobnicate", commands, meaning)).toBeUndefined();
    expect(closestWord("zz", commands, meaning)).toBeUndefined();
  });

  it("suggests nothing when two different candidates are equally close", () => {
    expect(closestWord("do", ["to", "go"])).toBeUndefined();
  });

  it("counts an alias and its command as one answer", () => {
    expect(closestWord("lst", ["list", "ls"])).toBeUndefined();
    expect(closestWord("lst", ["list", "ls"], meaning)).toBe("list");
  });
});
