import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, ids, type JsonTask } from "../../helpers/cli.js";

// A story (#1) with three children, one done, one active, one pending, and a loose task.
describe("stories: a parent with open children is a container (docs/reference/changes.md, Parents and children)", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "Checkout", "story", "priority:H", "type:story", "due:2026-11-19"]);
    await cli(dir, ["add", "Cart", "page", "parent:1"]);
    await cli(dir, ["add", "Payment", "form", "parent:1", "priority:L"]);
    await cli(dir, ["add", "Receipt", "email", "parent:1"]);
    await cli(dir, ["add", "Unrelated", "chore"]);
    await cli(dir, ["done", "2"]);
    await cli(dir, ["start", "4"]);
  });
  afterAll(() => repo.cleanup());

  it.concurrent("is not READY and never comes up in next, however urgent", async () => {
    const story = await cliJson<JsonTask>(dir, ["show", "1"]);
    expect(story).toMatchObject({ ready: false, blocked: false });
    expect((await cliJson<{ task: JsonTask | null }>(dir, ["next"])).task?.id).not.toBe(1);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "+READY"])).sort()).toEqual([3, 5]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["view", "ready"]))).not.toContain(1);
  });

  it.concurrent("show lists each child with its title and status, under the progress", async () => {
    const text = await cli(dir, ["show", "1"]);
    expect(text).toMatch(/\nchildren +1\/3 done\n +#2 Cart page \[done\]\n +#3 Payment form \[pending\]\n +#4 Receipt email \[active\]\n/);
    // A child names its story by title too.
    expect(await cli(dir, ["show", "3"])).toMatch(/\nparent +#1 Checkout story \[pending\]\n/);
    expect(await cli(dir, ["show", "5"])).not.toContain("children");
  });

  it.concurrent("show --json carries children [{id, title, status}] and progress {done, total}", async () => {
    const story = await cliJson<JsonTask>(dir, ["show", "1"]);
    expect(story.children).toEqual([
      { id: 2, title: "Cart page", status: "done" },
      { id: 3, title: "Payment form", status: "pending" },
      { id: 4, title: "Receipt email", status: "active" },
    ]);
    expect(story.progress).toEqual({ done: 1, total: 3 });
    expect(Object.keys(story).slice(-2)).toEqual(["children", "progress"]);
    const loose = await cliJson<JsonTask>(dir, ["show", "5"]);
    expect(loose).not.toHaveProperty("children");
    expect(loose).not.toHaveProperty("progress");
  });

  it("counts a deleted child in neither done nor total, and is READY once every child is done", async () => {
    await cli(dir, ["delete", "3"]);
    await cli(dir, ["done", "4"]);
    const story = await cliJson<JsonTask>(dir, ["show", "1"]);
    expect(story).toMatchObject({ progress: { done: 2, total: 2 }, ready: true });
    expect((story.children as { id: number; status: string }[]).find((child) => child.id === 3)?.status).toBe("deleted");
    expect(await cli(dir, ["show", "1"])).toMatch(/\nchildren +2\/2 done\n/);
  });
});
