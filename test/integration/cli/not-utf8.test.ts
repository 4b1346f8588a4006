import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, ids, runCli, runJson, writeTask, type JsonTask } from "../../helpers/cli.js";
import { git } from "../../helpers/git-repo.js";

interface DoctorJson {
  problems: { file: string; line: number | null; code: string; message: string; severity: string }[];
}

/** A task saved by an editor set to Latin-1: `é` is the single byte 0xE9, on lines 3 and 6. */
const LATIN1 = Buffer.concat([
  Buffer.from("---\nid: 2\ntitle: Caf"),
  Buffer.from([0xe9]),
  Buffer.from(" menu\nstatus: pending\n---\nR"),
  Buffer.from([0xe9]),
  Buffer.from("sum\u00e9 in UTF-8 too.\n"),
]);
const LATIN1_PATH = "backlog/2-cafe-menu.md";

/** A task saved as UTF-16 with its byte order mark (FF FE), as some Windows editors do. */
const UTF16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("---\nid: 3\ntitle: Wide\n---\n", "utf16le")]);
const UTF16_PATH = "backlog/3-wide.md";

/** Each file's bytes on disk, and that git would store exactly the blob HEAD holds. */
function expectUntouched(dir: string, path: string, bytes: Buffer): void {
  expect(readFileSync(join(dir, path)).equals(bytes)).toBe(true);
  expect(git(dir, "hash-object", path)).toBe(git(dir, "rev-parse", `HEAD:${path}`));
}

describe("a task file that is not valid UTF-8", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "Good", "task"]);
    writeFileSync(join(dir, LATIN1_PATH), LATIN1);
    writeFileSync(join(dir, UTF16_PATH), UTF16);
    git(dir, "add", "backlog");
    git(dir, "commit", "-q", "-m", "tasks saved by other editors");
  });
  afterAll(() => repo.cleanup());

  it("is reported by doctor with its line, the code not-utf8 and the fix", async () => {
    const { code, json } = await runJson<DoctorJson>(dir, ["doctor"]);
    expect(code).toBe(1);
    const latin1 = json.problems.find((problem) => problem.file === LATIN1_PATH);
    expect(latin1).toMatchObject({ code: "not-utf8", line: 3, severity: "error" });
    expect(latin1?.message).toMatch(/not valid UTF-8.*0xE9.*re-save it as UTF-8/);
    const wide = json.problems.find((problem) => problem.file === UTF16_PATH);
    expect(wide).toMatchObject({ code: "not-utf8", line: 1 });
    expect(wide?.message).toContain("UTF-16");
    const text = await runCli(dir, ["doctor"]);
    expect(text.stdout).toContain(`${LATIN1_PATH}:3:11: error`);
  });

  it("is left out of lists, with a notice, while the other tasks keep working", async () => {
    const list = await runCli(dir, ["list"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("Good task");
    expect(list.stderr).toContain(LATIN1_PATH);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list"]))).toEqual([1]);
    await cli(dir, ["modify", "1", "priority:H"]);
    // Its id stays taken.
    expect((await cliJson<JsonTask>(dir, ["add", "Next"])).id).toBe(4);
  });

  it("refuses every edit of it, naming the file, and never changes a byte of it", async () => {
    const head = git(dir, "rev-parse", "HEAD");
    for (const args of [["modify", "2", "priority:H"], ["annotate", "2", "a", "note"], ["start", "2"], ["done", "2"], ["delete", "2"], ["edit", "2"]]) {
      const result = await runCli(dir, args, { env: { EDITOR: "false" } });
      expect(result.code, args.join(" ")).toBe(1);
      expect(result.stderr, args.join(" ")).toContain(LATIN1_PATH);
      expect(result.stderr, args.join(" ")).toContain("not valid UTF-8");
    }
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
    expectUntouched(dir, LATIN1_PATH, LATIN1);
    expectUntouched(dir, UTF16_PATH, UTF16);
  });

  it("is left byte for byte by doctor --fix, which still fixes the rest", async () => {
    writeTask(dir, "no-id.md", "---\ntitle: Needs an id\n---\n");
    const { json } = await runJson<DoctorJson & { fixed?: { path: string }[] }>(dir, ["doctor", "--fix"]);
    expect(json.fixed?.map((fix) => fix.path)).toEqual(["backlog/no-id.md"]);
    expect(json.problems.filter((problem) => problem.code === "not-utf8").map((problem) => problem.file)).toEqual([LATIN1_PATH, UTF16_PATH]);
    expectUntouched(dir, LATIN1_PATH, LATIN1);
    expectUntouched(dir, UTF16_PATH, UTF16);
  });

  it("as a task template, is refused by name and reported by doctor", async () => {
    mkdirSync(join(dir, "backlog/templates"));
    writeFileSync(join(dir, "backlog/templates/menu.md"), Buffer.from("---\nproject: caf\u00e9\n---\n", "latin1"));
    const result = await runCli(dir, ["add", "Lunch", "--template", "menu"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/backlog\/templates\/menu\.md: the file is not valid UTF-8 \(byte 0xE9 at line 2/);
    const { json } = await runJson<DoctorJson>(dir, ["doctor"]);
    expect(json.problems).toContainEqual(expect.objectContaining({ file: "backlog/templates/menu.md", code: "not-utf8", line: 2 }));
  });
});

describe("an edit saved in another encoding", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "Plain", "title"]);
    // An editor that saves the title in Latin-1.
    const script = join(dir, "latin1-editor.mjs");
    writeFileSync(
      script,
      `import { readFileSync, writeFileSync } from "node:fs";
const file = process.argv[2];
writeFileSync(file, Buffer.from(readFileSync(file, "utf8").replace("Plain title", "Caf\\u00e9"), "latin1"));
`,
    );
  });
  afterAll(() => repo.cleanup());

  it("is refused with the line at fault, and nothing is written", async () => {
    const before = readFileSync(join(dir, "backlog/1-plain-title.md"));
    const head = git(dir, "rev-parse", "HEAD");
    const result = await runCli(dir, ["edit", "1"], { env: { EDITOR: `${process.execPath} ${join(dir, "latin1-editor.mjs")}` } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not valid UTF-8 \(byte 0xE9 at line 3/);
    expect(readFileSync(join(dir, "backlog/1-plain-title.md")).equals(before)).toBe(true);
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
  });
});

