import { readdirSync, unlinkSync } from "node:fs";
import type { connect as Connect } from "node:net";
import { join } from "node:path";
import { BacklogError } from "../../domain/errors.js";
import { findRepoPaths } from "../../git/repo-paths.js";
import { packageVersion } from "../version.js";
import { isPrivateFolder, PROTOCOL, socketFolderOf, socketPid, socketsSupported, type CommandRequest, type ServedAnswer } from "./protocol.js";

/**
 * How long a live index may take to accept a request (its checks, before anything runs). A
 * healthy one accepts within milliseconds; one that is stopped (SIGSTOP, a debugger) or stuck
 * must not hold the user's command for longer than this: the CLI then does the work itself.
 */
const ACCEPT_TIMEOUT_MS = 1000;
/** How long an accepted read may take before the CLI reads the files after all. */
const READ_TIMEOUT_MS = 5000;
/** How long an accepted write may take before the CLI gives up on knowing its outcome. */
const WRITE_TIMEOUT_MS = 120_000;

/** A command line to run, and where and how: the client's side of a request. */
export interface CommandCall {
  argv: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  columns: number;
  /** The command writes: once the index has accepted it, the CLI must not run it again itself. */
  write?: boolean;
}

/**
 * Asks a live index running for this checkout (docs/architecture.md, "Commands served by a
 * running live index") to run a command. Returns the answer, or undefined when none is running
 * or any doubt arises before it runs the command (no private socket folder, a dead socket,
 * another version, a refusal, no acceptance within a second): the caller then does the work
 * itself, as it always could. A read that is accepted but not answered falls back too; a write
 * that is accepted and not answered throws, since it may have been done. `BACKLOG_LIVE_INDEX=0`
 * turns it off; with `BACKLOG_TRACE_LIVE=1`, `trace` is told what happened.
 */
export async function askLiveIndex(call: CommandCall, trace: (text: string) => void): Promise<ServedAnswer | undefined> {
  if (call.env.BACKLOG_TRACE_LIVE !== "1") trace = () => undefined;
  if (call.env.BACKLOG_LIVE_INDEX === "0" || !socketsSupported()) return undefined;
  const repo = findRepoPaths(call.cwd);
  if (!repo) return undefined;
  const folder = socketFolderOf(repo.gitDir);
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => socketPid(name) !== undefined);
    if (names.length === 0) throw new Error("no sockets");
  } catch {
    trace("none running: the command reads the files itself");
    return undefined;
  }
  if (!isPrivateFolder(folder)) {
    trace(`${folder} is not a folder only you can enter: not used`);
    return undefined;
  }
  const request: CommandRequest = {
    protocol: PROTOCOL,
    version: packageVersion(),
    argv: [...call.argv],
    cwd: call.cwd,
    env: Object.fromEntries(Object.entries(call.env).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    isTTY: call.isTTY,
    columns: call.columns,
    write: call.write === true,
  };
  // Loaded only now: without a live index, a cold read does not pay for the socket module.
  const { connect } = await import("node:net");
  // The newest first: an index started after an upgrade speaks this version.
  for (const name of names.sort((a, b) => (socketPid(b) ?? 0) - (socketPid(a) ?? 0))) {
    const path = join(folder, name);
    const outcome = await exchange(connect, path, request);
    switch (outcome.kind) {
      case "served":
        trace(`answered by ${name}`);
        return outcome.answer;
      case "declined":
        trace(`${name} declined: ${outcome.reason}`);
        break;
      case "dead":
        // Nothing listens there: its process died without removing it (kill -9, a crash).
        trace(`${name} is left from a process that ended: removed`);
        try {
          unlinkSync(path);
        } catch {
          // another client removed it first
        }
        break;
      case "failed":
        trace(`${name}: ${outcome.reason}`);
        break;
      case "lost":
        throw new BacklogError(
          "io",
          `the running backlog index (process ${socketPid(name)}) accepted \`${call.argv.join(" ")}\` and then ${outcome.reason}: it may or may not have been done. \`git-backlog log\` shows the last operations; BACKLOG_LIVE_INDEX=0 makes the CLI do its own work.`,
        );
    }
  }
  trace("none answered: the command reads the files itself");
  return undefined;
}

type Outcome =
  | { kind: "served"; answer: ServedAnswer }
  | { kind: "declined"; reason: string }
  /** No process listens on the socket. */
  | { kind: "dead" }
  /** Nothing ran: the caller may do the work itself. */
  | { kind: "failed"; reason: string }
  /** An accepted write whose outcome is unknown. */
  | { kind: "lost"; reason: string };

/**
 * One request, in two steps: the index checks it and says `ready` (or declines), and only then
 * does the client say `go`. A client that gave up before `ready` never says it, so the index
 * never runs what the client is about to do itself.
 */
function exchange(connect: typeof Connect, path: string, request: CommandRequest): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect(path);
    let accepted = false;
    let buffered = "";
    let settled = false;
    const settle = (outcome: Outcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const giveUp = (reason: string): void => settle(accepted && request.write ? { kind: "lost", reason } : { kind: "failed", reason });
    let timer = setTimeout(() => giveUp(`no answer within ${ACCEPT_TIMEOUT_MS} ms`), ACCEPT_TIMEOUT_MS);
    socket.setEncoding("utf8");
    socket.on("connect", () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on("data", (chunk: string) => {
      buffered += chunk;
      if (accepted) return;
      const end = buffered.indexOf("\n");
      if (end < 0) return;
      const first = parseLine(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      if (first?.ready !== true) {
        settle(first?.served === false ? { kind: "declined", reason: typeof first.reason === "string" ? first.reason : "no reason given" } : { kind: "failed", reason: "an answer of an unknown shape" });
        return;
      }
      accepted = true;
      clearTimeout(timer);
      const limit = request.write ? WRITE_TIMEOUT_MS : READ_TIMEOUT_MS;
      timer = setTimeout(() => giveUp(`gave no answer within ${limit / 1000} s`), limit);
      socket.end("go\n");
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (!accepted && (error.code === "ECONNREFUSED" || error.code === "ENOENT")) settle({ kind: "dead" });
      else giveUp(error.message);
    });
    socket.on("end", () => {
      const answer = accepted ? parseAnswer(buffered) : undefined;
      if (answer) settle({ kind: "served", answer });
      else giveUp(accepted ? "ended without an answer" : "closed the connection");
    });
  });
}

function parseLine(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function parseAnswer(text: string): ServedAnswer | undefined {
  const value = parseLine(text);
  if (value?.served === true && typeof value.code === "number" && typeof value.stdout === "string" && typeof value.stderr === "string") {
    return { served: true, code: value.code, stdout: value.stdout, stderr: value.stderr };
  }
  return undefined;
}
