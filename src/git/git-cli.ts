import { spawn } from "node:child_process";
import { currentEnv } from "./git-env.js";
import { BacklogError } from "../domain/errors.js";
import type { RepoPaths } from "./repo-paths.js";

/**
 * The git CLI, for what only git itself may do on a user's repository (the index, signing) and
 * for history walks, where it is an order of magnitude faster than walking objects in process.
 * Always an argument array, never a shell.
 */

export interface GitRunOptions {
  cwd: string;
  /** Extra environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  input?: string | Uint8Array;
}

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs git and returns whatever happened; never throws for a non-zero exit. */
export function runGit(args: readonly string[], options: GitRunOptions): Promise<GitResult> {
  const running = startGit(args, options);
  running.finish(options.input ?? "");
  return running.done;
}

export interface RunningGit {
  /** Writes the rest of the input and closes stdin. */
  finish(input: string | Uint8Array): void;
  done: Promise<GitResult>;
  /** Lets a git started `idle` keep this process alive again, now that someone waits for it. */
  hold(): void;
}

/** The run's environment with the caller's extra variables (`undefined` removes one). */
function gitEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...currentEnv() };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Starts git in the background, not waited for and not keeping this process alive. */
export function startGitDetached(args: readonly string[], options: Omit<GitRunOptions, "input">): void {
  const child = spawn("git", args, { cwd: options.cwd, env: gitEnv(options.env), stdio: "ignore", detached: true });
  child.on("error", () => undefined);
  child.unref();
}

/**
 * Starts git now and lets the caller send its input later: git starts up while we work. An
 * `idle` git (started ahead of need) does not keep this process alive until `hold` is called.
 */
export function startGit(args: readonly string[], options: Omit<GitRunOptions, "input"> & { idle?: boolean }): RunningGit {
  const child = spawn("git", args, { cwd: options.cwd, env: gitEnv(options.env), stdio: ["pipe", "pipe", "pipe"] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const done = new Promise<GitResult>((resolvePromise, reject) => {
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => reject(new BacklogError("git", `Could not run git: ${error.message}. Is git installed and on PATH?`)));
    child.on("close", (code) => {
      resolvePromise({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8").trim() });
    });
  });
  // A child that exits before reading its input would otherwise crash us with EPIPE.
  child.stdin.on("error", () => undefined);
  // The pipes are sockets: each keeps the event loop alive unless unreferenced too.
  const handles = [child, child.stdin, child.stdout, child.stderr] as unknown as { ref?(): void; unref?(): void }[];
  if (options.idle) for (const handle of handles) handle.unref?.();
  return {
    finish: (input) => child.stdin.end(input),
    done,
    hold: () => {
      for (const handle of handles) handle.ref?.();
    },
  };
}

/** Runs git and returns its stdout as text; a non-zero exit becomes a BacklogError("git"). */
export async function gitText(args: readonly string[], options: GitRunOptions): Promise<string> {
  const result = await runGit(args, options);
  if (result.code !== 0) throw gitFailure(args, result);
  return result.stdout.toString("utf8");
}

export function gitFailure(args: readonly string[], result: GitResult): BacklogError {
  return new BacklogError("git", `git ${args[0] ?? ""} failed: ${result.stderr || `exit code ${result.code}`}`, {
    args: [...args],
    stderr: result.stderr,
  });
}

/**
 * Pins a git child process to the repository this engine resolved, whatever GIT_DIR or
 * GIT_INDEX_FILE the caller's environment carries (a hook, say). Optional locks are off: a
 * read of ours must never take `index.lock` to refresh stat data behind the user's back.
 */
export function repoEnv(paths: RepoPaths, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    GIT_DIR: paths.gitDir,
    GIT_WORK_TREE: paths.root,
    GIT_INDEX_FILE: undefined,
    GIT_COMMON_DIR: undefined,
    GIT_OBJECT_DIRECTORY: undefined,
    GIT_NAMESPACE: undefined,
    GIT_OPTIONAL_LOCKS: "0",
    ...extra,
  };
}
