import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acquireLock } from "../../../src/store/lock.js";
import { leftovers } from "../../helpers/git-leftovers.js";
import { cleanupAfterEach, git } from "../../helpers/git-repo.js";
import { startRawServer, toolCall, type RawServer } from "./raw-stdio.js";
import { backlogRepo, eventually, startServerProcess } from "./server.js";

const track = cleanupAfterEach();

/** The ways a client or a supervisor tells the server to stop. */
const STOPS = ["stdin end", "SIGINT", "SIGTERM"] as const;

function stop(server: RawServer, how: (typeof STOPS)[number]): void {
  if (how === "stdin end") server.child.stdin.end();
  else server.child.kill(how);
}

/** Resolves once the writer has started the next commit's index refresh (its copy of the index is in `.git`). */
async function warmCopy(dir: string): Promise<void> {
  await eventually(() => (leftovers(dir).some((name) => name.startsWith("backlog-index-")) ? true : undefined), 20_000);
}

describe("the MCP server's shutdown", () => {
  it.each(STOPS)("on %s after a task_add, exits 0 and leaves nothing in .git", async (how) => {
    const repo = track(backlogRepo());
    const server = startRawServer(repo.dir);
    await server.initialize();
    await server.send(toolCall(1, "task_add", { title: "Written before the end" }));
    expect((await server.reply(1)).result?.isError).toBeUndefined();
    await warmCopy(repo.dir);

    stop(server, how);

    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(leftovers(repo.dir)).toEqual([]);
    expect(server.stderr()).toBe("");
    expect(git(repo.dir, "status", "--porcelain")).toBe("");
  });

  it.each(STOPS)("on %s during a task_add, finishes and answers it, then exits 0 and leaves nothing in .git", async (how) => {
    const repo = track(backlogRepo());
    const server = startRawServer(repo.dir);
    await server.initialize();
    // Another process's operation holds the lock, so the call is still in flight when the stop comes.
    const release = await acquireLock(join(repo.dir, ".git", "backlog.lock"));
    await server.send(toolCall(1, "task_add", { title: "In flight at the end" }));
    await server.send({ jsonrpc: "2.0", id: 2, method: "ping" });
    await server.reply(2); // answered in order: the task_add has been read and is waiting for the lock

    stop(server, how);
    await release();

    const reply = await server.reply(1);
    expect(reply.result?.structuredContent).toMatchObject({ task: { id: 1, title: "In flight at the end" } });
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(git(repo.dir, "log", "-1", "--format=%s")).toBe("backlog: add #1 In flight at the end");
    expect(leftovers(repo.dir)).toEqual([]);
    expect(git(repo.dir, "status", "--porcelain")).toBe("");
  });

  it("when the client has gone (both pipes closed) during a task_add, still commits it, exits 0 and leaves nothing in .git", async () => {
    const repo = track(backlogRepo());
    const server = startRawServer(repo.dir);
    await server.initialize();
    const release = await acquireLock(join(repo.dir, ".git", "backlog.lock"));
    await server.send(toolCall(1, "task_add", { title: "Nobody reads the answer" }));
    await server.send({ jsonrpc: "2.0", id: 2, method: "ping" });
    await server.reply(2);

    server.child.stdout.destroy(); // the answer will meet a closed pipe
    server.child.stdin.end();
    await release();

    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(git(repo.dir, "log", "-1", "--format=%s")).toBe("backlog: add #1 Nobody reads the answer");
    expect(leftovers(repo.dir)).toEqual([]);
    expect(git(repo.dir, "status", "--porcelain")).toBe("");
  });

  it("leaves nothing in .git once the SDK client has closed", async () => {
    const repo = track(backlogRepo());
    const session = await startServerProcess(repo.dir);
    await session.call("task_add", { title: "Through the SDK" });
    await warmCopy(repo.dir);

    await session.close();

    expect(leftovers(repo.dir)).toEqual([]);
    expect(session.stderr()).toBe("");
  });
});
