import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { git } from "../../helpers/git-repo.js";
import { backlogRepo, cliJson, runCli, runJson, taskFiles, writeTask, type JsonTask } from "../../helpers/cli.js";

const repos: { cleanup: () => void }[] = [];
afterAll(() => {
  for (const made of repos) made.cleanup();
});
const RANGE = /whole numbers from 1 to 2147483647/;

interface DoctorJson {
  problems: { file: string; code: string; message: string; severity: string }[];
}

function repo(): string {
  const made = backlogRepo();
  repos.push(made);
  return made.dir;
}

async function addedId(dir: string, title: string): Promise<number> {
  return (await cliJson<JsonTask>(dir, ["add", title])).id;
}

describe("ids are whole numbers from 1 to 2^31-1", () => {
  it("refuses to import an id out of range, naming the value and the range, and writes nothing", async () => {
    const dir = repo();
    const head = git(dir, "rev-parse", "HEAD");
    const result = await runCli(dir, ["import", "-"], { input: JSON.stringify([{ id: 9007199254740991, title: "x" }]) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("9007199254740991");
    expect(result.stderr).toMatch(RANGE);
    expect(taskFiles(dir)).toEqual([]);
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
    expect(await addedId(dir, "Still works")).toBe(1);
  });

  it("refuses an imported reference out of range", async () => {
    const dir = repo();
    const result = await runCli(dir, ["import", "-"], { input: JSON.stringify([{ title: "a", depends: [9007199254740991] }]) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("9007199254740991");
    expect(result.stderr).toMatch(RANGE);
    expect(taskFiles(dir)).toEqual([]);
  });

  it("ignores an out-of-range last-id mark left by an older version when choosing the next id", async () => {
    const dir = repo();
    await addedId(dir, "First");
    writeFileSync(join(dir, ".git", "backlog-last-id"), "9007199254740991\n");
    expect(await addedId(dir, "Second")).toBe(2);
    expect(readFileSync(join(dir, ".git", "backlog-last-id"), "utf8")).toBe("2\n");
  });

  it("keeps add working beside a file whose name holds a huge number, and doctor names that file", async () => {
    const dir = repo();
    writeTask(dir, "99999999999999999999-x.md", "---\ntitle: From a remote branch\n---\n");
    writeTask(dir, "9007199254740991-y.md", "---\nid: 4\ntitle: Misnamed\n---\n");
    git(dir, "add", "backlog");
    git(dir, "commit", "-q", "-m", "arrived");
    expect(await addedId(dir, "Works")).toBe(5);
    const { json } = await runJson<DoctorJson>(dir, ["doctor"]);
    const files = json.problems.map((problem) => `${problem.file} ${problem.code}`);
    expect(files).toContain("backlog/99999999999999999999-x.md missing-id");
    expect(files).toContain("backlog/9007199254740991-y.md file-name");
  });

  it("ignores out-of-range names on other branches when choosing the next id", async () => {
    const dir = repo();
    git(dir, "checkout", "-q", "-b", "other");
    writeTask(dir, "9007199254740991-x.md", "---\nid: 9007199254740991\ntitle: Huge\n---\n");
    git(dir, "add", "backlog");
    git(dir, "commit", "-q", "-m", "huge");
    git(dir, "checkout", "-q", "main");
    expect(await addedId(dir, "Works")).toBe(1);
  });

  it("reports a hand-written id out of range with the range, and add still works", async () => {
    const dir = repo();
    writeTask(dir, "9007199254740991-x.md", "---\nid: 9007199254740991\ntitle: Huge\n---\n");
    writeTask(dir, "3000000000-y.md", "---\nid: 3000000000\ntitle: Big\n---\n");
    const { code, json } = await runJson<DoctorJson>(dir, ["doctor"]);
    expect(code).toBe(1);
    const bad = json.problems.filter((problem) => problem.code === "bad-id");
    expect(bad.map((problem) => problem.file).sort()).toEqual(["backlog/3000000000-y.md", "backlog/9007199254740991-x.md"]);
    for (const problem of bad) expect(problem.message).toMatch(RANGE);
    expect(await addedId(dir, "Works")).toBe(1);
  });

  it("refuses ids out of range in changes, naming the value and the range", async () => {
    const dir = repo();
    await addedId(dir, "First");
    for (const args of [
      ["add", "Second", "depends:2147483648"],
      ["add", "Second", "parent:99999999999999999999"],
      ["modify", "1", "depends:9007199254740992"],
      ["modify", "1", "parent:0"],
    ]) {
      const result = await runCli(dir, args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr, args.join(" ")).toMatch(RANGE);
    }
    expect(taskFiles(dir)).toEqual(["1-first.md"]);
  });

  it("refuses ids out of range as command arguments and in filters", async () => {
    const dir = repo();
    const show = await runCli(dir, ["show", "2147483648"]);
    expect(show.code).toBe(2);
    expect(show.stderr).toContain('"2147483648"');
    expect(show.stderr).toMatch(RANGE);
    const list = await runCli(dir, ["list", "5,2147483648"]);
    expect(list.code).toBe(2);
    expect(list.stderr).toContain("2147483648");
    expect(list.stderr).toMatch(RANGE);
    const has = await runCli(dir, ["list", "depends.has:9007199254740993"]);
    expect(has.code).toBe(2);
    expect(has.stderr).toMatch(RANGE);
  });

  it("says clearly that no id is left once 2^31-1 is taken", async () => {
    const dir = repo();
    writeTask(dir, "2147483647-last.md", "---\nid: 2147483647\ntitle: Last\n---\n");
    const result = await runCli(dir, ["add", "One more"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("2147483647");
    expect(result.stderr).toMatch(/no id is left/i);
    expect(taskFiles(dir)).toEqual(["2147483647-last.md"]);
  });
});
