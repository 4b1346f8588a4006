import { describe, expect, it } from "vitest";
import { mergeFields, mergeList, mergeNotes } from "../../../src/domain/merge-fields.js";
import { KNOWN_FIELDS, type Note } from "../../../src/domain/task.js";
import { task } from "./task-fixture.js";

const NOW = "2026-11-21T12:00:00Z";
const base = task(1, { title: "Session store", tags: ["auth", "web"], depends: [2], modified: "2026-11-20T10:00:00Z", created: "2026-11-20T10:00:00Z" });
const note = (time: string, text: string, author = "claude"): Note => ({ time, author, text });

describe("mergeFields", () => {
  it("decides every known field, so a field it forgot is never dropped from the merged file", () => {
    const merged = mergeFields({ base, ours: base, theirs: base, now: NOW });
    expect(Object.keys(merged.fields).sort()).toEqual([...KNOWN_FIELDS].sort());
  });

  it("merges related as depends: our order, plus what they added, minus what either side removed", () => {
    const linked = { ...base, related: [3, 4] };
    const ours = { ...linked, related: [3, 4, 5], modified: "2026-11-21T09:00:00Z" };
    const theirs = { ...linked, related: [4, 6], modified: "2026-11-21T10:00:00Z" };
    const merged = mergeFields({ base: linked, ours, theirs, now: NOW });
    expect(merged.fields.related).toEqual([4, 5, 6]);
    expect(merged.fields.depends).toEqual([2]);
    expect(merged.contested).toEqual([]);
  });

  it("takes each side's changes when they touch different fields (status one side, tags the other)", () => {
    const ours = { ...base, status: "done" as const, ended: "2026-11-21T09:00:00Z", modified: "2026-11-21T09:00:00Z" };
    const theirs = { ...base, tags: ["auth", "web", "redis"], modified: "2026-11-21T08:00:00Z" };
    const merged = mergeFields({ base, ours, theirs, now: NOW });
    expect(merged.fields).toMatchObject({ status: "done", ended: "2026-11-21T09:00:00Z", tags: ["auth", "web", "redis"], modified: "2026-11-21T09:00:00Z" });
    expect(merged.contested).toEqual([]);
    expect(merged.notes).toEqual([]);
  });

  it("lets the later modified win a field both sides changed, and records the loser in a note", () => {
    const ours = { ...base, title: "Session storage", modified: "2026-11-21T09:00:00Z" };
    const theirs = { ...base, title: "Redis session store", modified: "2026-11-21T10:00:00Z" };
    const merged = mergeFields({ base, ours, theirs, now: NOW });
    expect(merged.fields.title).toBe("Redis session store");
    expect(merged.fields.modified).toBe("2026-11-21T10:00:00Z");
    expect(merged.contested).toEqual(["title"]);
    expect(merged.notes).toEqual([note(NOW, 'title was also changed to "Session storage" on the other side', "merge")]);
  });

  it("takes started and ended from the side whose status wins, so the task never ends up active and ended", () => {
    const ours = { ...base, status: "done" as const, started: "2026-11-21T08:00:00Z", ended: "2026-11-21T09:00:00Z", modified: "2026-11-21T09:00:00Z" };
    const theirs = { ...base, status: "active" as const, started: "2026-11-21T09:30:00Z", modified: "2026-11-21T09:30:00Z" };
    const merged = mergeFields({ base, ours, theirs, now: NOW });
    expect(merged.fields).toMatchObject({ status: "active", started: "2026-11-21T09:30:00Z" });
    expect(merged.fields.ended).toBeUndefined();
    expect(merged.contested).toEqual(["status"]);
    expect(merged.notes.map((entry) => entry.text)).toEqual(['status was also changed to "done" on the other side']);
    const oursLater = mergeFields({ base, ours: { ...ours, modified: "2026-11-21T10:00:00Z" }, theirs, now: NOW });
    expect(oursLater.fields).toMatchObject({ status: "done", started: "2026-11-21T08:00:00Z", ended: "2026-11-21T09:00:00Z" });
  });

  it("keeps ours on a tie and says when the losing side removed the field", () => {
    const ours = { ...base, assignee: "alice" };
    const theirs = { ...base, assignee: "bob" };
    expect(mergeFields({ base, ours, theirs, now: NOW }).fields.assignee).toBe("alice");
    const withAssignee = { ...base, assignee: "carol" };
    const merged = mergeFields({ base: withAssignee, ours: { ...withAssignee, assignee: "dave", modified: "2026-11-21T11:00:00Z" }, theirs: { ...withAssignee, assignee: undefined }, now: NOW });
    expect(merged.fields.assignee).toBe("dave");
    expect(merged.notes.map((entry) => entry.text)).toEqual(["assignee was also removed on the other side"]);
  });

  it("merges user fields like scalars, comparing structures deeply", () => {
    const user = { estimate: { hours: 3 }, team: "core" };
    const merged = mergeFields({
      base: { ...base, user },
      ours: { ...base, user: { estimate: { hours: 3 }, team: "platform" } },
      theirs: { ...base, user: { estimate: { hours: 5 }, team: "core", extra: [1, 2] } },
      now: NOW,
    });
    expect(merged.user).toEqual({ estimate: { hours: 5 }, team: "platform", extra: [1, 2] });
    expect(merged.contested).toEqual([]);
  });

  it("treats a file added on both sides (no base) as changed on both", () => {
    const merged = mergeFields({ ours: { ...base, tags: ["a"] }, theirs: { ...base, tags: ["b"], priority: "H" }, now: NOW });
    expect(merged.fields.tags).toEqual(["a", "b"]);
    expect(merged.fields.priority).toBe("H");
  });
});

describe("mergeList", () => {
  it("is the union minus removals: a removal on one side stays removed", () => {
    expect(mergeList([1, 2, 3], [1, 3, 4], [1, 2, 3, 5])).toEqual([1, 3, 4, 5]);
    expect(mergeList(["a", "b"], ["a", "b"], ["b"])).toEqual(["b"]);
    expect(mergeList(["a"], ["a", "x"], ["a", "x"])).toEqual(["a", "x"]);
  });
});

describe("mergeNotes", () => {
  it("unions both sides in time order without duplicates", () => {
    const shared = note("2026-11-20T10:00:00Z", "shared");
    const merged = mergeNotes([shared], [shared, note("2026-11-21T12:00:00Z", "ours")], [shared, note("2026-11-21T11:00:00Z", "theirs")]);
    expect(merged.map((entry) => entry.text)).toEqual(["shared", "theirs", "ours"]);
  });

  it("keeps a note removed on one side removed", () => {
    const old = note("2026-11-20T10:00:00Z", "stale");
    expect(mergeNotes([old], [], [old, note("2026-11-21T10:00:00Z", "new")]).map((entry) => entry.text)).toEqual(["new"]);
  });
});
