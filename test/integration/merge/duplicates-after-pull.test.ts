import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, cliJson, runCli, runJson, snapshot, type JsonTask } from "../../helpers/cli.js";
import { GIT_TEST_ENV, tempDir } from "../../helpers/git-repo.js";
import { startServer, type Session, type TaskJson } from "../mcp/server.js";
import { at, mergeRepo, type MergeRepo } from "./merge-repo.js";

interface LogJson {
  sha: string;
  op: string;
  tasks: number[];
  message: string;
}

/**
 * Two clones of one bare remote each hand out ids 2 and 3; `git pull` brings the other clone's
 * files in beside ours. Until `doctor --fix`, every copy stays visible and no write picks one.
 */
describe("duplicate ids after a git pull from another clone", () => {
  let ours: MergeRepo;
  let remote: { dir: string; cleanup: () => void };
  let theirs: string;
  let mcp: Session;

  beforeAll(async () => {
    ours = await mergeRepo();
    remote = tempDir("git-backlog-remote-");
    const bare = `${remote.dir}/backlog.git`;
    execFileSync("git", ["init", "-q", "--bare", "-b", "main", bare], { env: GIT_TEST_ENV });
    await cli(ours.dir, ["add", "Base", "task"], at("2026-11-18T09:00:00Z"));
    ours.git("remote", "add", "origin", bare);
    ours.git("push", "-q", "-u", "origin", "main");
    theirs = `${remote.dir}/theirs`;
    execFileSync("git", ["clone", "-q", bare, theirs], { env: GIT_TEST_ENV });

    await cli(ours.dir, ["add", "Ours", "two", "+chore"], at("2026-11-18T10:00:00Z"));
    await cli(ours.dir, ["add", "Ours", "three"], at("2026-11-18T10:05:00Z"));
    await cli(theirs, ["add", "Theirs", "two", "+chore"], at("2026-11-18T11:00:00Z"));
    await cli(theirs, ["add", "Theirs", "three"], at("2026-11-18T11:05:00Z"));
    await cli(theirs, ["start", "2"], { env: { BACKLOG_NOW: "2026-11-18T11:10:00Z", BACKLOG_AGENT: "bob" } });
    await cli(theirs, ["annotate", "2", "started", "on", "their", "side"], at("2026-11-18T11:15:00Z"));
    execFileSync("git", ["push", "-q", "origin", "main"], { cwd: theirs, env: GIT_TEST_ENV });
    ours.git("pull", "-q", "--no-rebase", "--no-edit", "origin", "main");
    mcp = await startServer(ours.dir, { env: { BACKLOG_TOOLS: "all" } });
  }, 180_000);

  afterAll(async () => {
    await mcp?.close();
    ours.cleanup();
    remote.cleanup();
  });

  it("lists every copy, marked, and counts them all", async () => {
    const listed = await cliJson<JsonTask[]>(ours.dir, ["list", "2,3", "--sort", "id+,title+"]);
    expect(listed.map((task) => [task.id, task.title, task.duplicate])).toEqual([
      [2, "Ours two", true],
      [2, "Theirs two", true],
      [3, "Ours three", true],
      [3, "Theirs three", true],
    ]);
    const base = (await cliJson<JsonTask[]>(ours.dir, ["list", "1"]))[0];
    expect(base).not.toHaveProperty("duplicate");
    expect(await cliJson(ours.dir, ["count", "status.any:"])).toEqual({ count: 5 });
    expect(await cliJson(ours.dir, ["count", "+chore"])).toEqual({ count: 2 });

    const text = await runCli(ours.dir, ["list", "+chore"]);
    expect(text.stdout).toMatch(/Ours two ⚠dup/);
    expect(text.stdout).toMatch(/Theirs two ⚠dup/);
    expect(text.stderr).toContain("ids 2, 3 are each used by more than one file");
    expect(text.stderr).toContain("git-backlog doctor --fix");

    const board = await cli(ours.dir, ["view", "board"]);
    expect(board).toMatch(/#2 Ours two ⚠dup/);
    expect(board).toMatch(/#2 Theirs two ⚠dup \(bob\)/);
    expect(board).toContain("\n⚠dup another file has this id (doctor --fix renumbers)\n");
  });

  it("task_list shows every copy with duplicate: true, and says how to fix it", async () => {
    const { tasks, total, note } = await mcp.call<{ tasks: TaskJson[]; total: number; note?: string }>("task_list", { filter: "2", sort: "title+" });
    expect(tasks.map((task) => [task.id, task.title, task.duplicate])).toEqual([
      [2, "Ours two", true],
      [2, "Theirs two", true],
    ]);
    expect(total).toBe(2);
    expect(note).toContain("git-backlog doctor --fix");
    expect(await mcp.call("task_count", { filter: "+chore" })).toEqual({ count: 2 });
    // A list that keeps only some fields, the board's included, still marks every copy.
    const titles = await mcp.call<{ tasks: TaskJson[] }>("task_list", { filter: "2", sort: "title+", fields: ["title"] });
    expect(titles.tasks).toEqual([
      { id: 2, title: "Ours two", duplicate: true },
      { id: 2, title: "Theirs two", duplicate: true },
    ]);
    const { columns } = await mcp.call<{ columns: Record<string, Record<string, unknown>[]> }>("task_view", { name: "board" });
    expect(Object.values(columns).flat().filter((card) => card.id === 3)).toEqual([
      expect.objectContaining({ title: "Ours three", duplicate: true }),
      expect.objectContaining({ title: "Theirs three", duplicate: true }),
    ]);
    expect(Object.values(columns).flat().find((card) => card.id === 1)).not.toHaveProperty("duplicate");
  });

  it("refuses every write naming a duplicated id, naming both files and the fix", async () => {
    const before = snapshot(ours.dir);
    const head = ours.git("rev-parse", "HEAD");
    for (const args of [["modify", "2", "+hello"], ["done", "2"], ["start", "3"], ["annotate", "2", "a note"], ["delete", "3"], ["done", "1", "2"], ["modify", "+chore", "priority:H"]]) {
      const refused = await runCli(ours.dir, args);
      expect(refused.code, args.join(" ")).toBe(1);
      const id = args.includes("3") ? 3 : 2;
      const names = id === 2 ? ["backlog/2-ours-two.md", "backlog/2-theirs-two.md"] : ["backlog/3-ours-three.md", "backlog/3-theirs-three.md"];
      for (const name of names) expect(refused.stderr, args.join(" ")).toContain(name);
      expect(refused.stderr, args.join(" ")).toContain("`doctor --fix` gives the newer");
    }
    const tool = await mcp.fail("task_done", { id: 2 });
    expect(tool).toContain("backlog/2-theirs-two.md");
    expect(tool).toContain("git-backlog doctor --fix");
    expect(await mcp.fail("task_modify", { filter: "3", priority: "H" })).toContain("backlog/3-ours-three.md");
    expect(snapshot(ours.dir)).toEqual(before);
    expect(ours.git("rev-parse", "HEAD")).toBe(head);
  }, 120_000);

  it("after doctor --fix, log of the new id follows the renumbered task back into the other clone", async () => {
    const fixed = await runJson<{ problems: unknown[] }>(ours.dir, ["doctor", "--fix"]);
    expect(fixed.code).toBe(0);
    const theirsTwo = (await cliJson<JsonTask[]>(ours.dir, ["list", "title:Theirs two", "status.any:"]))[0];
    expect(theirsTwo).toMatchObject({ id: 4, status: "active" });

    const log = await cliJson<LogJson[]>(ours.dir, ["log", "4"]);
    expect(log.map((entry) => entry.message)).toEqual([
      "backlog: doctor --fix 2 files",
      "backlog: annotate #2 Theirs two",
      "backlog: start #2 Theirs two",
      "backlog: add #2 Theirs two",
    ]);
    const kept = await cliJson<LogJson[]>(ours.dir, ["log", "2"]);
    expect(kept.map((entry) => entry.message)).toEqual(["backlog: add #2 Ours two"]);

    const diff = await cliJson<{ path: string; entries: { message: string }[] }>(ours.dir, ["log", "4", "--diff"]);
    expect(diff.path).toBe("backlog/4-theirs-two.md");
    expect(diff.entries.map((entry) => entry.message)).toEqual(log.map((entry) => entry.message));
  }, 60_000);
});
