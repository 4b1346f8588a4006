import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git } from "../../helpers/git-repo.js";
import { startRawServer, toolCall, type RawServer } from "./raw-stdio.js";
import { backlogRepo, startServerProcess } from "./server.js";

/** The SDK's limit on one message, which the server keeps. */
const LIMIT = 10 * 1024 * 1024;

let repo: { dir: string; cleanup: () => void };
let server: RawServer;
let pings = 0;

beforeAll(async () => {
  repo = backlogRepo();
  server = startRawServer(repo.dir);
  await server.initialize();
});

afterAll(async () => {
  server.child.stdin.end();
  await server.exited;
  repo.cleanup();
});

/** The server still reads and answers what comes after. */
async function stillServing(): Promise<void> {
  const id = `ping-${++pings}`;
  await server.send({ jsonrpc: "2.0", id, method: "ping" });
  expect(await server.reply(id)).toEqual({ jsonrpc: "2.0", id, result: {} });
}

/** The next error reply with this id that the test has not looked at yet. */
async function errorFor(id: unknown, before: number): Promise<{ code: number; message: string }> {
  const reply = await server.next((candidate) => server.replies.indexOf(candidate) >= before && candidate.id === id && "error" in candidate);
  return reply.error!;
}

describe("a line that is not a valid message gets a JSON-RPC error, and the server goes on", () => {
  it("JSON that does not parse: Parse error, id null", async () => {
    const before = server.replies.length;
    await server.write('{"jsonrpc": "2.0", "id": 1, "method": "ping"\n');
    expect(await errorFor(null, before)).toMatchObject({ code: -32700, message: expect.stringMatching(/^Parse error: /) });
    await stillServing();
  });

  it.each([
    ['"params": null', { jsonrpc: "2.0", id: 11, method: "tools/list", params: null }, 11, /"params" must be an object/],
    ["an id but no method", { jsonrpc: "2.0", id: 12 }, 12, /needs "method"/],
    ['"jsonrpc": "1.0"', { jsonrpc: "1.0", id: 13, method: "ping" }, 13, /"jsonrpc" must be "2.0", not "1.0"/],
    ["no jsonrpc member", { id: "no-version", method: "ping" }, "no-version", /"jsonrpc" must be "2.0", not missing/],
    ["a method that is not a string", { jsonrpc: "2.0", id: 14, method: 7 }, 14, /"method" must be a string/],
    ["an id that is an object (answered with id null)", { jsonrpc: "2.0", id: { n: 1 }, method: "ping" }, null, /"id" must be a string or an integer/],
    ["a batch", [{ jsonrpc: "2.0", id: 15, method: "ping" }], null, /batches are not supported/],
    ["a JSON value that is not an object", 42, null, /a message is a JSON object/],
  ])("%s: Invalid Request, to the message's id when it has one", async (_case, message, id, words) => {
    const before = server.replies.length;
    await server.send(message);
    const error = await errorFor(id, before);
    expect(error.code).toBe(-32600);
    expect(error.message).toMatch(/^Invalid Request: /);
    expect(error.message).toMatch(words);
    await stillServing();
  });

  it("a line over the 10 MiB limit: Invalid Request to its id (written last, as the SDK's client does), nothing done, and the next request is served", async () => {
    const head = git(repo.dir, "rev-parse", "HEAD");
    const before = server.replies.length;
    const call = { jsonrpc: "2.0", method: "tools/call", params: { name: "task_add", arguments: { title: "Huge", body: "x".repeat(LIMIT + 1000) } }, id: 21 };
    await server.send(call);
    const error = await errorFor(21, before);
    expect(error.code).toBe(-32600);
    expect(error.message).toMatch(new RegExp(`^Invalid Request: the message is \\d+ bytes; the limit is ${LIMIT}\\.`));
    await stillServing();
    await server.send(toolCall(22, "task_add", { title: "Small" }));
    expect((await server.reply(22)).result?.structuredContent).toMatchObject({ task: { id: 1, title: "Small" } });
    expect(git(repo.dir, "rev-list", "--count", `${head}..HEAD`)).toBe("1");
  });

  it("a line over the limit that arrives in many small writes is answered once its newline comes", async () => {
    const before = server.replies.length;
    const text = JSON.stringify({ jsonrpc: "2.0", id: "chunked", method: "tools/call", params: { name: "task_add", arguments: { title: "Chunked", body: "y".repeat(LIMIT) } } });
    for (let at = 0; at < text.length; at += 1 << 20) await server.write(text.slice(at, at + (1 << 20)));
    await server.write("\n");
    expect((await errorFor("chunked", before)).code).toBe(-32600);
    await stillServing();
  });
});

describe("the SDK client", () => {
  it("gets the size error for a call over the limit at once, and its session goes on", async () => {
    const other = backlogRepo();
    const session = await startServerProcess(other.dir);
    try {
      await expect(session.client.callTool({ name: "task_add", arguments: { title: "Huge", body: "z".repeat(LIMIT) } })).rejects.toThrow(/the limit is 10485760/);
      const added = await session.call<{ task: { id: number } }>("task_add", { title: "After the huge one" });
      expect(added.task.id).toBe(1);
    } finally {
      await session.close();
      other.cleanup();
    }
  });
});
