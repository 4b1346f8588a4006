import { execFileSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli, frontmatter, runJson, taskFiles } from "../../helpers/cli.js";
import { GIT_TEST_ENV, tempDir } from "../../helpers/git-repo.js";
import { at, mergeRepo, type MergeRepo } from "./merge-repo.js";

interface DoctorJson {
  problems: { file: string; code: string }[];
  fixed?: { path: string; action: string }[];
}

/** Two clones hand out id 2 each; merging one into the other brings both files together. */
describe("duplicate ids from another clone", () => {
  let repo: MergeRepo;
  let other: { dir: string; cleanup: () => void };
  beforeEach(async () => {
    repo = await mergeRepo();
    await cli(repo.dir, ["add", "Base", "task"], at("2026-11-18T09:00:00Z"));
    other = tempDir();
    execFileSync("git", ["clone", "-q", repo.dir, "clone"], { cwd: other.dir, env: GIT_TEST_ENV });
    const clone = `${other.dir}/clone`;
    await cli(repo.dir, ["add", "Ours", "two"], at("2026-11-18T10:00:00Z"));
    await cli(clone, ["add", "Theirs", "two"], at("2026-11-18T11:00:00Z"));
    await cli(clone, ["add", "Theirs", "three", "depends:2", "parent:2", "related:1,2"], at("2026-11-18T12:00:00Z"));
    repo.git("pull", "-q", "--no-rebase", "--no-edit", clone, "main");
  });
  afterEach(() => {
    repo.cleanup();
    other.cleanup();
  });

  it("doctor reports them, doctor --fix renumbers the newer task and its references in one commit", async () => {
    expect(taskFiles(repo.dir)).toEqual(["1-base-task.md", "2-ours-two.md", "2-theirs-two.md", "3-theirs-three.md"]);
    const report = await runJson<DoctorJson>(repo.dir, ["doctor"]);
    expect(report.json.problems.filter((problem) => problem.code === "duplicate-id").map((problem) => problem.file).sort()).toEqual([
      "backlog/2-ours-two.md",
      "backlog/2-theirs-two.md",
    ]);

    const before = repo.git("rev-parse", "HEAD");
    const fixed = await runJson<DoctorJson>(repo.dir, ["doctor", "--fix"]);
    expect(fixed.code).toBe(0);
    expect(fixed.json.problems).toEqual([]);
    expect(taskFiles(repo.dir)).toEqual(["1-base-task.md", "2-ours-two.md", "3-theirs-three.md", "4-theirs-two.md"]);
    expect(frontmatter(repo.dir, 2).title).toBe("Ours two");
    expect(frontmatter(repo.dir, 4)).toMatchObject({ id: 4, title: "Theirs two" });
    expect(frontmatter(repo.dir, 3)).toMatchObject({ depends: [4], related: [1, 4], parent: 4 });

    expect(repo.git("rev-parse", "HEAD~1")).toBe(before);
    expect(repo.git("diff", "--name-status", "-M", "HEAD~1", "HEAD").split("\n").sort()).toEqual([
      "M\tbacklog/3-theirs-three.md",
      expect.stringMatching(/^R\d+\tbacklog\/2-theirs-two\.md\tbacklog\/4-theirs-two\.md$/),
    ]);
    expect(repo.git("status", "--porcelain")).toBe("");
  });
});
