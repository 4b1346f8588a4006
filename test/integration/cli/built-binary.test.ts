import { describe, expect, it } from "vitest";
import { backlogRepo, runCliProcess } from "../../helpers/cli.js";
import { cleanupAfterEach, git } from "../../helpers/git-repo.js";

/**
 * The other CLI tests run `run(argv, io)` in process; these run what users run, the built
 * `dist/cli/main.js` as its own process: exit codes, output streams and a commit end to end.
 */

const track = cleanupAfterEach();

describe("the built CLI as its own process", () => {
  it("adds, lists as JSON and commits, exiting 0", async () => {
    const dir = track(backlogRepo()).dir;
    const added = await runCliProcess(dir, ["add", "Ship it", "priority:H", "--json"]);
    expect(added).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(added.stdout)).toMatchObject({ id: 1, title: "Ship it", priority: "H" });
    const listed = await runCliProcess(dir, ["list", "--json"]);
    expect((JSON.parse(listed.stdout) as { id: number }[]).map((task) => task.id)).toEqual([1]);
    expect(git(dir, "log", "-1", "--format=%s")).toBe("backlog: add #1 Ship it");
  });

  it("exits 2 on a usage error and 1 on a refusal, with the message on stderr", async () => {
    const dir = track(backlogRepo()).dir;
    const usage = await runCliProcess(dir, ["lst"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("list");
    const refused = await runCliProcess(dir, ["done", "7"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("no task 7");
    expect(refused.stdout).toBe("");
  });
});
