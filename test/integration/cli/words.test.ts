import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, frontmatter, runCli, snapshot, type JsonTask } from "../../helpers/cli.js";

/** Runs a command with --json first: after `--`, --json would be text. */
async function json<T>(dir: string, command: string, args: readonly string[]): Promise<T> {
  return JSON.parse(await cli(dir, [command, "--json", ...args])) as T;
}

async function added(dir: string, args: readonly string[]): Promise<JsonTask> {
  return json<JsonTask>(dir, "add", args);
}

describe("no word the user typed is dropped", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "Target", "+ui", "+v"]);
  });
  afterAll(() => repo.cleanup());

  it("keeps a word starting with - in an add title, instead of reading it as a tag to remove", async () => {
    const task = await added(dir, ["Fix", "the", "-v", "flag", "handling"]);
    expect(task.title).toBe("Fix the -v flag handling");
    expect(task.tags).toBeUndefined();
  });

  it("reads every word after -- as title text in add, changes before it still apply", async () => {
    const task = await added(dir, ["priority:H", "--", "Fix", "+tag", "and", "priority:L", "--verbose", "-h"]);
    expect(task).toMatchObject({ title: "Fix +tag and priority:L --verbose -h", priority: "H" });
    expect(task.tags).toBeUndefined();
  });

  it("reads every word after -- as title text in modify, and the words before it as changes", async () => {
    const result = await json<{ tasks: JsonTask[] }>(dir, "modify", ["1", "priority:L", "-v", "--", "-v", "handling", "project:web"]);
    expect(result.tasks[0]).toMatchObject({ id: 1, title: "-v handling project:web", priority: "L", tags: ["ui"] });
    expect(frontmatter(dir, 1)).not.toHaveProperty("project");
  });

  it("sets a known field from one quoted word holding spaces (title:..., an alias, assignee:...)", async () => {
    await cli(dir, ["modify", "1", "title:Write REST API reference docs", "assignee:Ada Lovelace"]);
    expect(frontmatter(dir, 1)).toMatchObject({ title: "Write REST API reference docs", assignee: "Ada Lovelace" });
    await cli(dir, ["modify", "1", "description:Write the docs"]);
    expect(frontmatter(dir, 1).title).toBe("Write the docs");
  });

  it("takes the title of an add from title:... when no other words give it, and refuses both at once", async () => {
    expect((await added(dir, ["title:Quoted title", "+docs"])).title).toBe("Quoted title");
    const before = snapshot(dir);
    const both = await runCli(dir, ["add", "Words", "title:Quoted"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("title");
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses a project name holding a space instead of turning it into title text", async () => {
    const before = snapshot(dir);
    const result = await runCli(dir, ["add", "Write", "docs", "project:docs site"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"project:docs site"');
    expect(result.stderr).toContain("--");
    expect((await runCli(dir, ["modify", "1", "project:docs site"])).code).toBe(2);
    expect(snapshot(dir)).toEqual(before);
  });

  it("keeps a quoted word of an unknown lower-case name holding a space as text", async () => {
    const task = await added(dir, ["Ask", "about", "note: the cache", "+docs"]);
    expect(task).toMatchObject({ title: "Ask about note: the cache", tags: ["docs"] });
    expect(task).not.toHaveProperty("note");
  });

  it("refuses to remove a dependency in add, where there is none to remove", async () => {
    const before = snapshot(dir);
    const result = await runCli(dir, ["add", "Something", "depends:-1"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"depends:-1"');
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses an unknown --flag as a usage error naming it and how to write it as text", async () => {
    const before = snapshot(dir);
    const result = await runCli(dir, ["add", "Fix", "the", "--verbose", "flag"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--verbose");
    expect(result.stderr).toContain("after --");
    expect((await added(dir, ["--", "Fix", "the", "--verbose", "flag"])).title).toBe("Fix the --verbose flag");
    expect(snapshot(dir)).not.toEqual(before);
  });

  it("keeps -h and --words of a note as text when they follow the id or --", async () => {
    const task = await json<JsonTask>(dir, "annotate", ["1", "run", "it", "with", "-h"]);
    expect(task.notes.at(-1)?.text).toBe("run it with -h");
    const after = await json<JsonTask>(dir, "annotate", ["1", "--", "--dry-run", "is", "safe"]);
    expect(after.notes.at(-1)?.text).toBe("--dry-run is safe");
    expect((await runCli(dir, ["annotate", "-h"])).stdout).toContain("annotate <id>");
  });

  it("refuses an option given twice instead of keeping only the last value", async () => {
    const before = snapshot(dir);
    const result = await runCli(dir, ["add", "Twice", "--body", "first", "--body", "second"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--body");
    expect(snapshot(dir)).toEqual(before);
  });

  it("keeps the copied dependencies of a duplicate when more are given", async () => {
    const base = await added(dir, ["Base", "depends:1"]);
    const other = await added(dir, ["Other"]);
    const copy = await json<JsonTask>(dir, "duplicate", [String(base.id), `depends:${other.id}`]);
    expect(copy.depends).toEqual([1, other.id]);
  });

  it("refuses words a command takes no place for, instead of ignoring them", async () => {
    for (const args of [["doctor", "extra"], ["log", "1", "2"], ["undo", "1", "2"], ["view", "ready", "extra"], ["import", "a.json", "b.json"], ["projects", "web"]]) {
      const result = await runCli(dir, args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr, args.join(" ")).toContain(`"${args.at(-1)}"`);
    }
  });
});
