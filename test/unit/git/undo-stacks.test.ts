import { describe, expect, it } from "vitest";
import { HAND_EDIT_OP, type LogEntry } from "../../../src/git/history.js";
import { isOwnedBy, passedOver, replayStacks, type Owner } from "../../../src/git/undo-stacks.js";

const a: Owner = { email: "dev@example.com", agent: "a" };
const b: Owner = { email: "dev@example.com", agent: "b" };

/** A log entry by `who`; `more` adds the undo/redo trailers. */
function entry(sha: string, op: string, who: Owner, more: Partial<LogEntry> = {}): LogEntry {
  const { email, agent } = who === "any" ? { email: "x@example.com", agent: undefined } : who;
  return { sha, op, tasks: [1], email, author: `Dev <${email}>`, ...(agent && { agent }), time: "2026-11-18T10:00:00Z", message: `backlog: ${op}`, ...more };
}

const shas = (entries: readonly LogEntry[]): string[] => entries.map((item) => item.sha);

describe("replayStacks", () => {
  it("keeps hand edits off both stacks without ending the run", () => {
    const log = [entry("op2", "modify", a), entry("edit", HAND_EDIT_OP, a), entry("op1", "add", a)];
    const stacks = replayStacks(log);
    expect(shas(stacks.undoable)).toEqual(["op1", "op2"]);
    expect(passedOver(log, stacks, [log[0]!, log[2]!], a).map((item) => item.op)).toEqual([HAND_EDIT_OP]);
  });

  it("ends the redo of an author's undos only with that author's new operation", () => {
    const undoA = entry("undoA", "undo", a, { undoes: ["opA"] });
    const afterB = [entry("opB", "add", b), undoA, entry("opA", "add", a)];
    expect(shas(replayStacks(afterB).redoable)).toEqual(["undoA"]);
    const afterA = [entry("opA2", "add", a), ...afterB];
    expect(replayStacks(afterA).redoable).toEqual([]);
  });

  it("takes a redone undo off the redo stack and puts the redo on the undo stack", () => {
    const log = [
      entry("redo", "redo", b, { redoes: "undo" }),
      entry("undo", "undo", a, { undoes: ["op"] }),
      entry("op", "add", a),
    ];
    const stacks = replayStacks(log);
    expect(shas(stacks.undoable)).toEqual(["redo"]);
    expect(stacks.redoable).toEqual([]);
    expect([...stacks.reversed].sort()).toEqual(["op", "undo"]);
  });

  it("passes over others' commits still in effect after the oldest reverted one, not what was reversed", () => {
    const log = [
      entry("mine2", "modify", a),
      entry("undoB", "undo", b, { undoes: ["theirs1"] }),
      entry("theirs2", "modify", b),
      entry("theirs1", "modify", b),
      entry("mine1", "add", a),
      entry("older", "add", b),
    ];
    const stacks = replayStacks(log);
    const mine = stacks.undoable.filter((item) => isOwnedBy(item, a));
    expect(shas(mine)).toEqual(["mine1", "mine2"]);
    expect(shas(passedOver(log, stacks, [log[0]!, log[4]!], a))).toEqual(["undoB", "theirs2"]);
    expect(passedOver(log, stacks, [log[0]!], "any")).toEqual([]);
  });

  it("owns by email without case and by agent, folding whitespace", () => {
    expect(isOwnedBy(entry("x", "add", { email: "Dev@Example.com", agent: "a" }), a)).toBe(true);
    expect(isOwnedBy(entry("x", "add", a), { email: "dev@example.com", agent: " a " })).toBe(true);
    expect(isOwnedBy(entry("x", "add", b), a)).toBe(false);
    expect(isOwnedBy(entry("x", "add", { email: "dev@example.com", agent: undefined }), a)).toBe(false);
    expect(isOwnedBy(entry("x", "add", b), "any")).toBe(true);
  });
});
