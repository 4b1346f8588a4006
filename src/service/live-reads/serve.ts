import { chmodSync, readdirSync, readFileSync, unlinkSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { findRepoPaths } from "../../git/repo-paths.js";
import { needsRecovery } from "../../git/pending-recovery.js";
import { isAlive } from "../../store/lock.js";
import { clockFrom, type Backlog } from "../backlog.js";
import type { LiveBacklog } from "../live-backlog.js";
import { packageVersion } from "../version.js";
import type { ReadCall } from "./ask.js";
import { ensurePrivateFolder, PROTOCOL, socketFolderOf, socketPath, socketPid, socketsSupported, type ReadAnswer, type ReadRequest, type ServedAnswer } from "./protocol.js";

/** A request is one line of JSON; anything bigger than this is not one of ours. */
const MAX_REQUEST_BYTES = 1 << 20;
/** Clocks other than the server's own (`BACKLOG_NOW` of a client), each with its cached graph. */
const MAX_CLOCKS = 4;

let serial = 0;

export interface ReadServer {
  close(): Promise<void>;
}

/** Runs a command line against a backlog and returns what it printed (the CLI's own `run`). */
export type ReadRunner = (call: ReadCall, backlog: Backlog) => Promise<Omit<ServedAnswer, "served">>;

/**
 * Serves the CLI's read commands from a live index (docs/architecture.md, "Reads served by a
 * running live index"): a cold `git-backlog list` asks it over a socket in the git dir instead of
 * stat'ing every task file. Each answer is what the command would print reading the files: the
 * index first takes in every change made before the request (the folder watch's pending events,
 * a move of the branch), and `runner` runs the command with the client's environment, clock and
 * terminal. The server declines, and the client reads the files, whenever its answer
 * could differ: another version, another checkout or task folder, `.backlog` edited since the
 * index opened, or a crashed operation waiting to be finished.
 *
 * Returns undefined where it cannot serve (no Unix sockets, a git dir path too long for one, a
 * socket folder that is not private): everything works as before, only slower.
 */
export async function serveLiveReads(backlog: LiveBacklog, env: NodeJS.ProcessEnv, runner: ReadRunner): Promise<ReadServer | undefined> {
  const repo = backlog.repo;
  if (!repo || !socketsSupported()) return undefined;
  const folder = socketFolderOf(repo.gitDir);
  if (!ensurePrivateFolder(folder)) return undefined;
  removeDeadSockets(folder);
  const path = socketPath(folder, process.pid, serial++);
  if (!path) return undefined;
  const configText = readConfigText(backlog.root);
  const clocks = new Map<string, Backlog>();
  const viewFor = (request: ReadRequest): Backlog => {
    const fixed = request.env.BACKLOG_NOW ?? "";
    if (fixed === (env.BACKLOG_NOW ?? "")) return backlog;
    let view = clocks.get(fixed);
    if (!view) {
      if (clocks.size >= MAX_CLOCKS) clocks.delete(clocks.keys().next().value ?? "");
      view = Object.create(backlog, { now: { value: clockFrom(request.env) } }) as Backlog;
      clocks.set(fixed, view);
    }
    return view;
  };
  const refusal = (request: ReadRequest): string | undefined => {
    if (request.protocol !== PROTOCOL || request.version !== packageVersion()) return `it is version ${packageVersion()} (protocol ${PROTOCOL})`;
    if (findRepoPaths(request.cwd)?.root !== backlog.root) return `it serves ${backlog.root}`;
    if ((request.env.BACKLOG_DIR ?? "") !== (env.BACKLOG_DIR ?? "")) return "BACKLOG_DIR differs";
    if (readConfigText(backlog.root) !== configText) return ".backlog changed since it started";
    if (needsRecovery(repo)) return "an interrupted operation is waiting to be finished";
    return undefined;
  };

  const answer = async (request: ReadRequest): Promise<ReadAnswer> => {
    const reason = refusal(request);
    if (reason) return { served: false, reason };
    // The watch's events for changes made before the request (the kernel queued them before the
    // client even connected) are taken in within this turn of the event loop; the refresh then
    // re-reads what they name and whatever a move of the branch changed.
    await nextTurn();
    await backlog.refresh();
    return { served: true, ...(await runner(request, viewFor(request))) };
  };

  const server = createServer({ allowHalfOpen: true }, (socket) => handle(socket, answer));
  const listening = await new Promise<boolean>((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(path, () => resolve(true));
  });
  if (!listening) return undefined;
  server.on("error", () => undefined);
  try {
    chmodSync(path, 0o600);
  } catch {
    // the folder is private already
  }
  // The server must not keep the process alive on its own: its owner decides when to end.
  server.unref();
  return {
    close: () => closeServer(server, path),
  };
}

function handle(socket: Socket, answer: (request: ReadRequest) => Promise<ReadAnswer>): void {
  const chunks: Buffer[] = [];
  let size = 0;
  socket.on("error", () => socket.destroy());
  socket.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) socket.destroy();
    else chunks.push(chunk);
  });
  socket.on("end", () => {
    void (async (): Promise<ReadAnswer> => {
      const request = parseRequest(Buffer.concat(chunks).toString("utf8"));
      if (!request) return { served: false, reason: "not a request it understands" };
      return answer(request);
    })()
      .catch((error: unknown) => ({ served: false as const, reason: error instanceof Error ? error.message : String(error) }))
      .then((result) => {
        if (!socket.destroyed) socket.end(JSON.stringify(result));
      });
  });
}

function parseRequest(text: string): ReadRequest | undefined {
  try {
    const value = JSON.parse(text) as Partial<ReadRequest>;
    const strings = (list: unknown): list is string[] => Array.isArray(list) && list.every((item) => typeof item === "string");
    if (typeof value.protocol !== "number" || typeof value.version !== "string" || !strings(value.argv) || typeof value.cwd !== "string") return undefined;
    if (typeof value.env !== "object" || value.env === null || !strings(Object.values(value.env))) return undefined;
    return { protocol: value.protocol, version: value.version, argv: value.argv, cwd: value.cwd, env: value.env, isTTY: value.isTTY === true, columns: typeof value.columns === "number" ? value.columns : 100 };
  } catch {
    return undefined;
  }
}

function readConfigText(root: string): string | undefined {
  try {
    return readFileSync(join(root, ".backlog"), "utf8");
  } catch {
    return undefined;
  }
}

/** Sockets whose process has ended (killed, crashed) are removed as a new server starts. */
function removeDeadSockets(folder: string): void {
  try {
    for (const name of readdirSync(folder)) {
      const pid = socketPid(name);
      if (pid !== undefined && pid !== process.pid && !isAlive(pid)) unlinkSync(join(folder, name));
    }
  } catch {
    // the client removes what it cannot connect to
  }
}

async function closeServer(server: Server, path: string): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
