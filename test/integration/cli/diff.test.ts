import { readFileSync, unlinkSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git } from "../../helpers/git-repo.js";
import { backlogRepo, cli, cliJson, runCli, taskPath, writeTask } from "../../helpers/cli.js";

// `diff`: a branch's task changes, task by task and field by field, for a terminal, a
// pull-request comment and scripts. The expected outputs are golden files in
// test/fixtures/diff/ (BACKLOG_UPDATE_GOLDEN=1 rewrites them; read the change before committing).

const GOLDEN = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "fixtures", "diff");

function expectGolden(name: string, actual: string): void {
  const path = join(GOLDEN, name);
  if (process.env.BACKLOG_UPDATE_GOLDEN === "1" || !existsSync(path)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, actual);
    if (process.env.BACKLOG_UPDATE_GOLDEN !== "1") throw new Error(`wrote the missing golden file ${path}: check it, then run again`);
  }
  expect(actual).toBe(readFileSync(path, "utf8"));
}

let repo: { dir: string; cleanup: () => void };

beforeAll(async () => {
  repo = backlogRepo();
  const dir = repo.dir;
  await cli(dir, ["add", "Implement auth", "project:web", "priority:M"]);
  await cli(dir, ["add", "Write the docs", "+docs"]);
  await cli(dir, ["add", "Old idea"]);
  await cli(dir, ["add", "Renamed by hand"]);
  await cli(dir, ["add", "Shipped long ago"]);
  await cli(dir, ["done", "5"], { env: { BACKLOG_NOW: "2026-01-10T10:00:00Z" } });
  await cli(dir, ["add", "Parse the config"]);
  await cli(dir, ["add", "Broken later"]);
  await cli(dir, ["add", "Body edits"]);
  writeTask(dir, "8-body-edits.md", `${readFileSync(join(dir, taskPath(dir, 8)), "utf8")}\nFirst line.\nSecond line.\nThird line.\n`);
  git(dir, "commit", "-q", "-am", "body");
  git(dir, "checkout", "-q", "-b", "feature");
  // Every kind of change, each as its own operation or commit, as a branch's work would be.
  await cli(dir, ["modify", "1", "priority:H", "+security", "depends:2"]);
  await cli(dir, ["start", "1", "--force"], { env: { BACKLOG_AGENT: "claude" } });
  await cli(dir, ["annotate", "1", "token format agreed with the API team"]);
  await cli(dir, ["done", "2"]);
  await cli(dir, ["add", "Add rate limiting", "priority:H", "+security", "project:web"]);
  await cli(dir, ["purge", "3", "--force"]).catch(async () => {
    await cli(dir, ["delete", "3"]);
    await cli(dir, ["purge", "3"]);
  });
  git(dir, "mv", taskPath(dir, 4), "backlog/4-renamed-properly.md");
  git(dir, "commit", "-q", "-m", "rename a task file");
  await cli(dir, ["archive", "5"]);
  const parse = readFileSync(join(dir, taskPath(dir, 6)), "utf8").replace(/^id: 6$/m, "id: 16");
  unlinkSync(join(dir, taskPath(dir, 6)));
  writeTask(dir, "16-parse-the-config.md", parse);
  writeTask(dir, "7-broken-later.md", "---\nid: 7\ntitle: [unclosed\n---\n");
  const body = readFileSync(join(dir, taskPath(dir, 8)), "utf8").replace("Second line.\n", "Second line, rewritten.\nAn added line.\n");
  writeTask(dir, "8-body-edits.md", body);
  git(dir, "add", "-A", "backlog");
  git(dir, "commit", "-q", "-m", "hand edits");
  // Not committed: the default range still shows it.
  writeTask(dir, "20-not-committed-yet.md", "---\nid: 20\ntitle: Not committed yet\nstatus: pending\n---\n");
});

afterAll(() => repo.cleanup());

