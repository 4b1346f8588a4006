import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { LiveBacklog } from "../service/live-backlog.js";
import { annotateTask } from "../service/operations/notes.js";
import { saveTaskForm } from "../service/operations/form-edit.js";
import { redoOperation, taskHistory, undoOperations } from "../service/operations/history.js";
import { taskTemplateNames } from "../service/operations/add.js";
import { viewDefinitions } from "../service/operations/overview.js";
import { addFromLine, boardOf, graphPicture, errorAnswer, moveTask, panelOf, SHOWN, type Column } from "./board-api.js";
import { createGuard, newToken, SECURITY_HEADERS } from "./board-security.js";

/** The browser's files, bundled at build time (scripts/finish-build.mjs) next to this module. */
const CLIENT = new URL("./client/", import.meta.url);
const STATIC: Readonly<Record<string, { file: string; type: string }>> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/board.js": { file: "board.js", type: "text/javascript; charset=utf-8" },
  "/board.css": { file: "board.css", type: "text/css; charset=utf-8" },
};
/** A body larger than this is not one of the board's requests. */
const MAX_BODY = 1 << 20;
/** Comment lines keep idle event streams open through proxies and tell a dead client apart. */
const HEARTBEAT_MS = 20_000;
/** Streams beyond this many are refused: each holds a socket, and six per host exhaust a browser anyway. */
const MAX_STREAMS = 64;

export interface BoardServer {
  url: string;
  /** The address with the token, to open once in the browser. */
  loginUrl: string;
  close(): Promise<void>;
}

export interface BoardServerOptions {
  backlog: LiveBacklog;
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  token?: string;
}

/**
 * `git-backlog board`'s server (docs/reference/board.md): `node:http`, the page and its two files,
 * a JSON API over the service, and one server-sent event stream per page fed by the live
 * backlog, so a change on disk reaches every open board without a reload. Every request passes
 * the guard of board-security.ts first.
 */
