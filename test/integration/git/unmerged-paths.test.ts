import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readUnmergedPaths } from "../../../src/git/unmerged-paths.js";
import { GIT_TEST_ENV, cleanupAfterEach, git, gitRepo } from "../../helpers/git-repo.js";

const track = cleanupAfterEach();

/** What git itself lists as unmerged. */
function gitUnmerged(dir: string): string[] {
  const out = git(dir, "ls-files", "-u", "-z");
  return [...new Set(out.split("\0").filter(Boolean).map((record) => record.slice(record.indexOf("\t") + 1)))].sort();
}

/**
 * A repository whose index holds conflicts on task files with long (past the 4,095 bytes an
 * entry's length field holds), deep, non-ASCII and
 * prefix-sharing names (what version 4 compresses), beside clean entries.
 */
function conflictedRepo(): string {
  const { dir } = track(gitRepo());
  const names = ["backlog/1-one.md", "backlog/12-twelve.md", "backlog/12-twelve-b.md", "backlog/ünïcödé-ß.md", "src/deep/er/file.ts"];
  const write = (text: string): void => {
    for (const name of names) {
      mkdirSync(join(dir, name, ".."), { recursive: true });
      writeFileSync(join(dir, name), `${name.length}\n${text}\n`);
    }
  };
  write("base");
  writeFileSync(join(dir, "clean.md"), "clean\n");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "base");
  git(dir, "checkout", "-q", "-b", "theirs");
  write("theirs");
  git(dir, "commit", "-q", "-am", "theirs");
  git(dir, "checkout", "-q", "main");
  write("ours");
  writeFileSync(join(dir, "backlog", "1-one.md"), "not conflicting: same as theirs? no, another text\n");
  git(dir, "commit", "-q", "-am", "ours");
  try {
    git(dir, "merge", "-q", "theirs");
  } catch {
    // the conflicts are the point
  }
  // A path longer than any file system takes, conflicted: written to the index directly.
  const blob = git(dir, "hash-object", "-w", "--stdin");
  const long = `backlog/${`${"d".repeat(200)}/`.repeat(21)}longer-than-4095-bytes.md`;
  execFileSync("git", ["update-index", "--index-info"], { cwd: dir, env: GIT_TEST_ENV, input: [1, 2, 3].map((stage) => `100644 ${blob} ${stage}\t${long}\n`).join("") });
  return dir;
}

describe("readUnmergedPaths", () => {
  it("lists what git ls-files -u lists, in index versions 2, 3 and 4", () => {
    const dir = conflictedRepo();
    const expected = gitUnmerged(dir);
    expect(expected.length).toBeGreaterThan(3);
    for (const version of ["2", "3", "4"]) {
      git(dir, "update-index", "--index-version", version);
      if (version === "3") {
        // An intent-to-add entry carries the extended flags only version 3 and later have.
        writeFileSync(join(dir, "new.md"), "new\n");
        git(dir, "add", "-N", "new.md");
      }
      expect([...(readUnmergedPaths(join(dir, ".git", "index")) ?? [])].sort(), `version ${version}`).toEqual(expected);
    }
  });

  it("finds nothing in a clean index, and nothing when there is no index yet", () => {
    const { dir } = track(gitRepo());
    writeFileSync(join(dir, "a.md"), "a\n");
    git(dir, "add", "a.md");
    expect(readUnmergedPaths(join(dir, ".git", "index"))).toEqual(new Set());
    expect(readUnmergedPaths(join(dir, ".git", "no-index"))).toEqual(new Set());
  });

  it("leaves a split index and a file that is not an index to git", () => {
    const dir = conflictedRepo();
    git(dir, "update-index", "--split-index");
    expect(readUnmergedPaths(join(dir, ".git", "index"))).toBeUndefined();
    writeFileSync(join(dir, ".git", "broken-index"), "DIRC\0\0\0\x02\0\0\0\x05 and then nothing that parses");
    expect(readUnmergedPaths(join(dir, ".git", "broken-index"))).toBeUndefined();
  });
});
