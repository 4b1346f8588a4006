import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PassThrough } from "node:stream";
import { Client, ReadBuffer, serializeMessage, type JSONRPCMessage, type Transport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { serveStdio } from "../../../src/mcp/serve-stdio.js";
import { GIT_TEST_ENV, gitRepo } from "../../helpers/git-repo.js";

/** The built CLI: these tests speak MCP to what users run (`npm run build` first; `npm test` does). */
export const CLI = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "dist", "cli", "main.js");

/** The fixed clock of the servers: a Wednesday, so `friday` is 2026-11-20. */
export const NOW = "2026-11-18T10:00:00Z";

export interface Notification {
  method: string;
  uri?: string;
}

/** A client connected to a `git-backlog mcp` server of its own. */
export interface Session {
  client: Client;
  /** Calls a tool that must succeed; returns its structuredContent (and checks the text block carries the same JSON). */
  call<T = Record<string, unknown>>(name: string, args?: Record<string, unknown>): Promise<T>;
  /** Calls a tool that must fail; returns the error text the agent reads. */
  fail(name: string, args?: Record<string, unknown>): Promise<string>;
  notifications: Notification[];
  /** How many times the server asked the client for its roots. */
  rootsAsked: () => number;
  /** Resolves when a notification matching `test` has arrived (or rejects after `ms`). */
  waitFor(test: (notification: Notification) => boolean, ms?: number): Promise<Notification>;
  stderr(): string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** The client's name in `initialize` (the agent, unless BACKLOG_AGENT is set). */
  name?: string;
  env?: Record<string, string | undefined>;
  /** The client offers roots and lists these URIs; "silent": it offers roots and never answers. */
  roots?: readonly string[] | "silent";
  /** The client's version negotiation: "auto" probes with server/discover before initialize. */
  negotiation?: "auto";
}

export function serverEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = { ...GIT_TEST_ENV, BACKLOG_NOW: NOW, ...extra };
  for (const name of Object.keys(env)) if ((name.startsWith("BACKLOG_") || name.startsWith("CLAUDE_")) && !(name in extra) && name !== "BACKLOG_NOW") delete env[name];
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * A client connected to `git-backlog mcp` served in this process: the server the command runs
 * (`serveStdio`, its stdio transport and framing), over a pair of in-memory streams, in the
 * session's own environment. The slow tier's suites use `startServerProcess`.
 */
export async function startServer(cwd: string, options: StartOptions = {}): Promise<Session> {
  const toServer = new PassThrough();
  const fromServer = new PassThrough();
  let errors = "";
  const served = serveStdio({ cwd, env: serverEnv(options.env), stderr: (text) => void (errors += text), stdin: toServer, stdout: fromServer });
  // A server that fails to start ends its output, as its process would by exiting.
  served.catch((error: unknown) => {
    errors += String(error);
    fromServer.end();
  });
  return connect(new StreamClientTransport(fromServer, toServer), options, () => errors, async () => {
    toServer.end();
    await served.catch(() => undefined);
  });
}

/** A client connected over stdio to its own `git-backlog mcp` process: the built binary, as agents run it. */
export async function startServerProcess(cwd: string, options: StartOptions = {}): Promise<Session> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the integration tests.`);
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, "mcp"], cwd, env: serverEnv(options.env), stderr: "pipe" });
  let errors = "";
  transport.stderr?.on("data", (chunk: Buffer) => (errors += chunk.toString("utf8")));
  return connect(transport, options, () => errors, () => Promise.resolve());
}

async function connect(transport: Transport, options: StartOptions, stderr: () => string, ended: () => Promise<void>): Promise<Session> {
  const client = new Client(
    { name: options.name ?? "test-agent", version: "1.0.0" },
    { ...(options.roots && { capabilities: { roots: {} } }), ...(options.negotiation && { versionNegotiation: { mode: options.negotiation } }) },
  );
  let rootsAsked = 0;
  const { roots } = options;
  if (roots)
    client.setRequestHandler("roots/list", () => {
      rootsAsked += 1;
      return roots === "silent" ? new Promise<never>(() => undefined) : { roots: roots.map((uri) => ({ uri })) };
    });
  const notifications: Notification[] = [];
  const waiters = new Set<() => void>();
  const record = (notification: Notification): void => {
    notifications.push(notification);
    for (const wake of waiters) wake();
  };
  client.setNotificationHandler("notifications/resources/updated", (message) => record({ method: message.method, uri: message.params.uri }));
  client.setNotificationHandler("notifications/resources/list_changed", (message) => record({ method: message.method }));
  await client.connect(transport);

  const session: Session = {
    client,
    notifications,
    rootsAsked: () => rootsAsked,
    async call<T>(name: string, args: Record<string, unknown> = {}): Promise<T> {
      const result = await client.callTool({ name, arguments: args });
      const text = result.content.map((block) => (block.type === "text" ? block.text : "")).join("\n");
      if (result.isError) throw new Error(`${name} failed: ${text}`);
      if (JSON.stringify(result.structuredContent) !== text) throw new Error(`${name}: the text block is not the structuredContent's JSON`);
      return result.structuredContent as T;
    },
    async fail(name, args = {}) {
      const result = await client.callTool({ name, arguments: args });
      const text = result.content.map((block) => (block.type === "text" ? block.text : "")).join("\n");
      if (!result.isError) throw new Error(`${name} succeeded but should have failed: ${text}`);
      return text;
    },
    waitFor(test, ms = 2000) {
      return new Promise((resolveWait, reject) => {
        const check = (): boolean => {
          const found = notifications.find(test);
          if (!found) return false;
          waiters.delete(wake);
          clearTimeout(timer);
          resolveWait(found);
          return true;
        };
        const wake = (): void => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no matching notification within ${ms} ms; got ${JSON.stringify(notifications)}`));
        }, ms);
        waiters.add(wake);
        check();
      });
    },
    stderr,
    close: async () => {
      await client.close();
      await ended();
    },
  };
  return session;
}

/** The client's end of a pair of streams: newline-delimited JSON-RPC, as over stdio. */
class StreamClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  readonly #buffer = new ReadBuffer();
  #closed = false;

  constructor(
    private readonly input: PassThrough,
    private readonly output: PassThrough,
  ) {}

  start(): Promise<void> {
    this.input.on("data", (chunk: Buffer) => {
      this.#buffer.append(chunk);
      for (let message = this.#buffer.readMessage(); message; message = this.#buffer.readMessage()) this.onmessage?.(message);
    });
    this.input.on("end", () => void this.close());
    return Promise.resolve();
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (!this.#closed) this.output.write(serializeMessage(message));
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.output.end();
    this.onclose?.();
    return Promise.resolve();
  }
}

/** A real git repository with an empty `backlog/` folder. */
export function backlogRepo(): { dir: string; cleanup: () => void } {
  const repo = gitRepo();
  mkdirSync(join(repo.dir, "backlog"));
  return repo;
}

export { eventually } from "../../helpers/eventually.js";

export interface TaskJson {
  id: number;
  title: string;
  status: string;
  path: string;
  body?: string;
  notes?: { time: string; author: string; text: string }[];
  tags?: string[];
  depends?: number[];
  assignee?: string;
  urgency: number;
  blocked: boolean;
  blocking: boolean;
  ready: boolean;
  [field: string]: unknown;
}
