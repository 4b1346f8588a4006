import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openLiveBacklog } from "../../../src/service/live-backlog.js";
import { addTask } from "../../../src/service/operations/add.js";
import { leftovers } from "../../helpers/git-leftovers.js";
import { cleanupAfterEach, GIT_TEST_ENV, git, gitRepo } from "../../helpers/git-repo.js";

const track = cleanupAfterEach();

function backlogRepo(): string {
  const { dir } = track(gitRepo());
  mkdirSync(join(dir, "backlog"));
  return dir;
}

describe("LiveBacklog.close", () => {
  it("lets a write in progress finish, then refuses new ones and leaves nothing in .git", async () => {
    const dir = backlogRepo();
    const backlog = await openLiveBacklog({ cwd: dir, env: { ...GIT_TEST_ENV, BACKLOG_NOW: "2026-11-18T10:00:00Z" } });
    const adding = addTask(backlog, { title: "Under way at close" });

    await backlog.close();

    expect((await adding).task.id).toBe(1);
    expect(git(dir, "log", "-1", "--format=%s")).toBe("backlog: add #1 Under way at close");
    await expect(addTask(backlog, { title: "Too late" })).rejects.toMatchObject({ code: "refused", message: expect.stringMatching(/closing/) });
    expect(git(dir, "rev-list", "--count", "HEAD")).toBe("2");
    expect(leftovers(dir)).toEqual([]);
  });
});