describe("init beside a .gitattributes in another encoding", () => {
  let repo: { dir: string; cleanup: () => void };
  beforeAll(() => {
    repo = backlogRepo();
  });
  afterAll(() => repo.cleanup());

  it("appends its line and keeps every byte that was there", async () => {
    const before = Buffer.from("# r\u00e9sum\u00e9 files\n*.pdf binary", "latin1");
    writeFileSync(join(repo.dir, ".gitattributes"), before);
    await cli(repo.dir, ["init"]);
    expect(readFileSync(join(repo.dir, ".gitattributes")).equals(Buffer.concat([before, Buffer.from("\nbacklog/*.md merge=backlog\n")]))).toBe(true);
    expect(await cli(repo.dir, ["init"])).toContain('.gitattributes has "backlog/*.md merge=backlog" already\n');
  });
});

describe("undo of an operation that replaced the bytes of a file in another encoding", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  const path = "backlog/1-cafe.md";
  const replaced = "---\nid: 1\ntitle: Caf\uFFFD\nstatus: pending\npriority: H\n---\n";
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "Cafe"]);
    writeFileSync(join(dir, path), Buffer.from("---\nid: 1\ntitle: Caf\u00e9\nstatus: pending\n---\n", "latin1"));
    git(dir, "commit", "-q", "-am", "saved in Latin-1");
    // What a modify made of it before such files were refused: its é became U+FFFD.
    writeFileSync(join(dir, path), replaced);
    git(dir, "commit", "-q", "-am", "backlog: modify #1 Caf\uFFFD\n\nBacklog-Op: modify\nBacklog-Task: 1");
  });
  afterAll(() => repo.cleanup());

  it("is refused with the git command that restores the bytes, rather than writing replacement characters again", async () => {
    const head = git(dir, "rev-parse", "HEAD");
    const result = await runCli(dir, ["undo"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${path}: the version to restore is not valid UTF-8`);
    expect(result.stderr).toContain(`git cat-file blob ${git(dir, "rev-parse", `HEAD~1:${path}`)} > ${path}`);
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
    expect(readFileSync(join(dir, path), "utf8")).toBe(replaced);
  });
});
