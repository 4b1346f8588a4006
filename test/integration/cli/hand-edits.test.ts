import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, frontmatter, ids, readTask, runCli, runJson, taskFiles, taskProblems, writeTask, type JsonTask } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/git-repo.js";

const BROKEN = "---\nid: 3\ntitle: Broken by hand\nstatus: in-progress\ntags: [x]\n---\nA half-finished thought.\n";
const UNPARSABLE = "---\nid: 6\ntitle: [unclosed\n---\n";

describe.concurrent("hand edits between CLI calls", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "First", "project:web"]);
    await cli(dir, ["add", "Second"]);
  });
  afterAll(() => repo.cleanup());

  it.sequential("sees a file changed on disk since the last call", async () => {
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "project:web"]))).toEqual([1]);
    writeFileSync(join(dir, "backlog/2-second.md"), readTask(dir, 2).replace("status: pending\n", "status: pending\nproject: web\npriority: H\n"));
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "project:web", "--sort", "id+"]))).toEqual([1, 2]);
    expect(await cli(dir, ["list", "priority:H"])).toContain("Second");
  });

  it.sequential("lists a file dropped in by hand, and forgets one removed by hand", async () => {
    writeTask(dir, "7-from-an-editor.md", "---\nid: 7\ntitle: From an editor\nstatus: pending\nreviewer: dana\n---\n");
    const task = await cliJson<JsonTask>(dir, ["show", "7"]);
    expect(task).toMatchObject({ id: 7, title: "From an editor", reviewer: "dana" });
    expect(await cli(dir, ["show", "7"])).toMatch(/\nreviewer +dana\n/);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "reviewer:dana"]))).toEqual([7]);
    rmSync(join(dir, "backlog/7-from-an-editor.md"));
    expect((await runCli(dir, ["show", "7"])).code).toBe(1);
    // The next id stays above what the folder holds now.
    expect((await cliJson<JsonTask>(dir, ["add", "Third"])).id).toBe(3);
  });

  it.sequential("reads a time without a zone as UTC, with a warning from doctor only", async () => {
    // What a script's datetime.isoformat() writes: no zone. NOW is 2026-11-18T10:00:00Z.
    writeTask(dir, "8-from-a-script.md", "---\nid: 8\ntitle: From a script\ncreated: 2026-11-17T09:30:00.123456\ndue: 2026-11-18 09:00\n---\n");
    const list = await runCli(dir, ["list", "+OVERDUE"]);
    expect(list.stdout).toContain("From a script");
    expect(list.stderr).toBe("");
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "due.before:2026-11-18T09:30:00Z"]))).toEqual([8]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "due.after:2026-11-18T08:30:00Z"]))).toEqual([8]);
    const doctor = await runJson<{ problems: { file: string; code: string; severity: string; message: string }[] }>(dir, ["doctor"]);
    expect(doctor.code).toBe(0);
    expect(taskProblems(doctor.json.problems).map((problem) => [problem.file, problem.code, problem.severity])).toEqual([
      ["backlog/8-from-a-script.md", "bad-date", "warning"],
      ["backlog/8-from-a-script.md", "bad-date", "warning"],
    ]);
    expect(taskProblems(doctor.json.problems)[1]?.message).toContain("write due: 2026-11-18T09:00Z to say so");
    // A change to the task keeps the user's value as written.
    await cli(dir, ["modify", "8", "priority:L"]);
    expect(readTask(dir, 8)).toContain("due: 2026-11-18 09:00\n");
    rmSync(join(dir, "backlog/8-from-a-script.md"));
  });

  it.sequential("keeps CRLF line endings, a BOM and the user's key order when the tool edits a hand-written file", async () => {
    const text = "\uFEFF---\r\ntitle: Windows task\r\nid: 8\r\nstatus: pending\r\n---\r\nWritten on Windows.\r\n";
    writeTask(dir, "8-windows-task.md", text);
    await cli(dir, ["modify", "8", "priority:L"]);
    const after = readTask(dir, 8);
    expect(after.startsWith("\uFEFF---\r\ntitle: Windows task\r\nid: 8\r\nstatus: pending\r\n")).toBe(true);
    expect(after).toContain("priority: L\r\n");
    expect(after.endsWith("---\r\nWritten on Windows.\r\n")).toBe(true);
    expect(after.replace(/\r\n/g, "")).toBe(after.replace(/\r?\n/g, ""));
  });
});

