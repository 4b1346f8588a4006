import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, cliEnv, frontmatter } from "../../helpers/cli.js";
import { removeAfter, tempDir } from "../../helpers/git-repo.js";
import { at, mergeRepo, type MergeRepo } from "./merge-repo.js";

/**
 * IDEs and GUI clients run git with a bare PATH (`/usr/bin:/bin`), without the folders where
 * node and git-backlog are installed. The driver `init` registered must still run there.
 */
describe.concurrent("git merge run without the user's PATH", () => {
  // git by its absolute path, so the test does not depend on where this machine keeps it.
  const gitExecPath = execFileSync("git", ["--exec-path"], { encoding: "utf8" }).trim();

  /** A task changed on two branches where a line merge conflicts (both touch `modified`) but a field merge does not. */
  async function diverge(repo: MergeRepo): Promise<void> {
    await cli(repo.dir, ["add", "Session", "store", "+auth"]);
    repo.git("checkout", "-q", "-b", "side");
    await cli(repo.dir, ["modify", "1", "+redis"], at("2026-11-18T11:00:00Z"));
    repo.git("checkout", "-q", "main");
    await cli(repo.dir, ["done", "1"], at("2026-11-18T12:00:00Z"));
  }

  function mergeWithPath(dir: string, path: string): { code: number; output: string } {
    const result = spawnSync(join(gitExecPath, "git"), ["merge", "--no-edit", "side"], { cwd: dir, env: cliEnv({ PATH: path }), encoding: "utf8" });
    return { code: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
  }

  it("merges a task changed on both branches field by field with PATH=/usr/bin:/bin", async ({ onTestFinished }) => {
    const repo = removeAfter(onTestFinished, await mergeRepo());
    await diverge(repo);
    const merge = mergeWithPath(repo.dir, "/usr/bin:/bin");
    expect(merge, merge.output).toMatchObject({ code: 0 });
    expect(frontmatter(repo.dir, 1)).toMatchObject({ status: "done", tags: ["auth", "redis"], modified: "2026-11-18T12:00:00Z" });
    expect(repo.git("status", "--porcelain")).toBe("");
  });

  it("merges field by field when neither node nor git-backlog can be found on PATH", async ({ onTestFinished }) => {
    const repo = removeAfter(onTestFinished, await mergeRepo());
    await diverge(repo);
    const empty = removeAfter(onTestFinished, tempDir("git-backlog-empty-path-"));
    const merge = mergeWithPath(repo.dir, empty.dir);
    expect(merge, merge.output).toMatchObject({ code: 0 });
    expect(frontmatter(repo.dir, 1)).toMatchObject({ status: "done", tags: ["auth", "redis"] });
  });

  it("runs a driver whose path holds spaces, quotes and shell characters", async ({ onTestFinished }) => {
    const repo = removeAfter(onTestFinished, await mergeRepo());
    const home = removeAfter(onTestFinished, tempDir("git-backlog-odd-path-"));
    const bin = join(home.dir, `it's a $HOME "bin" & more`);
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, "node"));
    // init registers node through the link the user's PATH reaches it by.
    await cli(repo.dir, ["init"], { env: { PATH: `${bin}:${gitExecPath}` } });
    expect(repo.git("config", "merge.backlog.driver")).toContain(`'${home.dir}/it'\\''s a $HOME "bin" & more/node'`);
    await diverge(repo);
    const merge = mergeWithPath(repo.dir, "/usr/bin:/bin");
    expect(merge, merge.output).toMatchObject({ code: 0 });
    expect(frontmatter(repo.dir, 1)).toMatchObject({ status: "done", tags: ["auth", "redis"] });
  });
});
