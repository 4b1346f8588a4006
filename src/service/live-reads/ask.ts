import { readdirSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import type { connect as Connect } from "node:net";
import { findRepoPaths } from "../../git/repo-paths.js";
import { packageVersion } from "../version.js";
import { isPrivateFolder, PROTOCOL, socketFolderOf, socketPid, socketsSupported, type ReadAnswer, type ReadRequest, type ServedAnswer } from "./protocol.js";

/**
 * How long a live index may take to answer before the CLI reads the files itself. A healthy one
 * answers a list of 10,000 tasks in tens of milliseconds; one that is stopped (SIGSTOP, a
 * debugger) or stuck must not hold the user's command for longer than this.
 */
const ANSWER_TIMEOUT_MS = 1000;

/** A command line to run, and where and how: the client's side of a request. */
export interface ReadCall {
  argv: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  columns: number;
}

/**
 * Asks a live index running for this checkout (docs/architecture.md, "Reads served by a running
 * live index") to run a read command. Returns the answer, or undefined when none is running or
 * any doubt arises (no private socket folder, a dead socket, another version, a refusal, a
 * timeout): the caller then reads the files, as it always could. `BACKLOG_LIVE_READS=0` turns it
 * off; with `BACKLOG_TRACE_LIVE=1`, `trace` is told what happened.
 */
export async function askLiveIndex(call: ReadCall, trace: (text: string) => void): Promise<ServedAnswer | undefined> {
  if (call.env.BACKLOG_TRACE_LIVE !== "1") trace = () => undefined;
  if (call.env.BACKLOG_LIVE_READS === "0" || !socketsSupported()) return undefined;
  const repo = findRepoPaths(call.cwd);
  if (!repo) return undefined;
  const folder = socketFolderOf(repo.gitDir);
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => socketPid(name) !== undefined);
    if (names.length === 0) throw new Error("no sockets");
  } catch {
    trace("none running, reading the files");
    return undefined;
  }
  if (!isPrivateFolder(folder)) {
    trace(`${folder} is not a folder only you can enter: not used`);
    return undefined;
  }
  const request: ReadRequest = {
    protocol: PROTOCOL,
    version: packageVersion(),
    argv: [...call.argv],
    cwd: call.cwd,
    env: Object.fromEntries(Object.entries(call.env).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    isTTY: call.isTTY,
    columns: call.columns,
  };
  // Loaded only now: without a live index, a cold read does not pay for the socket module.
  const { connect } = await import("node:net");
  // The newest first: an index started after an upgrade speaks this version.
  for (const name of names.sort((a, b) => (socketPid(b) ?? 0) - (socketPid(a) ?? 0))) {
    const path = join(folder, name);
    const answer = await ask(connect, path, request).catch((error: NodeJS.ErrnoException) => {
      // Nothing listens there: its process died without removing it (kill -9, a crash).
      if (error.code === "ECONNREFUSED" || error.code === "ENOENT") {
        trace(`${name} is left from a process that ended: removed`);
        try {
          unlinkSync(path);
        } catch {
          // another client removed it first
        }
      } else trace(`${name}: ${error.message}`);
      return undefined;
    });
    if (!answer) continue;
    if (answer.served) {
      trace(`answered by ${name}`);
      return answer;
    }
    trace(`${name} declined: ${answer.reason}`);
  }
  trace("no live index answered, reading the files");
  return undefined;
}

function ask(connect: typeof Connect, path: string, request: ReadRequest): Promise<ReadAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`), { code: "ETIMEDOUT" }));
    }, ANSWER_TIMEOUT_MS);
    socket.on("connect", () => socket.end(`${JSON.stringify(request)}\n`));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on("end", () => {
      clearTimeout(timer);
      try {
        resolve(parseAnswer(Buffer.concat(chunks).toString("utf8")));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

function parseAnswer(text: string): ReadAnswer {
  const value = JSON.parse(text) as Partial<Record<keyof ReadAnswer | "code" | "stdout" | "stderr" | "reason", unknown>>;
  if (value.served === true && typeof value.code === "number" && typeof value.stdout === "string" && typeof value.stderr === "string") {
    return { served: true, code: value.code, stdout: value.stdout, stderr: value.stderr };
  }
  if (value.served === false) return { served: false, reason: typeof value.reason === "string" ? value.reason : "no reason given" };
  throw new Error("an answer of an unknown shape");
}
