import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LoadedFile } from "../../../src/store/loaded-file.js";
import { createTaskIndex, type TaskIndex } from "../../../src/store/task-index.js";
import { assertProperty } from "../../helpers/property.js";

function file(path: string, id: number | undefined): LoadedFile {
  if (id === undefined) return { path, problems: [{ file: path, code: "yaml-syntax", message: "broken", severity: "error" }], bodyLoaded: true };
  return { path, task: { id, title: `t${id}`, status: "pending", tags: [], depends: [], related: [], user: {}, body: "", notes: [], path }, problems: [], bodyLoaded: true };
}

/** Every id the entries below can hold, and one beyond. */
const IDS = Array.from({ length: 42 }, (_, id) => id);

function view(index: TaskIndex): unknown {
  return {
    tasks: index.tasks().map((task) => [task.id, task.path]),
    copies: IDS.map((id) => index.copies(id).map((copy) => copy.path)),
    duplicates: index.duplicateIds(),
    files: index.files().map((entry) => entry.path).sort(),
    get: IDS.map((id) => index.get(id)?.path),
    problems: index.fileProblems().map((problem) => problem.file).sort(),
  };
}

/**
 * One file of a small id space, so that paths collide and ids repeat: `12-t.md` holds id 12
 * unless it is broken or a copy of another id (a merge from another clone).
 */
const entry = fc.record({
  number: fc.integer({ min: 1, max: 40 }),
  slug: fc.constantFrom("t", "t", "x"),
  holds: fc.oneof({ weight: 6, arbitrary: fc.constant("own" as const) }, { weight: 1, arbitrary: fc.constant("broken" as const) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }) }),
});
type Entry = typeof entry extends fc.Arbitrary<infer T> ? T : never;
const pathOf = ({ number, slug }: Entry): string => `backlog/${number}-${slug}.md`;
const fileOf = (chosen: Entry): LoadedFile => file(pathOf(chosen), chosen.holds === "own" ? chosen.number : chosen.holds === "broken" ? undefined : chosen.holds);

/**
 * One update: files written (added or replaced) and files removed; now and then more than the
 * index puts in place one by one (it sorts again above 64), in a form that still shrinks to none.
 */
const update = fc.record({
  written: fc.oneof({ weight: 8, arbitrary: fc.array(entry, { maxLength: 3 }) }, { weight: 1, arbitrary: fc.array(entry, { maxLength: 100, size: "max" }) }),
  removed: fc.array(entry, { maxLength: 2 }),
});

describe("TaskIndex updates in place", () => {
  it("a run of updates leaves the same index as loading the result afresh, duplicates and broken files included", () => {
    assertProperty(
      fc.property(fc.array(entry, { maxLength: 30 }), fc.array(update, { minLength: 1, maxLength: 12 }), (initial, updates) => {
        const files = new Map(initial.map((chosen) => [pathOf(chosen), fileOf(chosen)]));
        const live = createTaskIndex([...files.values()]);
        for (const { written, removed } of updates) {
          const changed = written.map(fileOf);
          const gone = removed.map(pathOf).filter((path) => changed.every((loaded) => loaded.path !== path));
          for (const path of gone) files.delete(path);
          for (const loaded of changed) files.set(loaded.path, loaded);
          const before = live.version;
          const held = live.tasks();
          live.update(changed, gone);
          expect(live.version).toBeGreaterThan(before);
          expect(held).not.toBe(live.tasks());
          expect(view(live)).toEqual(view(createTaskIndex([...files.values()])));
        }
      }),
      { runs: 150 },
    );
  });
});
