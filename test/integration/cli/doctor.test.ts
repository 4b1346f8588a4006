import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, frontmatter, ids, parseFrontmatter, runCli, runJson, snapshot, taskFiles, writeTask, type JsonTask } from "../../helpers/cli.js";

interface DoctorJson {
  problems: { file: string; line: number | null; code: string; message: string; severity: string }[];
  fixed?: { path: string; action: string }[];
}

/** A corpus with one file per kind of breakage, beside good tasks that must keep working. */
function writeCorpus(dir: string): void {
  writeTask(dir, "1-good-one.md", "---\nid: 1\ntitle: Good one\nstatus: pending\n---\n");
  writeTask(dir, "2-good-two.md", "---\nid: 2\ntitle: Good two\nstatus: pending\ndepends: [1]\n---\nBody.\n");
  writeTask(dir, "3-broken-yaml.md", "---\nid: 3\ntitle: Broken YAML\ntags: [unclosed\nstatus: pending\n---\n");
  writeTask(dir, "4-unknown-status.md", "---\nid: 4\ntitle: Unknown status\nstatus: wip\n---\n");
  writeTask(dir, "5-missing-dep.md", "---\nid: 5\ntitle: Missing dep\nstatus: pending\ndepends: [99]\n---\n");
  writeTask(dir, "6-cycle-a.md", "---\nid: 6\ntitle: Cycle a\nstatus: pending\ndepends: [7]\n---\n");
  writeTask(dir, "7-cycle-b.md", "---\nid: 7\ntitle: Cycle b\nstatus: pending\ndepends: [6]\n---\n");
  writeTask(dir, "8-dup-first.md", "---\nid: 8\ntitle: Dup first\nstatus: pending\n---\n");
  writeTask(dir, "8-dup-second.md", "---\nid: 8\ntitle: Dup second\nstatus: pending\n---\n");
  writeTask(dir, "wrong-name.md", "---\nid: 9\ntitle: Wrong name\nstatus: pending\n# a comment\npriority: M\n---\nBody kept.\n");
  writeTask(dir, "no-id.md", "---\ntitle: No id here\nstatus: pending\ntags: [new]\n---\nPlease give me an id.\n");
}

