import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, ids, type JsonTask } from "../../helpers/cli.js";

// A story (#1) with three children, one done, one active, one pending, and a loose task.
describe("stories: a parent with open children is a container (SPEC §2)", () => {
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
});