describe("diff", () => {
  it("names every kind of change, field by field, for a terminal (the default range: from main to the working tree)", async () => {
    expectGolden("branch.txt", await cli(repo.dir, ["diff"]));
  });

  it("gives the same changes as JSON, the documented shape", async () => {
    const diff = await cliJson<{ range: { spec: string; from: string; to: string | null }; tasks: { kind: string; id: number; previousId?: number; fields: unknown[] }[]; unreadable: { path: string; side: string }[] }>(repo.dir, ["diff", "main...feature"]);
    expect(diff.range).toEqual({ spec: "main...feature", from: git(repo.dir, "merge-base", "main", "feature").trim(), to: git(repo.dir, "rev-parse", "feature").trim() });
    expect(diff.tasks.map((task) => [task.id, task.kind])).toEqual([
      [1, "changed"],
      [2, "changed"],
      [3, "deleted"],
      [4, "renamed"],
      [5, "archived"],
      [8, "changed"],
      [9, "added"],
      [16, "renumbered"],
    ]);
    expect(diff.tasks.find((task) => task.id === 16)?.previousId).toBe(6);
    expect(diff.unreadable).toEqual([{ path: "backlog/7-broken-later.md", side: "after", problems: [expect.objectContaining({ file: "backlog/7-broken-later.md" })] }]);
    expectGolden("branch.json", `${JSON.stringify(diff.tasks, null, 2)}\n`);
  });

  it("writes a pull-request comment: a table, then details per task", async () => {
    expectGolden("branch.md", await cli(repo.dir, ["diff", "main...feature", "--format", "markdown"]));
  });

  it("takes git's ranges: a..b, a...b, one commit (c^!), and a commit to the working tree", async () => {
    // feature~1 archived task 5; feature~2 renamed task 4's file.
    const one = await cliJson<{ tasks: { id: number; kind: string }[] }>(repo.dir, ["diff", "feature~1^!"]);
    expect(one.tasks.map((task) => [task.id, task.kind])).toEqual([[5, "archived"]]);
    const two = await cliJson<{ tasks: { id: number; kind: string }[] }>(repo.dir, ["diff", "feature~3..feature~2"]);
    expect(two.tasks.map((task) => [task.id, task.kind])).toEqual([[4, "renamed"]]);
    const toDisk = await cliJson<{ tasks: { id: number; kind: string }[]; range: { to: string | null } }>(repo.dir, ["diff", "HEAD"]);
    expect([toDisk.range.to, toDisk.tasks.map((task) => [task.id, task.kind])]).toEqual([null, [[20, "added"]]]);
  });

  it("refuses a range git does not know, naming it (exit 2)", async () => {
    for (const range of ["nope", "main..nope", "-x"]) {
      const result = await runCli(repo.dir, ["diff", range]);
      expect(result.code, range).toBe(2);
      expect(result.stderr, range).toMatch(/is not a commit git knows/);
    }
    expect((await runCli(repo.dir, ["diff", "--format", "html"])).code).toBe(2);
  });
});

describe("diff of a task brought back from the archive", () => {
  it("names it unarchived", async () => {
    const before = git(repo.dir, "rev-parse", "HEAD").trim();
    await cli(repo.dir, ["restore", "5"]);
    const diff = await cliJson<{ tasks: { id: number; kind: string; previousPath?: string; fields: { field: string }[] }[] }>(repo.dir, ["diff", `${before}..HEAD`]);
    expect(diff.tasks).toEqual([expect.objectContaining({ id: 5, kind: "unarchived", previousPath: "backlog/archive/2026-Q1/5-shipped-long-ago.md" })]);
    expect(await cli(repo.dir, ["diff", `${before}..HEAD`])).toMatch(/^> #5 Shipped long ago: restored from the archive$/m);
  });
});

describe("diff --format markdown with hostile task content", () => {
  it("renders nothing of the task as markup, link or image", async () => {
    const hostile = backlogRepo();
    try {
      await cli(hostile.dir, ["add", "Plain"]);
      git(hostile.dir, "checkout", "-q", "-b", "pr");
      const title = "<img src=x onerror=alert(1)> </details><script>alert(2)</script> `code` **bold** [click](javascript:alert(3)) https://evil.example/x www.evil.example a@evil.example | cell";
      await cli(hostile.dir, ["add", "--", title]);
      await cli(hostile.dir, ["annotate", "1", "``` fence <b>bold</b> ![img](https://evil.example/i.png) <details open>"]);
      await cli(hostile.dir, ["modify", "1", "project:<i>x</i>"]);
      const markdown = await cli(hostile.dir, ["diff", "--format", "markdown"]);
      // GitHub renders a comment's markdown with some raw HTML allowed: so does this check.
      const html = micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
      expect(html).not.toMatch(/<(img|script|a|b|i|strong|em|code|pre)\b/i);
      // Only the comment's own blocks: one <details> per task, each closed once.
      expect(html.match(/<details>/g)).toHaveLength(2);
      expect(html.match(/<\/details>/g)).toHaveLength(2);
      expect(html.match(/<table>/g)).toHaveLength(1);
      // The text is all there, shown as text.
      expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
      expect(html).toContain("https://evil.example/x");
    } finally {
      hostile.cleanup();
    }
  });
});
