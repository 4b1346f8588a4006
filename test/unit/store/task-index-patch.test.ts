import { describe, expect, it } from "vitest";
import type { LoadedFile } from "../../../src/store/loaded-file.js";
import { createTaskIndex, type TaskIndex } from "../../../src/store/task-index.js";
import { seededRandom as random } from "../../helpers/seeded-random.js";

function file(path: string, id: number | undefined): LoadedFile {
  if (id === undefined) return { path, problems: [{ file: path, code: "yaml-syntax", message: "broken", severity: "error" }], bodyLoaded: true };
  return { path, task: { id, title: `t${id}`, status: "pending", tags: [], depends: [], related: [], user: {}, body: "", notes: [], path }, problems: [], bodyLoaded: true };
}

function view(index: TaskIndex): unknown {
  return {
    tasks: index.tasks().map((task) => [task.id, task.path]),
    copies: index.tasks().map((task) => index.copies(task.id).map((copy) => copy.path)),
    duplicates: index.duplicateIds(),
    files: index.files().map((entry) => entry.path).sort(),
    get: index.tasks().map((task) => index.get(task.id)?.path),
  };
}

describe("TaskIndex updates in place", () => {
  it("a run of small updates leaves the same index as loading the result afresh, duplicates and broken files included", () => {
    const next = random(7);
    const pick = (n: number): number => Math.floor(next() * n);
    const live = createTaskIndex(Array.from({ length: 200 }, (_, n) => file(`backlog/${n + 1}-t.md`, n + 1)));
    const files = new Map(live.files().map((entry) => [entry.path, entry]));
    for (let step = 0; step < 500; step++) {
      const changed: LoadedFile[] = [];
      const removed: string[] = [];
      for (let k = 0, n = 1 + pick(3); k < n; k++) {
        const path = `backlog/${1 + pick(260)}-${pick(3) === 0 ? "x" : "t"}.md`;
        const roll = pick(10);
        if (roll < 2 && files.has(path)) {
          removed.push(path);
          files.delete(path);
        } else {
          // Sometimes broken, sometimes a duplicate of another id.
          const entry = file(path, roll === 2 ? undefined : roll === 3 ? 1 + pick(260) : Number(/\/(\d+)-/.exec(path)?.[1]));
          changed.push(entry);
          files.set(path, entry);
        }
      }
      const before = live.version;
      const held = live.tasks();
      live.update(changed, removed);
      expect(live.version).toBeGreaterThan(before);
      expect(held).not.toBe(live.tasks());
      expect(view(live), `step ${step}`).toEqual(view(createTaskIndex([...files.values()])));
    }
  });
});
