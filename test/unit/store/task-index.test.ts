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
    expect(index.allTasks().map((t) => t.path)).toEqual(["backlog/1-task.md", "backlog/10-task.md", "backlog/100-task.md", "backlog/2-task.md", "backlog/33-task.md"]);
  });

  it("keeps the first file by path for a duplicated id", () => {
    const index = createTaskIndex([file(7, "backlog/7-b.md"), file(7, "backlog/7-a.md")]);
    expect(index.get(7)?.path).toBe("backlog/7-a.md");
    expect(index.allTasks()).toHaveLength(2);
    expect(ids(index)).toEqual([7]);
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
