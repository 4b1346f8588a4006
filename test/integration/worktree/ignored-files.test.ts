import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli, cliJson, runCli } from "../../helpers/cli.js";
import { git } from "../../helpers/git-repo.js";
import { addTask, AGENT_A, commitWork, project, startInWorktree } from "./setup.js";

/** Ignored files in a task worktree git-backlog made: kept unless all disposable (`worktree.disposable`) or forced with `prune --force`. */

interface Cleanup { branch: string; path: string; state: string; removed: boolean; reason?: string }

let repo: ReturnType<typeof project>;
beforeEach(() => {
  repo = project();
  writeFileSync(join(repo.dir, ".gitignore"), [".env", "*.local", "node_modules/", "dist/", "vendor/", ""].join("\n"));
  git(repo.dir, "add", ".gitignore");
  git(repo.dir, "commit", "-q", "-m", "ignores");
});
afterEach(() => repo.cleanup());

/** A task worktree with one commit, merged into main: safe to remove but for what is left in it. */
async function mergedWork(title: string): Promise<{ id: number; path: string; branch: string }> {
  const id = await addTask(repo.dir, title);
  const { path, branch } = await startInWorktree(repo.dir, id);
  commitWork(path, `src/${id}.txt`);
  git(repo.dir, "merge", "-q", "--no-edit", branch);
  return { id, path, branch };
}

function put(dir: string, file: string, text = "x\n"): void {
  mkdirSync(join(dir, file, ".."), { recursive: true });
  writeFileSync(join(dir, file), text);
}

describe("ignored files in a task worktree", () => {
  it("keep it at done and at prune, naming them; prune --force removes it with them and keeps the branch", async () => {
    const { id, path, branch } = await mergedWork("Has a secret");
    put(path, ".env", "TOKEN=1\n");
    put(path, "node_modules/pkg/index.js");

    const done = await cliJson<{ status: string; cleanup: Cleanup }>(repo.dir, ["done", String(id)], AGENT_A);
    expect(done.status).toBe("done");
    expect(done.cleanup).toMatchObject({ removed: false, reason: expect.stringContaining("ignored files git would delete with it: .env") as unknown });
    expect(done.cleanup.reason).not.toContain("node_modules");
    expect(readFileSync(join(path, ".env"), "utf8")).toBe("TOKEN=1\n");

    expect(await cli(repo.dir, ["prune"])).toContain(`Kept worktree ${path}: it holds ignored files git would delete with it: .env`);
    expect(existsSync(join(path, ".env"))).toBe(true);

    expect(await cliJson<Cleanup[]>(repo.dir, ["prune", "--force"])).toEqual([{ branch, path, state: "present", removed: true }]);
    expect(existsSync(path)).toBe(false);
    expect(git(repo.dir, "branch", "--list", branch)).toContain(branch);
  });

  it("that are all disposable by default (node_modules, dist) do not keep it", async () => {
    const { id, path } = await mergedWork("Only build output");
    put(path, "node_modules/pkg/index.js");
    put(path, "packages/web/dist/app.js");
    const done = await cliJson<{ cleanup: Cleanup }>(repo.dir, ["done", String(id)], AGENT_A);
    expect(done.cleanup).toMatchObject({ path, removed: true });
    expect(existsSync(path)).toBe(false);
  });

  it("are named, the first few, with how many more", async () => {
    const { id, path } = await mergedWork("Many secrets");
    for (const name of ["a", "b", "c", "d", "e", "f", "g"]) put(path, `${name}.local`);
    const text = await cli(repo.dir, ["done", String(id)], AGENT_A);
    expect(text).toContain("it holds ignored files git would delete with it: a.local, b.local, c.local, d.local, e.local and 2 more");
    expect(text).toContain("`git-backlog prune --force`");
  });

  describe("with `worktree.disposable` in the config", () => {
    beforeEach(() => {
      writeFileSync(join(repo.dir, ".backlog"), "worktree:\n  disposable: [vendor, .env]\n");
      git(repo.dir, "add", ".backlog");
      git(repo.dir, "commit", "-q", "-m", "config");
    });

    it("that are all in its list do not keep it", async () => {
      const { id, path } = await mergedWork("Vendor and env are disposable");
      put(path, "vendor/lib.js");
      put(path, ".env");
      expect(await cliJson<{ cleanup: Cleanup }>(repo.dir, ["done", String(id)], AGENT_A)).toMatchObject({ cleanup: { removed: true } });
      expect(existsSync(path)).toBe(false);
    });

    it("that were only in the default list keep it: the list replaces the default", async () => {
      const { id, path } = await mergedWork("node_modules is not, now");
      put(path, "node_modules/pkg/index.js");
      const done = await cliJson<{ cleanup: Cleanup }>(repo.dir, ["done", String(id)], AGENT_A);
      expect(done.cleanup).toMatchObject({ removed: false, reason: expect.stringContaining("ignored files git would delete with it: node_modules/;") as unknown });
      expect(existsSync(join(path, "node_modules/pkg/index.js"))).toBe(true);
    });
  });

  it("prune --force still keeps untracked files and unmerged work", async () => {
    const { id, path } = await mergedWork("Untracked beside ignored");
    put(path, ".env");
    put(path, "notes.txt", "draft\n");
    await cli(repo.dir, ["done", String(id)], AGENT_A);
    expect(await cli(repo.dir, ["prune", "--force"])).toContain(`Kept worktree ${path}: it has uncommitted changes or untracked files`);
    expect(readFileSync(join(path, "notes.txt"), "utf8")).toBe("draft\n");
    expect(existsSync(join(path, ".env"))).toBe(true);
  });

  it("a bad `worktree.disposable` entry is refused, naming it", async () => {
    writeFileSync(join(repo.dir, ".backlog"), "worktree:\n  disposable: [node_modules, ../secrets]\n");
    const result = await runCli(repo.dir, ["list"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("worktree.disposable");
    expect(result.stderr).toContain('"../secrets"');
  });
});
