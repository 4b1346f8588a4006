import { describe, expect, it } from "vitest";
import { cli, cliJson, runCli, type JsonTask } from "../../helpers/cli.js";
import { cleanupAfterEach } from "../../helpers/git-repo.js";
import { team } from "../../helpers/team.js";

// doctor --fix after a plain `git pull`: of two tasks with one id, the one that arrived through
// the merge is renumbered, even when it is the older by `created`; --keep chooses otherwise.

const track = cleanupAfterEach();

/** Clone A made #1 first (by created); clone B made its #1 later and pulls A's: A's arrived in B. */
async function pulled(): Promise<{ a: string; b: string; git: (cwd: string, ...args: string[]) => string }> {
  const { clones, git } = track(await team(2));
  const [a = "", b = ""] = clones;
  await cli(a, ["add", "Older, from A"], { env: { BACKLOG_NOW: "2026-11-18T09:00:00Z" } });
  git(a, "push", "-q", "origin", "main");
  await cli(b, ["add", "Newer, made here"], { env: { BACKLOG_NOW: "2026-11-18T10:00:00Z" } });
  git(b, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main");
  return { a, b, git };
}

describe("doctor --fix decides duplicates by history", () => {
  it("renumbers the copy that arrived through the merge, not the newer one, and says why", async () => {
    const { b } = await pulled();
    const result = await runCli(b, ["doctor", "--fix"]);
    expect(result.stdout).toMatch(/fixed backlog\/1-older-from-a\.md: duplicate id 1: this copy arrived through a merge and now has id 2/);
    const tasks = await cliJson<JsonTask[]>(b, ["list", "--sort", "id+"]);
    expect(tasks.map((task) => [task.id, task.title])).toEqual([
      [1, "Newer, made here"],
      [2, "Older, from A"],
    ]);
  });

  it("keeps the id of the file --keep names", async () => {
    const { b } = await pulled();
    const result = await runCli(b, ["doctor", "--fix", "--keep", "backlog/1-older-from-a.md"]);
    expect(result.stdout).toMatch(/fixed backlog\/1-newer-made-here\.md: duplicate id 1: you kept the other copy; this one now has id 2/);
    const tasks = await cliJson<JsonTask[]>(b, ["list", "--sort", "id+"]);
    expect(tasks.map((task) => [task.id, task.title])).toEqual([
      [1, "Older, from A"],
      [2, "Newer, made here"],
    ]);
  });

  it("refuses a --keep that names no duplicated file, and --keep without --fix (exit 2)", async () => {
    const { b } = await pulled();
    expect(await runCli(b, ["doctor", "--fix", "--keep", "backlog/9-nothing.md"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--keep backlog\/9-nothing\.md: not a task file whose id another file has too/) });
    expect((await runCli(b, ["doctor", "--keep", "backlog/1-older-from-a.md"])).code).toBe(2);
  });

  it("falls back to created where history cannot tell (both made here), and says so", async () => {
    const { clones, git } = track(await team(1));
    const [a = ""] = clones;
    await cli(a, ["add", "First"], { env: { BACKLOG_NOW: "2026-11-18T09:00:00Z" } });
    await cli(a, ["add", "Second"], { env: { BACKLOG_NOW: "2026-11-18T10:00:00Z" } });
    git(a, "mv", "backlog/2-second.md", "backlog/1-second.md");
    const text = git(a, "show", "HEAD:backlog/2-second.md").replace("id: 2", "id: 1");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(`${a}/backlog/1-second.md`, `${text}\n`);
    git(a, "commit", "-q", "-am", "a second #1, by hand");
    const result = await runCli(a, ["doctor", "--fix"]);
    expect(result.stdout).toMatch(/fixed backlog\/1-second\.md: duplicate id 1: the newer copy by `created` \(history cannot tell which one arrived; `doctor --fix --keep <file>` chooses\) now has id 3/);
  });
});
