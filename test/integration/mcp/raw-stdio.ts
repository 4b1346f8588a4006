import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import { CLI, serverEnv } from "./server.js";

/** A JSON-RPC message as the server wrote it on one stdout line. */
export interface Reply {
  jsonrpc?: unknown;
  id?: unknown;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
  method?: string;
}

/** `git-backlog mcp` spoken to line by line, with no client library between the test and the wire. */
export interface RawServer {
  child: ChildProcessWithoutNullStreams;
  /** Writes `message` as one JSON line. */
  send(message: unknown): Promise<void>;
  /** Writes bytes as they are (a line must carry its own `\n`); resolves once the pipe took them. */
  write(text: string | Buffer): Promise<void>;
  /** The first message (already read or still to come) that `test` accepts; rejects after `ms`. */
  next(test: (reply: Reply) => boolean, ms?: number): Promise<Reply>;
  /** The reply to the request with this id. */
  reply(id: unknown, ms?: number): Promise<Reply>;
  /** `initialize` and `notifications/initialized`, as every client opens. */
  initialize(): Promise<void>;
  /** Every message read so far. */
  replies: Reply[];
  /** The exit code, or the signal that ended the process. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

export function startRawServer(cwd: string, env: Record<string, string | undefined> = {}): RawServer {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the integration tests.`);
  const child = spawn(process.execPath, [CLI, "mcp"], { cwd, env: serverEnv(env), stdio: ["pipe", "pipe", "pipe"] });
  const replies: Reply[] = [];
  const waiters = new Set<() => void>();
  let pending = "";
  let errors = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    pending += chunk;
    let end;
    while ((end = pending.indexOf("\n")) >= 0) {
      replies.push(JSON.parse(pending.slice(0, end)) as Reply);
      pending = pending.slice(end + 1);
    }
    for (const wake of waiters) wake();
  });
  child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString("utf8")));
  // A server that exits early closes the pipe under a test's last writes: the exit is what the test checks.
  child.stdin.on("error", () => undefined);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));

  const write = (text: string | Buffer): Promise<void> =>
    new Promise((resolve, reject) => child.stdin.write(text, (error) => (error ? reject(error) : resolve())));
  const next = (test: (reply: Reply) => boolean, ms = 20_000): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = replies.find(test);
        if (!found) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching message within ${ms} ms; got ${JSON.stringify(replies).slice(0, 2000)}\nstderr: ${errors}`));
      }, ms);
      waiters.add(check);
      check();
    });
  const send = (message: unknown): Promise<void> => write(`${JSON.stringify(message)}\n`);
  const reply = (id: unknown, ms?: number): Promise<Reply> => next((candidate) => candidate.id === id && ("result" in candidate || "error" in candidate), ms);
  return {
    child,
    send,
    write,
    next,
    reply,
    replies,
    exited,
    stderr: () => errors,
    async initialize() {
      await send({ jsonrpc: "2.0", id: "init", method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw-client", version: "1.0.0" } } });
      await reply("init");
      await send({ jsonrpc: "2.0", method: "notifications/initialized" });
    },
  };
}

/** A `tools/call` request line. */
export function toolCall(id: number | string, name: string, args: Record<string, unknown> = {}): unknown {
  return { jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } };
}
