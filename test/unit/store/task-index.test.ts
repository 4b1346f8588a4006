import { describe, expect, it } from "vitest";
import { createTaskIndex } from "../../../src/store/task-index.js";
import type { LoadedFile } from "../../../src/store/loaded-file.js";
import { task } from "../domain/task-fixture.js";

const file = (id: number, path = `backlog/${id}-task.md`): LoadedFile => ({ path, task: task(id, { path }), problems: [], bodyLoaded: true });
const ids = (index: ReturnType<typeof createTaskIndex>) => index.tasks().map((t) => t.id);

describe("createTaskIndex", () => {
  it("lists tasks by ascending id whatever the path order", () => {
    const index = createTaskIndex([file(10), file(2), file(1), file(100), file(33)]);
    expect(ids(index)).toEqual([1, 2, 10, 33, 100]);
  });

  it("holds every file of a duplicated id, by path: get gives the first, copies all of them", () => {
    const index = createTaskIndex([file(8), file(7, "backlog/7-b.md"), file(7, "backlog/7-a.md"), file(6)]);
    expect(index.tasks().map((t) => t.path)).toEqual(["backlog/6-task.md", "backlog/7-a.md", "backlog/7-b.md", "backlog/8-task.md"]);
    expect(index.get(7)?.path).toBe("backlog/7-a.md");
    expect(index.copies(7).map((t) => t.path)).toEqual(["backlog/7-a.md", "backlog/7-b.md"]);
    expect(index.copies(8).map((t) => t.path)).toEqual(["backlog/8-task.md"]);
    expect(index.copies(9)).toEqual([]);
    expect(index.duplicateIds()).toEqual([7]);
    index.update([], ["backlog/7-a.md"]);
    expect(index.get(7)?.path).toBe("backlog/7-b.md");
    expect(index.duplicateIds()).toEqual([]);
  });

  it("orders sparse and huge ids too", () => {
    const index = createTaskIndex([file(5_000_000), file(3), file(900_000_000_000)]);
    expect(ids(index)).toEqual([3, 5_000_000, 900_000_000_000]);
  });

  it("keeps the order after updates and removals", () => {
    const index = createTaskIndex([file(3), file(1)]);
    index.update([file(2)], ["backlog/3-task.md"]);
    expect(ids(index)).toEqual([1, 2]);
    expect(index.version).toBe(2);
  });
});
