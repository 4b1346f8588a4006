import { execFileSync } from "node:child_process";
import { lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, ids, runCli, runJson, taskProblems, type JsonTask } from "../../helpers/cli.js";
import { git } from "../../helpers/git-repo.js";

/**
 * A FIFO opened for reading waits for a writer forever: each of these commands ran into one and
 * hung holding backlog.lock and git's index.lock. runCli kills a child after 20 s and fails the
 * test, so a hang is a failure here, not a stuck suite.
 */

interface DoctorJson {
  problems: { file: string; line: number | null; code: string; message: string; severity: string }[];
}

function mkfifo(path: string): void {
  execFileSync("mkfifo", [path]);
}

describe("things in the task folder that are not regular files", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  let outside: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "Regular", "task"]);
    mkdirSync(join(dir, "backlog", "2-folder.md"));
    outside = join(dir, "outside-task.md");
    writeFileSync(outside, "---\nid: 3\ntitle: Lives elsewhere\n---\n");
    symlinkSync(outside, join(dir, "backlog", "3-link.md"));
    // Where `add Pipe` would write if it did not count the FIFO's id: it used to hang on it.
    mkfifo(join(dir, "backlog", "4-pipe.md"));
  });
  afterAll(() => repo.cleanup());

  it("list finishes, shows the real tasks and names the rest as left out", async () => {
    const result = await runCli(dir, ["list"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Regular task");
    expect(result.stdout).not.toContain("Lives elsewhere");
    expect(result.stderr).toContain("backlog/4-pipe.md");
    expect(ids(await cliJson<JsonTask[]>(dir, ["list"]))).toEqual([1]);
  });

  it("doctor names each one, with its kind and the code not-a-regular-file", async () => {
    const { code, json } = await runJson<DoctorJson>(dir, ["doctor"]);
    expect(code).toBe(1);
    const found = json.problems.filter((problem) => problem.code === "not-a-regular-file").map((problem) => [problem.file, problem.severity]);
    expect(found).toEqual([
      ["backlog/2-folder.md", "error"],
      ["backlog/3-link.md", "error"],
      ["backlog/4-pipe.md", "error"],
    ]);
    const message = (file: string): string => json.problems.find((problem) => problem.file === file)?.message ?? "";
    expect(message("backlog/2-folder.md")).toMatch(/directory/);
    expect(message("backlog/3-link.md")).toMatch(/symbolic link/);
    expect(message("backlog/4-pipe.md")).toMatch(/FIFO/);
    expect((await runCli(dir, ["doctor", "--fix"])).code).toBe(1);
  });

  it("add finishes and takes an id above every name in the folder", async () => {
    expect((await cliJson<JsonTask>(dir, ["add", "Pipe"])).id).toBe(5);
    expect(lstatSync(join(dir, "backlog", "4-pipe.md")).isFIFO()).toBe(true);
    expect(git(dir, "status", "--porcelain", "--", "backlog/5-pipe.md")).toBe("");
  });

  it("a write that names one is refused, naming the file, and the link's target is untouched", async () => {
    const result = await runCli(dir, ["modify", "3", "priority:H"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("backlog/3-link.md");
    expect(readFileSync(outside, "utf8")).toBe("---\nid: 3\ntitle: Lives elsewhere\n---\n");
  });

  it("init finishes", async () => {
    expect((await runCli(dir, ["init"])).code).toBe(0);
  });
});

describe("a FIFO where a write lands", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "Old", "work"]);
    await cli(dir, ["done", "1"]);
    await cli(dir, ["archive", "1"]);
    mkfifo(join(dir, "backlog", "1-old-work.md"));
  });
  afterAll(() => repo.cleanup());

  it("restore onto it is refused, naming the path, and leaves no lock behind", async () => {
    const head = git(dir, "rev-parse", "HEAD");
    const result = await runCli(dir, ["restore", "1"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("backlog/1-old-work.md");
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
    expect(lstatSync(join(dir, "backlog", "1-old-work.md")).isFIFO()).toBe(true);
    // Nothing is held: the next write goes through.
    expect((await cliJson<JsonTask>(dir, ["add", "New", "work"])).id).toBe(2);
  });
});

describe.each([
  { writer: "a commit", config: undefined },
  { writer: "plain file writes (commit: false)", config: "commit: false\n" },
])("a FIFO at the path an operation writes, with $writer", ({ config }) => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  const target = "backlog/archive/2026-Q4/2-second.md";
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    if (config) writeFileSync(join(dir, ".backlog"), config);
    await cli(dir, ["add", "First"]);
    await cli(dir, ["add", "Second"]);
    await cli(dir, ["done", "2"]);
    mkdirSync(join(dir, "backlog", "archive", "2026-Q4"), { recursive: true });
    mkfifo(join(dir, target));
  });
  afterAll(() => repo.cleanup());

  it("is refused, naming it, with nothing written and no lock left behind", async () => {
    const head = git(dir, "rev-parse", "HEAD");
    const result = await runCli(dir, ["archive", "2"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${target}: it is a FIFO`);
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
    expect(lstatSync(join(dir, target)).isFIFO()).toBe(true);
    expect(lstatSync(join(dir, "backlog", "2-second.md")).isFile()).toBe(true);
    await cli(dir, ["modify", "1", "priority:H"]);
  });
});

describe("a FIFO among the files the tool reads besides tasks", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "Regular", "task"]);
    mkdirSync(join(dir, "backlog", "templates"));
    mkfifo(join(dir, "backlog", "templates", "bug.md"));
    mkdirSync(join(dir, "backlog", "prompts"));
    mkfifo(join(dir, "backlog", "prompts", "plan.md"));
    mkdirSync(join(dir, "backlog", "archive", "2026-Q1"), { recursive: true });
    mkfifo(join(dir, "backlog", "archive", "2026-Q1", "3-archived-pipe.md"));
  });
  afterAll(() => repo.cleanup());

  it("doctor names a FIFO among the templates, the prompts and the archive; the archive still loads", async () => {
    const { json } = await runJson<DoctorJson>(dir, ["doctor"]);
    expect(taskProblems(json.problems).map((problem) => [problem.file, problem.code])).toEqual([
      ["backlog/archive/2026-Q1/3-archived-pipe.md", "not-a-regular-file"],
      ["backlog/prompts/plan.md", "not-a-regular-file"],
      ["backlog/templates/bug.md", "not-a-regular-file"],
    ]);
    expect((await runCli(dir, ["archive", "load", "2026-Q1"])).code).toBe(0);
  });

  it("a FIFO template is refused by name; adding without it still works", async () => {
    const result = await runCli(dir, ["add", "Crash", "--template", "bug"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("backlog/templates/bug.md");
    expect(result.stderr).toContain("FIFO");
    // Above the archived FIFO's id too: ids named in the archive stay retired.
    expect((await cliJson<JsonTask>(dir, ["add", "Plain"])).id).toBe(4);
  });

  it("a FIFO .gitattributes stops init with an error that names it", async () => {
    mkfifo(join(dir, ".gitattributes"));
    const result = await runCli(dir, ["init"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\.gitattributes: it is a FIFO/);
  });

  it("a FIFO .backlog stops every command at once with an error that names it", async () => {
    mkfifo(join(dir, ".backlog"));
    for (const args of [["list"], ["add", "More"], ["doctor"], ["init"]]) {
      const result = await runCli(dir, args);
      expect(result.code, args.join(" ")).toBe(1);
      expect(result.stderr, args.join(" ")).toMatch(/\.backlog: it is a FIFO/);
    }
  });
});
