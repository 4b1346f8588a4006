import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backlogRepo, cli, runCli, snapshot, writeTask } from "../../helpers/cli.js";
import { git } from "../../helpers/git-repo.js";

let repo: { dir: string; cleanup: () => void };
let dir: string;
beforeEach(() => {
  repo = backlogRepo();
  dir = repo.dir;
});
afterEach(() => repo.cleanup());

const lastSubject = (): string => git(dir, "log", "-1", "--format=%s").trim();

describe("what the CLI says", () => {
  it("describes the board view without internal names", async () => {
    const out = await cli(dir, ["view"]);
    expect(out).toMatch(/board\s+status\.not:deleted\s+Every task that is not deleted, in columns by status\n/);
    expect(out).not.toContain("groupBoard");
  });

  it("counts one fixed file as one file in doctor --fix's commit", async () => {
    writeTask(dir, "loose.md", "---\ntitle: Loose\n---\n");
    await cli(dir, ["doctor", "--fix"]);
    expect(lastSubject()).toBe("backlog: doctor --fix 1 file");
  });

  it("records a duplicate as a duplicate of its source, not as an add", async () => {
    await cli(dir, ["add", "Original"]);
    await cli(dir, ["duplicate", "1"]);
    expect(lastSubject()).toBe("backlog: duplicate #2 of #1 Original");
    expect(await cli(dir, ["log"])).toMatch(/ duplicate +2 /);
  });

  it("suggests the next free id for a file without one, not a taken one", async () => {
    for (let n = 1; n <= 12; n += 1) writeTask(dir, `${n}-t.md`, `---\nid: ${n}\ntitle: T${n}\n---\n`);
    writeTask(dir, "loose.md", "---\ntitle: Loose\n---\n");
    const result = await runCli(dir, ["doctor"]);
    expect(result.stdout).toContain("backlog/loose.md:2:1: error the frontmatter has no id; add the line id: 13 (the next free id); `doctor --fix` adds it. [missing-id]");
    expect(result.stdout).not.toContain("id: 12");
  });

  it("calls an unknown template a usage error (exit 2), listing the known ones, and writes nothing", async () => {
    const before = snapshot(dir);
    const result = await runCli(dir, ["add", "x", "--template", "nope"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no task template "nope"; known: bug, feature, spec, story, task.');
    expect(snapshot(dir)).toEqual(before);
  });

  it("names the archive segment of an archived task, and how to restore it", async () => {
    await cli(dir, ["add", "Old work"], { env: { BACKLOG_NOW: "2026-07-01T09:00:00Z" } });
    await cli(dir, ["done", "1"], { env: { BACKLOG_NOW: "2026-07-02T09:00:00Z" } });
    await cli(dir, ["archive"]);
    const result = await runCli(dir, ["show", "1"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("task 1 is archived, in 2026-Q3; `restore 1` brings it back.");
    expect((await runCli(dir, ["show", "2"])).stderr).toContain("no task 2;");
  });

  it("says undo of one operation on one task in the singular", async () => {
    await cli(dir, ["add", "One"]);
    const out = await cli(dir, ["undo"]);
    expect(out).toMatch(/^Undid 1 operation in [0-9a-f]{10}:\n {2}[0-9a-f]{10} backlog: add #1 One \(/);
    expect(out).not.toContain("tasks 1");
  });
});