describe.concurrent("a malformed file", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  const broken = (): string => readFileSync(join(dir, "backlog/3-broken-by-hand.md"), "utf8");
  const unparsable = (): string => readFileSync(join(dir, "backlog/6-unparsable.md"), "utf8");
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "Alpha", "project:web"]);
    await cli(dir, ["add", "Beta", "project:web"]);
    writeTask(dir, "3-broken-by-hand.md", BROKEN);
    writeTask(dir, "6-unparsable.md", UNPARSABLE);
  });
  afterAll(() => repo.cleanup());

  it.sequential("never stops the others: list, count, next, show and views work", async () => {
    expect(ids(await cliJson<JsonTask[]>(dir, ["list"]))).toEqual([1, 2]);
    expect(await cli(dir, ["count"])).toBe("2\n");
    expect((await cliJson<{ task: JsonTask }>(dir, ["next"])).task.id).toBe(1);
    expect(await cli(dir, ["view", "board"])).toContain("#2 Beta");
    // Never silently: a read says which files it left out, on stderr (stdout stays the answer).
    for (const args of [["list"], ["count", "--json"], ["export"]]) {
      const result = await runCli(dir, args);
      expect(result.code, args.join(" ")).toBe(0);
      expect(result.stderr).toContain("warning: 2 task files could not be read and are left out (backlog/3-broken-by-hand.md, backlog/6-unparsable.md); `git-backlog doctor` says why.");
      expect(result.stdout).not.toContain("could not be read");
    }
    expect((await runCli(dir, ["doctor"])).stderr).not.toContain("left out");
    const { problems } = (await runJson<{ problems: { file: string; line: number; code: string }[] }>(dir, ["doctor"])).json;
    expect(taskProblems(problems).map((problem) => [problem.file, problem.line, problem.code])).toEqual([
      ["backlog/3-broken-by-hand.md", 4, "bad-status"],
      ["backlog/6-unparsable.md", expect.any(Number), "yaml-syntax"],
    ]);
  });

  it.sequential("does not lose its id: a new task gets a higher one", async () => {
    expect((await cliJson<JsonTask>(dir, ["add", "Gamma"])).id).toBe(7);
  });

  it.sequential("is never rewritten by writes to other tasks, nor by doctor --fix", async () => {
    await cli(dir, ["modify", "project:web", "priority:H"]);
    await cli(dir, ["start", "1"]);
    await cli(dir, ["done", "1"]);
    await cli(dir, ["annotate", "2", "note"]);
    await runCli(dir, ["doctor", "--fix"]);
    expect(broken()).toBe(BROKEN);
    expect(unparsable()).toBe(UNPARSABLE);
  });

  it.sequential("cannot be changed through the tool: the error names the file and the reason, and nothing is written", async () => {
    for (const args of [["done", "3"], ["annotate", "3", "hello"], ["start", "6"]]) {
      const result = await runCli(dir, args);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/backlog\/(3-broken-by-hand|6-unparsable)\.md/);
      expect(result.stderr).toContain("Fix the file by hand");
    }
    const modify = await runCli(dir, ["modify", "3", "priority:L"]);
    expect(modify.code).toBe(1);
    expect(broken()).toBe(BROKEN);
    expect(unparsable()).toBe(UNPARSABLE);
  });

  it.sequential("comes back once the user fixes it", async () => {
    writeFileSync(join(dir, "backlog/3-broken-by-hand.md"), BROKEN.replace("in-progress", "active"));
    expect(frontmatter(dir, 3).status).toBe("active");
    expect(await cliJson<JsonTask>(dir, ["show", "3"])).toMatchObject({ id: 3, status: "active", tags: ["x"] });
  });
});

describe.concurrent("outside a git repository", () => {
  it.sequential("refuses with the fix, and works with commit: false", async () => {
    const tmp = tempDir();
    try {
      const refused = await runCli(tmp.dir, ["add", "No", "git", "here"]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/not .*git repository/i);
      expect(refused.stderr).toContain("git init");
      expect(refused.stderr).toContain("commit: false");
      expect(readdirSync(tmp.dir)).toEqual([]);
      writeFileSync(join(tmp.dir, ".backlog"), "commit: false\n");
      await cli(tmp.dir, ["init"]);
      await cli(tmp.dir, ["add", "No", "git", "here"]);
      expect(taskFiles(tmp.dir)).toEqual(["1-no-git-here.md"]);
      expect(await cli(tmp.dir, ["count"])).toBe("1\n");
      // The stat cache lives in the task folder's own .cache/, which git would ignore.
      expect(existsSync(join(tmp.dir, "backlog", ".cache", "stat-cache.json"))).toBe(true);
      expect(readFileSync(join(tmp.dir, "backlog", ".cache", ".gitignore"), "utf8")).toBe("*\n");
      expect(readdirSync(tmp.dir).sort()).toEqual([".backlog", ".gitattributes", "backlog"]);
    } finally {
      tmp.cleanup();
    }
  });
});