describe.concurrent("doctor on a corpus of broken files", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(() => {
    repo = backlogRepo();
    dir = repo.dir;
    writeCorpus(dir);
  });
  afterAll(() => repo.cleanup());

  it.sequential("names file, line and reason for each file that does not parse (exit 1)", async () => {
    const result = await runCli(dir, ["doctor"]);
    expect(result.code).toBe(1);
    const lines = result.stdout.split("\n");
    expect(lines).toContainEqual(expect.stringMatching(/^backlog\/3-broken-yaml\.md:5:\d+: error .*not valid YAML.* \[yaml-syntax\]$/));
    expect(lines).toContainEqual(expect.stringMatching(/^backlog\/4-unknown-status\.md:4:\d+: error status "wip" is not one of .* \[bad-status\]$/));
    expect(lines).toContainEqual(expect.stringMatching(/^backlog\/no-id\.md:\d+(:\d+)?: error .*no id.* \[missing-id\]$/));
  });

  it.sequential("reports the problems across files: missing dependency, cycle with its path, duplicate id, file name", async () => {
    const { code, json } = await runJson<DoctorJson>(dir, ["doctor"]);
    expect(code).toBe(1);
    const { problems } = json;
    const codes = problems.map((problem) => `${problem.file} ${problem.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        "backlog/3-broken-yaml.md yaml-syntax",
        "backlog/4-unknown-status.md bad-status",
        "backlog/5-missing-dep.md missing-dependency",
        "backlog/6-cycle-a.md dependency-cycle",
        "backlog/8-dup-first.md duplicate-id",
        "backlog/8-dup-second.md duplicate-id",
        "backlog/wrong-name.md file-name",
        "backlog/no-id.md missing-id",
      ]),
    );
    expect(problems.find((problem) => problem.code === "dependency-cycle")?.message).toContain("6 → 7 → 6");
    expect(problems.find((problem) => problem.code === "missing-dependency")?.message).toContain("#99");
    expect(problems.find((problem) => problem.code === "duplicate-id")?.message).toContain("backlog/8-dup-second.md");
    for (const problem of problems) {
      expect(Object.keys(problem)).toEqual(expect.arrayContaining(["file", "line", "code", "message"]));
      expect(problem.message.length).toBeGreaterThan(10);
    }
    // The good files have no problem at all.
    expect(problems.filter((problem) => problem.file === "backlog/1-good-one.md" || problem.file === "backlog/2-good-two.md")).toEqual([]);
  });

  it.sequential("names the line of the depends field for a missing dependency or a cycle", async () => {
    const { problems } = (await runJson<DoctorJson>(dir, ["doctor"])).json;
    expect(problems.find((problem) => problem.code === "missing-dependency")?.line).toBe(5);
    expect(problems.find((problem) => problem.code === "dependency-cycle")?.line).toBe(5);
  });

  it.sequential("keeps every good task working while broken files are reported", async () => {
    // Both files of the duplicated id 8 are listed until doctor --fix renumbers one.
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "--sort", "id+"]))).toEqual([1, 2, 5, 6, 7, 8, 8, 9]);
    expect(await cli(dir, ["show", "1"])).toContain("Good one");
    await cli(dir, ["modify", "1", "priority:H"]);
    expect(frontmatter(dir, 1).priority).toBe("H");
    const broken = await runCli(dir, ["show", "4"]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("backlog/4-unknown-status.md");
    expect(broken.stderr).toContain('"wip"');
  });

  it.sequential("lets through a change that adds no problem, and lets modify break a cycle", async () => {
    await cli(dir, ["modify", "5", "priority:H"]);
    expect(frontmatter(dir, 5)).toMatchObject({ priority: "H", depends: [99] });
    const adding = await runCli(dir, ["modify", "5", "depends:98"]);
    expect(adding.code).toBe(1);
    expect(adding.stderr).toContain("#98");
    await cli(dir, ["modify", "6", "depends:-7"]);
    const { problems } = (await runJson<DoctorJson>(dir, ["doctor"])).json;
    expect(problems.map((problem) => problem.code)).not.toContain("dependency-cycle");
    expect(problems.map((problem) => problem.code)).toContain("missing-dependency");
  });

  it.sequential("never rewrites a broken file, even through doctor --fix, and fixes only names, ids and duplicate ids", async () => {
    const before = snapshot(dir);
    const fix = (await runJson<DoctorJson>(dir, ["doctor", "--fix"])).json;
    expect(fix.fixed).toEqual([
      { path: "backlog/no-id.md", action: "gave it id 10 and renamed it to backlog/10-no-id-here.md" },
      // Neither copy has `created`: the later file name is the newer one.
      { path: "backlog/8-dup-second.md", action: "duplicate id 8: the newer copy by `created` (history cannot tell which one arrived; `doctor --fix --keep <file>` chooses) now has id 11 (backlog/11-dup-second.md)" },
      { path: "backlog/wrong-name.md", action: "renamed to backlog/9-wrong-name.md" },
    ]);
    const after = snapshot(dir);
    const { "backlog/no-id.md": _noId, "backlog/wrong-name.md": wrongName, "backlog/8-dup-second.md": dup, ...untouched } = before;
    // Every other file keeps its bytes; the renamed one keeps them under its new name.
    expect(after).toEqual({
      ...untouched,
      "backlog/9-wrong-name.md": wrongName,
      "backlog/10-no-id-here.md": after["backlog/10-no-id-here.md"],
      "backlog/11-dup-second.md": Buffer.from(Buffer.from(dup!, "base64").toString("utf8").replace("id: 8", "id: 11")).toString("base64"),
    });
    const given = readFileSync(join(dir, "backlog/10-no-id-here.md"), "utf8");
    expect(parseFrontmatter(given)).toEqual({ id: 10, title: "No id here", status: "pending", tags: ["new"] });
    expect(given).toContain("---\nPlease give me an id.\n");
    expect(Buffer.from(_noId!, "base64").toString("utf8")).toBe(given.replace(/^id: 10\n/m, ""));
    expect(existsSync(join(dir, "backlog/no-id.md"))).toBe(false);
    // The remaining problems are the ones a person must decide on.
    expect(fix.problems.map((problem) => problem.code)).not.toContain("missing-id");
    expect(fix.problems.map((problem) => problem.code)).not.toContain("file-name");
    expect(fix.problems.map((problem) => problem.code)).not.toContain("duplicate-id");
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "--sort", "id+"]))).toEqual([1, 2, 5, 6, 7, 8, 9, 10, 11]);
  });

  it.sequential("has nothing left to fix on a second run", async () => {
    const before = snapshot(dir);
    const again = (await runJson<DoctorJson>(dir, ["doctor", "--fix"])).json;
    expect(again.fixed).toBeUndefined();
    expect(snapshot(dir)).toEqual(before);
  });
});

describe.concurrent("doctor --fix next to files that break rules", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(() => {
    repo = backlogRepo();
    dir = repo.dir;
  });
  afterAll(() => repo.cleanup());

  it.sequential("renames a mismatched file even when that task already depends on a missing id", async () => {
    writeTask(dir, "1-fine.md", "---\nid: 1\ntitle: Fine\nstatus: pending\n---\n");
    writeTask(dir, "five.md", "---\nid: 5\ntitle: Missing dep\nstatus: pending\ndepends: [99]\n---\n");
    const before = readFileSync(join(dir, "backlog/five.md"), "utf8");
    const result = await runCli(dir, ["doctor", "--fix"]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("fixed backlog/five.md: renamed to backlog/5-missing-dep.md");
    expect(taskFiles(dir)).toEqual(["1-fine.md", "5-missing-dep.md"]);
    expect(readFileSync(join(dir, "backlog/5-missing-dep.md"), "utf8")).toBe(before);
    // The missing dependency is still reported: it is the user's to fix.
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("[missing-dependency]");
  });

  it.sequential("gives an id-less file its id and name even when it depends on a missing id", async () => {
    writeTask(dir, "idea.md", "---\ntitle: Idea\nstatus: pending\ndepends: [98]\n---\n");
    const result = await runCli(dir, ["doctor", "--fix"]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("fixed backlog/idea.md: gave it id 6 and renamed it to backlog/6-idea.md");
    expect(frontmatter(dir, 6)).toMatchObject({ id: 6, depends: [98] });
  });

  it.sequential("says there is nothing wrong on a clean backlog (exit 0)", async () => {
    const clean = backlogRepo();
    try {
      await cli(clean.dir, ["init"]);
      await cli(clean.dir, ["add", "All", "good"]);
      expect(await cli(clean.dir, ["doctor"])).toBe("No problems.\n");
      expect(await cliJson<DoctorJson>(clean.dir, ["doctor"])).toEqual({ problems: [] });
    } finally {
      clean.cleanup();
    }
  });
});
