import { execFileSync } from "node:child_process";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createGitWriter } from "../../../src/git/git-writer.js";
import { eventually } from "../../helpers/eventually.js";
import { withRunEnvironment } from "../../../src/service/run-environment.js";
import { cleanupAfterEach, git, GIT_TEST_ENV, gitRepo, tempDir } from "../../helpers/git-repo.js";

/**
 * The second net (index-repair.ts): a git command that read the index before an operation and
 * wrote it back after leaves the operation's entries out; the writer puts them back a moment
 * later, also when more operations of ours came in between.
 */

const track = cleanupAfterEach();
const REAL_GIT = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
const task = (id: number): string => `---\nid: ${id}\ntitle: T${id}\nstatus: pending\n---\n`;
const record = (id: number) => ({ op: "add", subject: `add #${id}`, taskIds: [id], agent: "t" });

/** What a `git status` that read the index at `bytes` does when it writes back: a new file renamed over the index. */
function writeBackStale(dir: string, bytes: Buffer): void {
  writeFileSync(join(dir, ".git", "index.stale"), bytes);
  renameSync(join(dir, ".git", "index.stale"), join(dir, ".git", "index"));
}

describe("a stale index written back after an operation", () => {
  it("is put right: the operation's entry is staged again and git status is clean", async () => {
    const dir = track(gitRepo()).dir;
    const writer = await createGitWriter({ cwd: dir, repairDelayMs: 100 });
    const before = readFileSync(join(dir, ".git", "index"));
    await writer.apply([{ path: "backlog/1-a.md", content: task(1) }], record(1));
    writeBackStale(dir, before);
    expect(git(dir, "ls-files", "backlog")).toBe("");
    await eventually(() => (git(dir, "ls-files", "backlog") === "backlog/1-a.md" ? true : undefined), 4_000);
    expect(git(dir, "status", "--porcelain")).toBe("");
    await writer.close();
  });

  it("is put right when another operation of ours copied the stale index before the look", async () => {
    const dir = track(gitRepo()).dir;
    const writer = await createGitWriter({ cwd: dir, repairDelayMs: 400 });
    const before = readFileSync(join(dir, ".git", "index"));
    await writer.apply([{ path: "backlog/1-a.md", content: task(1) }], record(1));
    writeBackStale(dir, before);
    // The next operation refreshes only its own entry, on a copy of the stale index.
    await writer.apply([{ path: "backlog/2-b.md", content: task(2) }], record(2));
    expect(git(dir, "ls-files", "backlog").split("\n")).toEqual(["backlog/2-b.md"]);
    await eventually(() => (git(dir, "ls-files", "backlog").split("\n").length === 2 ? true : undefined), 4_000);
    expect(git(dir, "status", "--porcelain")).toBe("");
    await writer.close();
  });

  it("is not looked for with git when only operations of ours replaced the index since", async () => {
    const dir = track(gitRepo()).dir;
    // git behind a shim that notes each command, in the environment the engine runs git in.
    const bin = track(tempDir()).dir;
    const log = join(bin, "log");
    writeFileSync(join(bin, "git"), `#!/bin/sh\necho "$*" >> "${log}"\nexec ${REAL_GIT} "$@"\n`, { mode: 0o755 });
    const env = { ...GIT_TEST_ENV, PATH: `${bin}:${process.env.PATH ?? ""}` };
    await withRunEnvironment(env, async () => {
      const writer = await createGitWriter({ cwd: dir, repairDelayMs: 200 });
      for (let id = 1; id <= 3; id++) await writer.apply([{ path: `backlog/${id}-t.md`, content: task(id) }], record(id));
      await writer.close();
    });
    const commands = readFileSync(log, "utf8").split("\n");
    expect(commands.filter((line) => line.startsWith("update-index"))).toHaveLength(3); // the shim saw the operations
    expect(commands.filter((line) => line.includes("ls-files -s"))).toEqual([]);
    expect(git(dir, "status", "--porcelain")).toBe("");
  });
});
