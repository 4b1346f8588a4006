import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitWriter, type GitWriter } from "../../../src/git/git-writer.js";
import { cleanupAfterEach, git, gitRepo, tempDir } from "../../helpers/git-repo.js";

/**
 * What deciding "git converts nothing here" costs a write: no git process at all in the usual
 * repository, `git check-attr` once per path while the attribute files stay the same (and the
 * decision is made again when one changes), and under a conversion a long-running writer does
 * not ask git again about the file it wrote last.
 * Counted with a `git` on PATH that logs its arguments before running the real one.
 */

const track = cleanupAfterEach();
let log = "";
let restorePath: string | undefined;

beforeAll(() => {
  const bin = tempDir("git-backlog-gitlog-");
  const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
  log = join(bin.dir, "log");
  writeFileSync(join(bin.dir, "git"), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${realGit}' "$@"\n`);
  chmodSync(join(bin.dir, "git"), 0o755);
  restorePath = process.env.PATH;
  process.env.PATH = `${bin.dir}:${restorePath ?? ""}`;
  return bin.cleanup;
});

afterAll(() => {
  process.env.PATH = restorePath;
});

/** The git commands run by `write`, one line of arguments each. */
async function gitRunBy(write: () => Promise<unknown>): Promise<string[]> {
  writeFileSync(log, "");
  await write();
  return readFileSync(log, "utf8").split("\n").filter(Boolean);
}

const task = (id: number, status = "pending"): string => `---\nid: ${id}\ntitle: Task ${id}\nstatus: ${status}\n---\n`;

async function repoWith(attributes: string, config: Array<[string, string]> = []): Promise<{ dir: string; writer: GitWriter; write: (path: string, content: string) => Promise<unknown> }> {
  const made = track(gitRepo());
  for (const [key, value] of config) git(made.dir, "config", key, value);
  writeFileSync(join(made.dir, ".gitattributes"), attributes);
  git(made.dir, "add", ".");
  git(made.dir, "commit", "-q", "-m", "attributes");
  const writer = await createGitWriter({ cwd: made.dir });
  track({ cleanup: () => void writer.close() });
  return { dir: made.dir, writer, write: (path, content) => writer.apply([{ path, content }], { op: "modify", subject: "modify", taskIds: [1] }) };
}

const count = (lines: readonly string[], pattern: RegExp): number => lines.filter((line) => pattern.test(line)).length;
const CONVERTING = /check-attr|checkout-index|cat-file|hash-object|ls-files -s/;

describe("the cost of git's content conversions to a write", () => {
  it("starts no git process beyond the commit's own when no attribute file mentions a conversion", async () => {
    const { write } = await repoWith("backlog/*.md merge=backlog\n");
    const ran = await gitRunBy(() => write("backlog/1-a.md", task(1)));
    expect(ran.filter((line) => CONVERTING.test(line))).toEqual([]);
    expect(count(ran, /update-index/)).toBe(1);
  });

  it("asks git check-attr once per path, again once an attribute file changes", async () => {
    const { dir, write } = await repoWith("*.sh text eol=lf\n");
    const first = await gitRunBy(() => write("backlog/1-a.md", task(1)));
    expect(count(first, /check-attr/)).toBe(1);
    expect(count(first, /update-index/)).toBe(1); // .md files are not converted here: written in process
    expect(count(await gitRunBy(() => write("backlog/1-a.md", task(1, "active"))), /check-attr/)).toBe(0);
    expect(count(await gitRunBy(() => write("backlog/2-b.md", task(2))), /check-attr/)).toBe(1);
    writeFileSync(join(dir, "backlog", ".gitattributes"), "*.bat text eol=crlf\n");
    expect(count(await gitRunBy(() => write("backlog/1-a.md", task(1, "done"))), /check-attr/)).toBe(1);
  });

  it("sees an attribute added to .git/info/attributes at the next write of a long-running writer", async () => {
    const { dir, write } = await repoWith("backlog/*.md merge=backlog\n");
    await write("backlog/1-a.md", task(1));
    mkdirSync(join(dir, ".git", "info"), { recursive: true });
    writeFileSync(join(dir, ".git", "info", "attributes"), "backlog/*.md text eol=crlf\n");
    await write("backlog/1-a.md", task(1, "active"));
    expect(readFileSync(join(dir, "backlog/1-a.md"), "utf8")).toBe(task(1, "active").replace(/\n/g, "\r\n"));
    expect(git(dir, "cat-file", "blob", "HEAD:backlog/1-a.md")).not.toContain("\r");
    expect(git(dir, "status", "--porcelain")).toBe("");
  });

  it("under core.autocrlf, asks git once to store the next write of the file it wrote last", async () => {
    const { write } = await repoWith("", [["core.autocrlf", "true"]]);
    await write("backlog/1-a.md", task(1));
    const ran = await gitRunBy(() => write("backlog/1-a.md", task(1, "active")));
    expect(count(ran, /safecrlf=false update-index/)).toBe(1);
    expect(count(ran, /checkout-index/)).toBe(1);
  });
});
