import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, type JsonTask } from "../../helpers/cli.js";
import { git } from "../../helpers/git-repo.js";

describe("who acts: BACKLOG_AGENT, else the name git commits with", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    git(dir, "config", "user.name", "Ada Lovelace");
    await cli(dir, ["add", "Notes", "here"]);
    await cli(dir, ["add", "Claimed"]);
  });
  afterAll(() => repo.cleanup());

  const asUser = { env: { GIT_AUTHOR_NAME: undefined, GIT_COMMITTER_NAME: undefined, USER: "root", LOGNAME: "root" } };

  it("signs a note with git's user.name, not the operating system's user", async () => {
    const task = await cliJson<JsonTask>(dir, ["annotate", "1", "checked"], asUser);
    expect(task.notes.at(-1)?.author).toBe("Ada Lovelace");
    const agent = await cliJson<JsonTask>(dir, ["annotate", "1", "by", "an", "agent"], { env: { ...asUser.env, BACKLOG_AGENT: "claude" } });
    expect(agent.notes.at(-1)?.author).toBe("claude");
  });

  it("makes git's user.name the assignee of a start without an agent", async () => {
    const task = await cliJson<JsonTask>(dir, ["start", "2"], asUser);
    expect(task.assignee).toBe("Ada Lovelace");
  });

  it("uses the author name git itself would use when GIT_AUTHOR_NAME is set", async () => {
    const task = await cliJson<JsonTask>(dir, ["annotate", "1", "again"], { env: { ...asUser.env, GIT_AUTHOR_NAME: "Grace Hopper" } });
    expect(task.notes.at(-1)?.author).toBe("Grace Hopper");
  });
});
