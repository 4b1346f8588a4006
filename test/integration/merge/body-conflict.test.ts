import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli, parseFrontmatter, runJson } from "../../helpers/cli.js";
import { at, mergeRepo, type MergeRepo } from "./merge-repo.js";

interface DoctorJson {
  problems: { file: string; line: number | null; code: string; message: string }[];
}

describe("a conflict in the body of a task", () => {
  let repo: MergeRepo;
  const path = "backlog/1-session-store.md";
  const edit = (from: string, to: string): void => {
    const file = join(repo.dir, path);
    writeFileSync(file, readFileSync(file, "utf8").replace(from, to));
  };
  beforeEach(async () => {
    repo = await mergeRepo();
    await cli(repo.dir, ["add", "Session", "store", "--body", "Pick a store.\n\nKeep it simple."]);
    repo.git("checkout", "-q", "-b", "side");
  });
  afterEach(() => repo.cleanup());

  it("puts markers only in the body, merges the fields, and doctor names the lines", async () => {
    edit("Pick a store.", "Pick Redis.");
    repo.git("commit", "-q", "-am", "theirs");
    await cli(repo.dir, ["modify", "1", "+redis"], at("2026-11-18T11:00:00Z"));
    repo.git("checkout", "-q", "main");
    edit("Pick a store.", "Pick Postgres.");
    repo.git("commit", "-q", "-am", "ours");
    await cli(repo.dir, ["modify", "1", "priority:H"], at("2026-11-18T12:00:00Z"));

    const merge = repo.tryGit("merge", "--no-edit", "side");
    expect(merge.code).toBe(1);
    expect(merge.output).toContain("conflict in the task's description");
    const text = readFileSync(join(repo.dir, path), "utf8");
    const [, frontmatterText = "", body = ""] = text.split(/^---\n/m);
    expect(frontmatterText).not.toMatch(/<{7}|={7}|>{7}/);
    expect(body).toBe("<<<<<<< ours\nPick Postgres.\n=======\nPick Redis.\n>>>>>>> theirs\n\nKeep it simple.\n");
    expect(parseFrontmatter(text)).toMatchObject({ tags: ["redis"], priority: "H" });

    const doctor = await runJson<DoctorJson>(repo.dir, ["doctor"]);
    expect(doctor.code).toBe(1);
    const markers = doctor.json.problems.filter((problem) => problem.code === "conflict-markers");
    expect(markers.map((problem) => problem.line)).toEqual([text.split("\n").indexOf("<<<<<<< ours") + 1, text.split("\n").indexOf(">>>>>>> theirs") + 1]);
    expect(markers[0]?.message).toContain("resolve the conflict");
  });

  it("falls back to git's line merge when a side is not a valid task", () => {
    edit("title: Session store", "title: [broken");
    repo.git("commit", "-q", "-am", "theirs breaks it");
    repo.git("checkout", "-q", "main");
    edit("title: Session store", "title: Session storage");
    repo.git("commit", "-q", "-am", "ours");
    const merge = repo.tryGit("merge", "--no-edit", "side");
    expect(merge.code).toBe(1);
    expect(readFileSync(join(repo.dir, path), "utf8")).toContain("<<<<<<< ours\ntitle: Session storage\n=======\ntitle: [broken\n>>>>>>> theirs\n");
  });
});
