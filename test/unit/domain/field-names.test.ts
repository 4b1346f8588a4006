import { describe, expect, it } from "vitest";
import { readFieldName } from "../../../src/domain/field-names.js";

/** The names change words know: the fields and Taskwarrior's names for them. */
const NAMES = new Map([
  ...["title", "status", "priority", "project", "tags", "depends", "related", "recur", "due", "started", "ended", "created", "assignee"].map((name) => [name, name] as const),
  ["description", "title"],
  ["entry", "created"],
  ["start", "started"],
  ["end", "ended"],
  ["agent", "assignee"],
]);
const none = (): boolean => false;

describe("reading a field name", () => {
  it("takes a field's name or Taskwarrior's, ignoring case", () => {
    expect(readFieldName("Priority", NAMES, none)).toEqual({ kind: "field", name: "priority" });
    expect(readFieldName("entry", NAMES, none)).toEqual({ kind: "field", name: "created" });
  });

  it("takes a prefix of two letters or more that names one field, as Taskwarrior's abbreviation.minimum", () => {
    expect(readFieldName("pri", NAMES, none)).toEqual({ kind: "field", name: "priority" });
    expect(readFieldName("proj", NAMES, none)).toEqual({ kind: "field", name: "project" });
    expect(readFieldName("desc", NAMES, none)).toEqual({ kind: "field", name: "title" });
    expect(readFieldName("du", NAMES, none)).toEqual({ kind: "field", name: "due" });
    // start and started are one field: a prefix of both is no choice.
    expect(readFieldName("star", NAMES, none)).toEqual({ kind: "field", name: "started" });
    expect(readFieldName("d", NAMES, none)).toEqual({ kind: "unknown" });
  });

  it("names the candidates of a prefix that fits several fields", () => {
    expect(readFieldName("re", NAMES, none)).toEqual({ kind: "ambiguous", candidates: ["recur", "related"] });
    expect(readFieldName("st", NAMES, none)).toEqual({ kind: "ambiguous", candidates: ["start", "started", "status"] });
    expect(readFieldName("pr", NAMES, none)).toEqual({ kind: "ambiguous", candidates: ["priority", "project"] });
  });

  it("takes a user field some task carries before any abbreviation or suggestion", () => {
    const carried = (name: string): boolean => name === "pr" || name === "priorty";
    expect(readFieldName("pr", NAMES, carried)).toEqual({ kind: "user", name: "pr" });
    expect(readFieldName("priorty", NAMES, carried)).toEqual({ kind: "user", name: "priorty" });
  });

  it("suggests the field a near miss meant, within two edits", () => {
    expect(readFieldName("priorty", NAMES, none)).toEqual({ kind: "near", suggestion: "priority" });
    expect(readFieldName("projcet", NAMES, none)).toEqual({ kind: "near", suggestion: "project" });
    expect(readFieldName("staus", NAMES, none)).toEqual({ kind: "near", suggestion: "status" });
    expect(readFieldName("assigned", NAMES, none)).toEqual({ kind: "near", suggestion: "assignee" });
  });

  it("leaves a name far from every field, or too short to judge, to the user", () => {
    for (const name of ["estimate", "est", "eta", "dev", "env", "mid", "ip", "story", "sprint"]) expect(readFieldName(name, NAMES, none)).toEqual({ kind: "unknown" });
  });
});
