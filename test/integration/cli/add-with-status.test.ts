import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cliJson, frontmatter, type JsonTask } from "../../helpers/cli.js";

describe("add with a status stamps what the lifecycle commands stamp", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(() => {
    repo = backlogRepo();
    dir = repo.dir;
  });
  afterAll(() => repo.cleanup());

  it("sets ended on a task added done or deleted, and started and the assignee on one added active", async () => {
    const done = await cliJson<JsonTask>(dir, ["add", "Already", "done", "status:done"]);
    expect(frontmatter(dir, done.id)).toMatchObject({ status: "done", ended: "2026-11-18T10:00:00Z" });
    const deleted = await cliJson<JsonTask>(dir, ["add", "Dropped", "status:deleted"]);
    expect(frontmatter(dir, deleted.id)).toMatchObject({ status: "deleted", ended: "2026-11-18T10:00:00Z" });
    const active = await cliJson<JsonTask>(dir, ["add", "Under", "way", "status:active"], { env: { BACKLOG_AGENT: "claude" } });
    expect(frontmatter(dir, active.id)).toMatchObject({ status: "active", started: "2026-11-18T10:00:00Z", assignee: "claude" });
    expect(frontmatter(dir, done.id)).not.toHaveProperty("started");
  });

  it("keeps a date or assignee given with the status", async () => {
    const done = await cliJson<JsonTask>(dir, ["add", "Done", "last", "week", "status:done", "end:2026-11-11"]);
    expect(frontmatter(dir, done.id)).toMatchObject({ status: "done", ended: "2026-11-11" });
    const active = await cliJson<JsonTask>(dir, ["add", "Bob's", "status:active", "assignee:bob"], { env: { BACKLOG_AGENT: "claude" } });
    expect(frontmatter(dir, active.id)).toMatchObject({ assignee: "bob", started: "2026-11-18T10:00:00Z" });
  });
});
