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
import type { CommandCall } from "./ask.js";
import { ensurePrivateFolder, PROTOCOL, socketFolderOf, socketPath, socketPid, socketsSupported, type CommandAnswer, type CommandRequest, type ServedAnswer } from "./protocol.js";

/** A request is one line of JSON; anything bigger than this is not one of ours. */
const MAX_REQUEST_BYTES = 1 << 20;
/** Clocks other than the server's own (`BACKLOG_NOW` of a client), each with its cached graph. */
const MAX_CLOCKS = 4;

let serial = 0;

export interface CommandServer {
  close(): Promise<void>;
}

/** Runs a command line against a backlog and returns what it printed (the CLI's own `run`). */
export type CommandRunner = (call: CommandCall, backlog: Backlog) => Promise<Omit<ServedAnswer, "served">>;

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
export async function serveLiveCommands(backlog: LiveBacklog, env: NodeJS.ProcessEnv, runner: CommandRunner): Promise<CommandServer | undefined> {
  const repo = backlog.repo;
  if (!repo || !socketsSupported()) return undefined;
  const folder = socketFolderOf(repo.gitDir);
  if (!ensurePrivateFolder(folder)) return undefined;
  removeDeadSockets(folder);
  const path = socketPath(folder, process.pid, serial++);
  if (!path) return undefined;
  const configText = readConfigText(backlog.root);
  const clocks = new Map<string, Backlog>();
  const viewFor = (request: CommandRequest): Backlog => {
    // A write acts as its caller: the agent of its environment (none for a person), not the MCP client's.
    if (request.write) return Object.create(backlog, { now: { value: clockFrom(request.env) }, agent: { value: request.env.BACKLOG_AGENT || undefined } }) as Backlog;
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
  const refusal = (request: CommandRequest): string | undefined => {
    if (request.protocol !== PROTOCOL || request.version !== packageVersion()) return `it is version ${packageVersion()} (protocol ${PROTOCOL})`;
    if (findRepoPaths(request.cwd)?.root !== backlog.root) return `it serves ${backlog.root}`;
    if ((request.env.BACKLOG_DIR ?? "") !== (env.BACKLOG_DIR ?? "")) return "BACKLOG_DIR differs";
    if (readConfigText(backlog.root) !== configText) return ".backlog changed since it started";
    if (needsRecovery(repo)) return "an interrupted operation is waiting to be finished";
    const differs = request.write ? gitSetupDifference(request.env, env) : undefined;
    if (differs) return `${differs} differs from its own (git would run with another setup)`;
    return undefined;
  };

  const execute = async (request: CommandRequest): Promise<ServedAnswer> => {
    // The watch's events for changes made before the request (the kernel queued them before the
    // client even connected) are taken in within this turn of the event loop; the refresh then
    // re-reads what they name and whatever a move of the branch changed.
    await nextTurn();
    await backlog.refresh();
    return { served: true, ...(await runner(request, viewFor(request))) };
  };

  const server = createServer({ allowHalfOpen: true }, (socket) => handle(socket, refusal, execute));
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

/**
 * One request: a line of JSON, checked (`refusal`) and answered `ready` or declined; then the
 * client's `go`, and only then does the command run. A client that hung up before `go` has gone
 * to do the work itself, so nothing runs.
 */
function handle(socket: Socket, refusal: (request: CommandRequest) => string | undefined, execute: (request: CommandRequest) => Promise<ServedAnswer>): void {
  let buffered = "";
  let request: CommandRequest | undefined;
  let started = false;
  const finish = (answer: CommandAnswer): void => {
    if (!socket.destroyed) socket.end(`${JSON.stringify(answer)}\n`);
  };
  socket.setEncoding("utf8");
  socket.on("error", () => socket.destroy());
  // The client hung up without `go` (it gave up, or was declined): nothing runs.
  socket.on("end", () => {
    if (!started) socket.end();
  });
  socket.on("data", (chunk: string) => {
    buffered += chunk;
    if (buffered.length > MAX_REQUEST_BYTES) {
      socket.destroy();
      return;
    }
    const end = buffered.indexOf("\n");
    if (end < 0) return;
    const line = buffered.slice(0, end);
    buffered = buffered.slice(end + 1);
    if (!request) {
      request = parseRequest(line);
      let reason: string | undefined;
      try {
        reason = request ? refusal(request) : "not a request it understands";
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
      }
      if (reason) finish({ served: false, reason });
      else socket.write(`${JSON.stringify({ ready: true })}\n`);
      return;
    }
    if (line !== "go" || started) return;
    started = true;
    const accepted = request;
    void execute(accepted)
      .catch((error: unknown) => ({ served: false as const, reason: error instanceof Error ? error.message : String(error) }))
      .then(finish);
  });
}

/** Identity variables: a write resolves them from the caller's environment, wherever it runs. */
const IDENTITY = /^(GIT_(AUTHOR|COMMITTER)_(NAME|EMAIL|DATE)|EMAIL)$/;

/**
 * The first variable by which git would run differently for the caller than for the server: the
 * configuration files it reads (HOME, XDG_CONFIG_HOME, GIT_CONFIG_*) and any other GIT_ variable.
 * A write is served only where there is none: the server's prepared index refresh ran with its own.
 */
function gitSetupDifference(caller: NodeJS.ProcessEnv, own: NodeJS.ProcessEnv): string | undefined {
  const names = new Set([...Object.keys(caller), ...Object.keys(own)].filter((name) => name.startsWith("GIT_") && !IDENTITY.test(name)));
  return ["HOME", "XDG_CONFIG_HOME", ...[...names].sort()].find((name) => (caller[name] ?? "") !== (own[name] ?? ""));
}

function parseRequest(text: string): CommandRequest | undefined {
  try {
    const value = JSON.parse(text) as Partial<CommandRequest>;
    const strings = (list: unknown): list is string[] => Array.isArray(list) && list.every((item) => typeof item === "string");
    if (typeof value.protocol !== "number" || typeof value.version !== "string" || !strings(value.argv) || typeof value.cwd !== "string") return undefined;
    if (typeof value.env !== "object" || value.env === null || !strings(Object.values(value.env))) return undefined;
    return {
      protocol: value.protocol,
      version: value.version,
      argv: value.argv,
      cwd: value.cwd,
      env: value.env,
      isTTY: value.isTTY === true,
      columns: typeof value.columns === "number" ? value.columns : 100,
      write: value.write === true,
    };
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
