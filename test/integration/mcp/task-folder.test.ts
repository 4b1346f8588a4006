import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanupAfterEach, git, gitRepo, tempDir } from "../../helpers/git-repo.js";
import { backlogRepo, CLI, serverEnv, startServerProcess } from "./server.js";

const track = cleanupAfterEach();

const INITIALIZE = `${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "c", version: "1" } } })}\n`;

/**
 * Runs `git-backlog mcp` with stdin held open, as a client would, until it exits by itself; with
 * `initialize`, the client's first message is sent too (it offers no roots).
 */
function runServer(cwd: string, options: { initialize?: boolean } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "mcp"], { cwd, env: serverEnv(), stdio: ["pipe", "pipe", "pipe"] });
    if (options.initialize) child.stdin.write(INITIALIZE);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the server kept running; stderr: ${stderr}`));
    }, 15_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("the MCP server refuses to start, on stderr with exit 1, where no backlog can be", () => {
  it("a task folder that is a symbolic link", async () => {
    const { dir } = track(gitRepo());
    const outside = track(tempDir()).dir;
    symlinkSync(outside, join(dir, "backlog"));
    const result = await runServer(dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^error: backlog is a symbolic link \(to .+\): the task folder must be a real folder of this repository/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(outside)).toEqual([]);
  });

  it("outside a git repository, once the client's initialize shows it offers no roots to look in instead", async () => {
    const { dir } = track(tempDir());
    const result = await runServer(dir, { initialize: true });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^error: .* is not inside a git repository.*git init.*commit: false/s);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("outside a git repository, at once when started on a terminal (a person, not a client)", async () => {
    const { dir } = track(tempDir());
    const script = ["/usr/bin/script", "/bin/script"].find((path) => existsSync(path)) ?? "/usr/bin/script";
    // util-linux `script` gives the server a terminal as stdin, held open: nothing is typed.
    const child = spawn(script, ["-qec", `'${process.execPath}' '${CLI}' mcp`, "/dev/null"], { cwd: dir, env: serverEnv({ SHELL: "/bin/sh", NO_COLOR: "1" }), stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`the server kept waiting on the terminal; output: ${output}`));
      }, 15_000);
      child.on("close", (exit) => {
        clearTimeout(timer);
        resolve(exit);
      });
    });
    expect(code).toBe(1);
    expect(output).toMatch(/error: .* is not inside a git repository/);
  });
});

const SECRET = "---\ndescription: Not ours.\n---\nSECRET CONTENT\n";

describe("while the MCP server runs", () => {
  it("refuses a write, as an error result, once backlog/ has become a symbolic link", async () => {
    const { dir } = track(backlogRepo());
    const outside = track(tempDir()).dir;
    const mcp = await startServerProcess(dir);
    try {
      await mcp.call("task_add", { title: "Before" });
      const moved = join(outside, "tasks");
      renameSync(join(dir, "backlog"), moved);
      symlinkSync(moved, join(dir, "backlog"));
      const message = await mcp.fail("task_add", { title: "Escape" });
      expect(message).toMatch(/backlog is a symbolic link \(to .+\): the task folder must be a real folder of this repository/);
      expect(readdirSync(moved)).toEqual(["1-before.md"]);
      expect(existsSync(join(dir, ".git", "backlog-journal.json"))).toBe(false);
      expect(existsSync(join(dir, ".git", "index.lock"))).toBe(false);
      expect(git(dir, "log", "--format=%s")).toBe("backlog: add #1 Before\ninitial");
    } finally {
      await mcp.close();
    }
    git(dir, "commit", "-q", "--allow-empty", "-m", "the user's own commit");
  });

  it("never serves a prompt file that is a symbolic link", async () => {
    const { dir } = track(backlogRepo());
    const outside = track(tempDir()).dir;
    writeFileSync(join(outside, "secret.md"), SECRET);
    mkdirSync(join(dir, "backlog", "prompts"));
    symlinkSync(join(outside, "secret.md"), join(dir, "backlog", "prompts", "leak.md"));
    writeFileSync(join(dir, "backlog", "prompts", "ours.md"), "---\ndescription: Ours.\n---\nOur own prompt.\n");
    const mcp = await startServerProcess(dir);
    try {
      const { prompts } = await mcp.client.listPrompts();
      expect(prompts.map((prompt) => prompt.name)).toContain("ours");
      expect(prompts.map((prompt) => prompt.name)).not.toContain("leak");
      expect(mcp.stderr()).toMatch(/prompt "leak" is left out: backlog\/prompts\/leak\.md: it is a symbolic link/);
      await expect(mcp.client.getPrompt({ name: "leak" })).rejects.toThrow();
      // Replaced by a link after the start: refused on prompts/get, the target never read.
      rmSync(join(dir, "backlog", "prompts", "ours.md"));
      symlinkSync(join(outside, "secret.md"), join(dir, "backlog", "prompts", "ours.md"));
      const refused = await mcp.client.getPrompt({ name: "ours" }).then(
        (result) => JSON.stringify(result),
        (error: unknown) => `rejected: ${(error as Error).message}`,
      );
      expect(refused).toMatch(/^rejected: .*backlog\/prompts\/ours\.md: it is a symbolic link/);
      expect(refused).not.toContain("SECRET");
    } finally {
      await mcp.close();
    }
  });
});
