import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cleanupAfterEach, tempDir } from "../../helpers/git-repo.js";
import { CLI, serverEnv } from "./server.js";

const track = cleanupAfterEach();

/** Runs `git-backlog mcp` with stdin held open, as a client would, until it exits by itself. */
function runServer(cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "mcp"], { cwd, env: serverEnv(), stdio: ["pipe", "pipe", "pipe"] });
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
  it("outside a git repository", async () => {
    const { dir } = track(tempDir());
    const result = await runServer(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .* is not inside a git repository.*git init.*commit: false/s);
    expect(readdirSync(dir)).toEqual([]);
  });
});
