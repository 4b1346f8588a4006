import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, frontmatter, ids, readTask, runCli, taskProblems, type JsonTask } from "../../helpers/cli.js";

// #1 and #2 are open; #3 links to both and depends on nothing.
describe("related: a link between tasks that never blocks", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "Login", "form"]);
    await cli(dir, ["add", "Session", "store"]);
    await cli(dir, ["add", "Auth", "docs", "related:1,2"]);
  });
  afterAll(() => repo.cleanup());

  it("is written by add and changed by modify as depends is: related:7,9 adds, related:-7 removes, related: clears", async () => {
    expect(frontmatter(dir, 3).related).toEqual([1, 2]);
    expect(readTask(dir, 3)).toContain("\nrelated: [1, 2]\n");
    await cli(dir, ["add", "Scratch"]);
    await cli(dir, ["modify", "4", "related:1,3"]);
    expect(frontmatter(dir, 4).related).toEqual([1, 3]);
    await cli(dir, ["modify", "4", "related:-1,2"]);
    expect(frontmatter(dir, 4).related).toEqual([3, 2]);
    await cli(dir, ["modify", "4", "related:"]);
    expect(frontmatter(dir, 4)).not.toHaveProperty("related");
    const bad = await runCli(dir, ["modify", "4", "related:x"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"related:x"');
  });

  it("never blocks: a task related to open tasks stays READY, and is not BLOCKING", async () => {
    const docs = await cliJson<JsonTask>(dir, ["show", "3"]);
    expect(docs).toMatchObject({ related: [1, 2], blocked: false, ready: true });
    expect(await cliJson<JsonTask>(dir, ["show", "1"])).toMatchObject({ blocking: false, ready: true });
  });

  it("is refused when a task would be related to itself, and nothing is written", async () => {
    const self = await runCli(dir, ["modify", "3", "related:3"]);
    expect(self.code).toBe(1);
    expect(self.stderr).toMatch(/#3 cannot be related to itself/);
    expect(frontmatter(dir, 3).related).toEqual([1, 2]);
  });

  it("may name a task that does not exist: a warning in doctor, never an error", async () => {
    await cli(dir, ["modify", "3", "related:99"]);
    expect(frontmatter(dir, 3).related).toEqual([1, 2, 99]);
    const doctor = await runCli(dir, ["doctor", "--json"]);
    const problems = (JSON.parse(doctor.stdout) as { problems: { code: string; severity: string; message: string; line?: number }[] }).problems;
    expect(taskProblems(problems)).toEqual([expect.objectContaining({ code: "missing-related", severity: "warning", line: 5, message: expect.stringContaining("#99") as unknown })]);
    expect(doctor.code).toBe(0);
    await cli(dir, ["modify", "3", "related:-99"]);
  });

  it("is filtered with related.has:7 and related: (none)", async () => {
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "related.has:2"]))).toEqual([3]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "related:1,2"]))).toEqual([3]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "related:"]))).not.toContain(3);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "related.any:"]))).toEqual([3]);
  });

  it("graph draws related links apart from dependencies: dashed, never followed", async () => {
    expect(await cli(dir, ["graph"])).toBe("#3 Auth docs [pending]\n├╌╌ #1 Login form [pending] (related)\n└╌╌ #2 Session store [pending] (related)\n");
    expect(await cli(dir, ["graph", "1"])).toBe("#1 Login form [pending]\n└── related\n    └╌╌ #3 Auth docs [pending]\n");
    expect(await cli(dir, ["graph", "--format", "mermaid"])).toContain("  t1 -.- t3\n  t2 -.- t3\n");
    expect(await cli(dir, ["graph", "--format", "dot"])).toContain("  t1 -> t3 [style=dashed, dir=none, constraint=false];\n");
    expect((await cliJson<{ cycles: number[][] }>(dir, ["graph"])).cycles).toEqual([]);
  });

  it("show names each related task and each dependency by title and status, and says when one is not in the backlog", async () => {
    expect(await cli(dir, ["show", "3"])).toMatch(/\nrelated +#1 Login form \[pending\]\n +#2 Session store \[pending\]\n/);
    await cli(dir, ["done", "2"]);
    await cli(dir, ["add", "Deploy", "depends:2", "related:3,99"]);
    const text = await cli(dir, ["show", "5"]);
    expect(text).toMatch(/\ndepends +#2 Session store \[done\]\nrelated +#3 Auth docs \[pending\]\n +#99 \(not in the backlog\)\n/);
    expect(await cliJson<JsonTask>(dir, ["show", "5"])).toMatchObject({ depends: [2], related: [3, 99] });
  });
});
