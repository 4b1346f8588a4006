import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mergeRepo, type MergeRepo } from "./merge-repo.js";

/** A Latin-1 task file (`é` is the byte 0xE9), its fields far enough apart for git's line merge. */
const latin1 = (priority: string, tags: string): Buffer =>
  Buffer.from(`---\nid: 1\ntitle: Caf\u00e9 menu\nstatus: pending\npriority: ${priority}\nproject: kitchen\nassignee: dana\ntags: [${tags}]\n---\nR\u00e9sum\u00e9 of the menu.\n`, "latin1");

const REPLACEMENT = Buffer.from("\uFFFD", "utf8");

describe("merging a task file that is not valid UTF-8", () => {
  let repo: MergeRepo;
  const path = "backlog/1-cafe-menu.md";
  const save = (bytes: Buffer, message: string): void => {
    writeFileSync(join(repo.dir, path), bytes);
    repo.git("add", path);
    repo.git("commit", "-q", "-m", message);
  };
  beforeEach(async () => {
    repo = await mergeRepo();
    save(latin1("M", "menu"), "a task saved in Latin-1");
    repo.git("checkout", "-q", "-b", "side");
  });
  afterEach(() => repo.cleanup());

  it("merges the raw bytes line by line, with no replacement characters, when neither side changed the body", () => {
    save(latin1("H", "menu"), "theirs: priority");
    repo.git("checkout", "-q", "main");
    save(latin1("M", "menu, lunch"), "ours: tags");
    repo.git("merge", "-q", "--no-edit", "side");
    const expected = latin1("H", "menu, lunch");
    const blob = execFileSync("git", ["cat-file", "blob", `HEAD:${path}`], { cwd: repo.dir });
    expect(blob.includes(REPLACEMENT)).toBe(false);
    expect(blob.equals(expected)).toBe(true);
    expect(readFileSync(join(repo.dir, path)).equals(expected)).toBe(true);
    expect(repo.git("status", "--porcelain")).toBe("");
  });

  it("leaves a conflict for the user, still in the file's own bytes, when both sides changed the same line", () => {
    save(latin1("H", "menu"), "theirs: priority H");
    repo.git("checkout", "-q", "main");
    save(latin1("L", "menu"), "ours: priority L");
    const merge = repo.tryGit("merge", "--no-edit", "side");
    expect(merge.code).toBe(1);
    expect(merge.output).toContain("not valid UTF-8");
    const text = readFileSync(join(repo.dir, path));
    expect(text.includes(REPLACEMENT)).toBe(false);
    expect(text.toString("latin1")).toContain("<<<<<<< ours\npriority: L\n=======\npriority: H\n>>>>>>> theirs\n");
    expect(text.toString("latin1")).toContain("title: Caf\u00e9 menu\n");
  });
});
