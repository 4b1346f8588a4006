import { execFileSync, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { cli } from "../../helpers/cli.js";
import { backlogRepo, CLI, serverEnv } from "./server.js";

/**
 * A FIFO read at start (a prompt override, `.backlog`) blocked the server before it could answer
 * `initialize`. Every step here has a deadline, and a server that misses one is killed, so a hang
 * fails the test instead of holding the suite.
 */

const DEADLINE_MS = 20_000;

function mkfifo(path: string): void {
  execFileSync("mkfifo", [path]);
}

async function within<T>(what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${DEADLINE_MS} ms`)), DEADLINE_MS);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

function repoWithTask(): Promise<string> {
  const repo = backlogRepo();
  cleanups.push(() => repo.cleanup());
  return cli(repo.dir, ["add", "Regular", "task"]).then(() => repo.dir);
}

describe("the MCP server beside things that are not regular files", () => {
  it("answers initialize, ping and task_list with a FIFO task file and a FIFO prompt", async () => {
    const dir = await repoWithTask();
    mkfifo(join(dir, "backlog", "2-pipe.md"));
    mkdirSync(join(dir, "backlog", "prompts"));
    mkfifo(join(dir, "backlog", "prompts", "plan.md"));
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, "mcp"], cwd: dir, env: serverEnv(), stderr: "pipe" });
    let stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const client = new Client({ name: "test-agent", version: "1.0.0" });
    const pid = (): number | null => transport.pid;
    cleanups.push(async () => {
      const running = pid();
      await client.close().catch(() => undefined);
      // A server stuck on a FIFO does not stop when its stdin closes.
      try {
        if (running) process.kill(running, "SIGKILL");
      } catch {
        // it has exited
      }
    });
    await within("initialize", client.connect(transport));
    await within("ping", client.ping());
    const list = await within("task_list", client.callTool({ name: "task_list", arguments: {} }));
    expect(list.isError).toBeFalsy();
    const listed = list.structuredContent as { tasks: { id: number }[]; note?: string };
    expect(listed.tasks.map((task) => task.id)).toEqual([1]);
    expect(listed.note).toContain("backlog/2-pipe.md");
    const doctor = await within("task_doctor", client.callTool({ name: "task_doctor", arguments: {} }));
    expect(JSON.stringify(doctor.structuredContent)).toMatch(/backlog\/2-pipe\.md.*not-a-regular-file/);
    const { prompts } = await within("prompts/list", client.listPrompts());
    expect(prompts.map((prompt) => prompt.name)).not.toContain("plan");
    expect(stderr).toMatch(/prompt "plan" is left out: backlog\/prompts\/plan\.md: it is a FIFO/);
  });

  it("stops at once, naming it, when .backlog is a FIFO", async () => {
    const dir = await repoWithTask();
    mkfifo(join(dir, ".backlog"));
    const child = spawn(process.execPath, [CLI, "mcp"], { cwd: dir, env: serverEnv(), stdio: ["pipe", "pipe", "pipe"] });
    cleanups.push(() => void (child.exitCode === null && child.kill("SIGKILL")));
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const code = await within("exit", new Promise<number | null>((resolve) => child.on("exit", resolve)));
    expect(code).toBe(1);
    expect(stderr).toMatch(/\.backlog: it is a FIFO/);
  });
});
