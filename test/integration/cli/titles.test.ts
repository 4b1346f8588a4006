import { afterAll, describe, expect, it } from "vitest";
import { git } from "../../helpers/git-repo.js";
import { backlogRepo, cli, cliJson, frontmatter, runCli, runJson, taskFiles, taskProblems, writeTask, type JsonTask } from "../../helpers/cli.js";

const repos: { cleanup: () => void }[] = [];
afterAll(() => {
  for (const made of repos) made.cleanup();
});

function repo(): string {
  const made = backlogRepo();
  repos.push(made);
  return made.dir;
}

interface DoctorJson {
  problems: { file: string; code: string; message: string; severity: string }[];
}

describe("titles are one line of at most 500 characters", () => {
  it("refuses a line break or another control character in a new or changed title, and writes nothing", async () => {
    const dir = repo();
    await cli(dir, ["add", "First"]);
    const head = git(dir, "rev-parse", "HEAD");
    for (const args of [
      ["add", "a\nb"],
      ["add", "tab\there"],
      ["add", "bell\u0007"],
      ["add", "separator\u2028here"],
      ["modify", "1", "a\nb"],
      ["modify", "1", "title:a\nb"],
      ["duplicate", "1", "two\r\nlines"],
    ]) {
      const result = await runCli(dir, args);
      expect(result.code, JSON.stringify(args)).toBe(2);
      expect(result.stderr, JSON.stringify(args)).toMatch(/title .*(line break|control character).*one line/);
    }
    expect(taskFiles(dir)).toEqual(["1-first.md"]);
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
  });

  it("refuses a title over 500 characters, saying the limit", async () => {
    const dir = repo();
    const longest = "x".repeat(500);
    expect((await cliJson<JsonTask>(dir, ["add", longest])).title).toBe(longest);
    const result = await runCli(dir, ["add", "y".repeat(501)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/title is 501 characters long.*at most 500/);
    expect((await runCli(dir, ["modify", "1", `${longest}x`])).stderr).toMatch(/at most 500/);
    expect(taskFiles(dir)).toHaveLength(1);
  });

  it("refuses an import whose title is not one line, naming the item", async () => {
    const dir = repo();
    const result = await runCli(dir, ["import", "-"], { input: JSON.stringify([{ title: "fine" }, { title: "not\nfine" }]) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/import item 2.*line break/);
    expect(taskFiles(dir)).toEqual([]);
  });

  it("loads a hand-edited multi-line title, reports it in doctor, and never puts the break into a commit subject", async () => {
    const dir = repo();
    writeTask(dir, "1-hand.md", '---\nid: 1\ntitle: "first line\\nsecond\\u001eline"\n---\n');
    git(dir, "add", "backlog");
    git(dir, "commit", "-q", "-m", "hand edit");
    expect((await cliJson<JsonTask[]>(dir, ["list"])).map((task) => task.id)).toEqual([1]);
    const { code, json } = await runJson<DoctorJson>(dir, ["doctor"]);
    expect(code).toBe(0);
    expect(taskProblems(json.problems)).toEqual([expect.objectContaining({ file: "backlog/1-hand.md", severity: "warning", message: expect.stringMatching(/title .*line break.*one line/) as unknown })]);

    await cli(dir, ["modify", "1", "priority:H"]);
    expect(frontmatter(dir, 1).priority).toBe("H");
    await cli(dir, ["start", "1"]);
    const subjects = git(dir, "log", "-2", "--format=%s%x00").split("\0").map((subject) => subject.trim()).filter(Boolean);
    expect(subjects).toEqual(["backlog: start #1 first line second line", "backlog: modify #1 first line second line"]);
    expect(git(dir, "log", "-1", "--format=%B")).not.toContain("\u001e");
    const log = await cliJson<{ op: string; tasks: number[] }[]>(dir, ["log"]);
    expect(log.map((entry) => [entry.op, entry.tasks])).toEqual([["start", [1]], ["modify", [1]]]);

    const retitled = await runCli(dir, ["modify", "1", "still\ntwo lines"]);
    expect(retitled.code).toBe(2);
    await cli(dir, ["modify", "1", "One line now"]);
    expect(taskProblems((await runJson<DoctorJson>(dir, ["doctor"])).json.problems)).toEqual([]);
  });
});