export async function startBoardServer(options: BoardServerOptions): Promise<BoardServer> {
  const { backlog } = options;
  const host = options.host ?? "127.0.0.1";
  const token = options.token ?? newToken();
  const streams = new Set<ServerResponse>();
  let hosts: string[] = [];
  let guard = createGuard(token, hosts);

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) json(response, 500, { error: error instanceof Error ? error.message : String(error) });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://board.invalid");
    const refused = guard.refuse(request, url);
    if (refused) return json(response, 403, { error: refused });
    if (request.method === "GET" && url.pathname === "/" && guard.admit(request, url, response)) return;
    const asset = STATIC[url.pathname];
    if (request.method === "GET" && asset) return sendFile(response, asset.file, asset.type);
    if (request.method === "GET" && url.pathname === "/api/board") {
      const limit = (column: Column | "deleted"): number => Number(url.searchParams.get(column) ?? "") || SHOWN[column];
      const limits = { pending: limit("pending"), active: limit("active"), done: limit("done"), deleted: limit("deleted") };
      return answer(response, () => boardOf(backlog, url.searchParams.get("filter") ?? "", limits, url.searchParams.get("deleted") === "1"));
    }
    if (request.method === "GET" && url.pathname === "/api/events") return openStream(request, response);
    if (request.method === "GET" && url.pathname === "/api/graph") {
      const around = url.searchParams.get("id");
      return answer(response, () => graphPicture(backlog, url.searchParams.get("filter") ?? "", around ? Number(around) : undefined));
    }
    if (request.method === "GET" && url.pathname === "/api/views") {
      return answer(response, () => Promise.resolve({ views: Object.entries(viewDefinitions(backlog)).map(([name, view]) => ({ name, filter: view.filter, ...(view.description && { description: view.description }) })) }));
    }
    if (request.method === "GET" && url.pathname === "/api/templates") return answer(response, () => Promise.resolve({ templates: taskTemplateNames(backlog) }));
    if (request.method === "POST" && url.pathname === "/api/tasks") {
      const body = ((await readJson(request)) ?? {}) as { line?: unknown; template?: unknown };
      if (typeof body.line !== "string" || (body.template !== undefined && typeof body.template !== "string")) return json(response, 400, { error: 'a new task is {"line": "title words and changes", "template"?: "bug"}' });
      const { line, template } = body as { line: string; template?: string };
      return answer(response, () => addFromLine(backlog, line, template));
    }
    const task = /^\/api\/tasks\/(\d+)(?:\/(history))?$/.exec(url.pathname);
    if (request.method === "GET" && task) {
      const id = Number(task[1]);
      return answer(response, async () => (task[2] ? taskHistory(backlog, id, 50) : panelOf(backlog, id)));
    }
    const save = /^\/api\/tasks\/(\d+)\/(save|notes)$/.exec(url.pathname);
    if (request.method === "POST" && save) {
      const id = Number(save[1]);
      const body = ((await readJson(request)) ?? {}) as { original?: unknown; fields?: unknown; doc?: unknown; text?: unknown };
      if (save[2] === "notes") {
        if (typeof body.text !== "string") return json(response, 400, { error: 'a note is {"text": "..."}' });
        const text = body.text;
        return answer(response, async () => ({ task: (await annotateTask(backlog, id, text)).task.id }));
      }
      if (typeof body.original !== "string" || (body.doc !== undefined && typeof body.doc !== "string") || typeof body.fields !== "object" || body.fields === null) {
        return json(response, 400, { error: 'a save is {"original": "<the file as loaded>", "fields": {...}, "doc": "..."}' });
      }
      const { original, fields, doc } = body as { original: string; fields: Record<string, string>; doc?: string };
      return answer(response, async () => {
        const saved = await saveTaskForm(backlog, id, original, fields, doc);
        return { saved: !saved.unchanged, ...(saved.sha && { sha: saved.sha }), panel: panelOf(backlog, id) };
      });
    }
    if (request.method === "POST" && (url.pathname === "/api/undo" || url.pathname === "/api/redo")) {
      await readJson(request);
      return answer(response, () => (url.pathname === "/api/undo" ? undoOperations(backlog, { count: 1 }) : redoOperation(backlog)));
    }
    const move = /^\/api\/tasks\/(\d+)\/move$/.exec(url.pathname);
    if (request.method === "POST" && move) {
      const body = await readJson(request);
      const to = (body as { to?: unknown } | undefined)?.to;
      if (to !== "pending" && to !== "active" && to !== "done") return json(response, 400, { error: 'move takes {"to": "pending" | "active" | "done"}' });
      return answer(response, async () => {
        await moveTask(backlog, Number(move[1]), to);
        return { ok: true, version: backlog.index.version };
      });
    }
    json(response, 404, { error: `no ${request.method ?? ""} ${url.pathname} here` });
  }

  function openStream(request: IncomingMessage, response: ServerResponse): void {
    if (streams.size >= MAX_STREAMS) return json(response, 503, { error: "too many open boards" });
    response.writeHead(200, { ...SECURITY_HEADERS, "content-type": "text/event-stream; charset=utf-8", connection: "keep-alive" });
    // The page reconnects after a second when the stream drops, and re-reads the board on open.
    response.write(`retry: 1000\nevent: hello\ndata: ${JSON.stringify({ version: backlog.index.version })}\n\n`);
    streams.add(response);
    request.on("close", () => streams.delete(response));
  }

  const unsubscribe = backlog.onChange((change) => {
    const frame = `event: changed\ndata: ${JSON.stringify({ version: backlog.index.version, ids: change.ids, head: change.head })}\n\n`;
    for (const stream of streams) stream.write(frame);
  });
  const heartbeat = setInterval(() => {
    for (const stream of streams) stream.write(": still here\n\n");
  }, HEARTBEAT_MS);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(":") ? `[${host}]` : host;
  hosts = [`${shown}:${port}`, ...(host === "127.0.0.1" || host === "::1" ? [`localhost:${port}`] : [])];
  guard = createGuard(token, hosts);
  const url = `http://${shown}:${port}/`;
  return {
    url,
    loginUrl: `${url}?token=${token}`,
    async close() {
      unsubscribe();
      clearInterval(heartbeat);
      // Open event streams would keep the server from closing: end them first.
      for (const stream of streams) stream.end();
      streams.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

async function answer(response: ServerResponse, work: () => Promise<unknown>): Promise<void> {
  try {
    json(response, 200, await work());
  } catch (error) {
    const { status, body } = errorAnswer(error);
    json(response, status, body);
  }
}

function json(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, { ...SECURITY_HEADERS, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
  response.end(body);
}

async function sendFile(response: ServerResponse, file: string, type: string): Promise<void> {
  const body = await readFile(fileURLToPath(new URL(file, CLIENT)));
  response.writeHead(200, { ...SECURITY_HEADERS, "content-type": type, "content-length": body.length });
  response.end(body);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error("request body too large");
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return undefined;
  }
}
