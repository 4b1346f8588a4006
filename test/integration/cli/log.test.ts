import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git } from "../../helpers/git-repo.js";
import { backlogRepo, cli, cliJson, runCli, writeTask } from "../../helpers/cli.js";

let repo: { dir: string; cleanup: () => void };

beforeAll(async () => {
  repo = backlogRepo();
  await cli(repo.dir, ["add", "Tracked"]);
  await cli(repo.dir, ["add", "Purged later"]);
  await cli(repo.dir, ["delete", "2"]);
  await cli(repo.dir, ["purge", "2"]);
  writeTask(repo.dir, "5-committed-by-hand.md", "---\nid: 5\ntitle: Committed by hand\n---\n");
  git(repo.dir, "add", "backlog");
  git(repo.dir, "commit", "-q", "-m", "a task committed without the tool");
});

afterAll(() => repo.cleanup());

describe("log <id>", () => {
  it("says there is no such task when the id names none in the folder, the archive or the history (exit 1)", async () => {
    for (const args of [["log", "99999"], ["log", "99999", "--diff"], ["log", "99999", "--json"]]) {
      const result = await runCli(repo.dir, args);
      expect(result.code, args.join(" ")).toBe(1);
      expect(result.stderr, args.join(" ")).toMatch(/^error: no task 99999/);
      expect(result.stdout, args.join(" ")).toBe("");
    }
  });

  it("lists the operations of a task, a purged one included", async () => {
    expect((await cliJson<{ op: string }[]>(repo.dir, ["log", "1"])).map((entry) => entry.op)).toEqual(["add"]);
    expect((await cliJson<{ op: string }[]>(repo.dir, ["log", "2"])).map((entry) => entry.op)).toEqual(["purge", "delete", "add"]);
  });

  it("says a task that exists has no backlog operations yet, without an error", async () => {
    const result = await runCli(repo.dir, ["log", "5"]);
    expect(result).toMatchObject({ code: 0, stdout: "No backlog operations on task 5 on this branch.\n" });
    expect(await cliJson(repo.dir, ["log", "5"])).toEqual([]);
  });
});
