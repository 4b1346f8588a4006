import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { run } from "../../src/cli/run.js";
import { GIT_TEST_ENV, gitRepo } from "./git-repo.js";

/** The built CLI: the integration suite runs what users run (`npm run build` first; `npm test` does). */
export const CLI = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "dist", "cli", "main.js");

/** The fixed clock of every run: a Wednesday, so `friday` is 2026-11-20. */
export const NOW = "2026-11-18T10:00:00Z";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Added to (or, with `undefined`, removed from) the test environment. */
  env?: Record<string, string | undefined>;
  /** Standard input; empty (closed at once) when omitted, so nothing waits on the terminal. */
  input?: string;
  /** Run the built CLI as its own process instead of in this one (`runCliProcess`). */
  process?: boolean;
}

/** The git test environment without anything of ours the developer's shell may set. */
const BASE_ENV: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(GIT_TEST_ENV).filter(([name]) => !name.startsWith("BACKLOG_") && !name.startsWith("CLAUDE_") && !["VISUAL", "EDITOR", "NO_COLOR", "FORCE_COLOR", "COLUMNS"].includes(name)),
);

export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...BASE_ENV, NO_COLOR: "1", BACKLOG_NOW: NOW };
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}


/**
 * Runs `git-backlog <args>` in `cwd`, in this process: the CLI's own `run(argv, io)` with the
 * test's environment, stdin and a non-terminal stdout, against real git and real files. Tests
 * of what only a separate process shows (exit on a signal, stdin closing, the built binary
 * itself, several processes racing) use `runCliProcess`.
 */
export async function runCli(cwd: string, args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  if (options.process) return runCliProcess(cwd, args, options);
  let stdout = "";
  let stderr = "";
  const code = await run(args, {
    cwd,
    env: cliEnv(options.env),
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readStdin: () => Promise.resolve(options.input ?? ""),
    isTTY: false,
    columns: 100,
    // `init` registers the merge driver by the entry script's path: the built one, as installed.
    entryScript: CLI,
  });
  return { code, stdout, stderr };
}

/**
 * Runs `git-backlog <args>` in `cwd` as its own process (the built CLI), with an argument array
 * (no shell). Asynchronous, so independent calls (and tests marked concurrent) use both cores.
 */
export function runCliProcess(cwd: string, args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  assertBuilt();
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: cliEnv(options.env), encoding: "utf8", timeout: 20_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        // A non-zero exit is a result to check; failing to start or a timeout is the test's failure.
        if (error && typeof error.code !== "number") reject(new Error(`git-backlog ${args.join(" ")} did not run: ${error.message}\n${stderr}`));
        else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? "");
  });
}

/** The built CLI must exist and be newer than every source file: a stale `dist/` would test old code. */
export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the integration tests.`);
  if (builtChecked) return;
  const built = statSync(CLI).mtimeMs;
  const src = resolve(dirname(CLI), "..", "..", "src");
  const newer = readdirSync(src, { recursive: true, encoding: "utf8" }).find((name) => name.endsWith(".ts") && statSync(join(src, name)).mtimeMs > built);
  if (newer) throw new Error(`dist/ is older than src/${newer}: run \`npm run build\` (npm test does).`);
  builtChecked = true;
}
let builtChecked = false;

/** Runs the CLI and insists on exit 0; the error carries stderr so a failing test says why. */
export async function cli(cwd: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const result = await runCli(cwd, args, options);
  if (result.code !== 0) throw new Error(`git-backlog ${args.join(" ")} exited ${result.code}\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** Runs the CLI with `--json` and parses what it printed. */
export async function cliJson<T = unknown>(cwd: string, args: readonly string[], options: RunOptions = {}): Promise<T> {
  return JSON.parse(await cli(cwd, [...args, "--json"], options)) as T;
}

/** Runs the CLI with `--json` whatever its exit code (doctor exits 1 on problems) and parses stdout. */
export async function runJson<T = unknown>(cwd: string, args: readonly string[], options: RunOptions = {}): Promise<{ code: number; json: T; stderr: string }> {
  const result = await runCli(cwd, [...args, "--json"], options);
  try {
    return { code: result.code, json: JSON.parse(result.stdout) as T, stderr: result.stderr };
  } catch {
    throw new Error(`git-backlog ${args.join(" ")} --json printed no JSON (exit ${result.code})\n${result.stderr}${result.stdout}`);
  }
}

/** A task as `--json` prints it (docs/reference/mcp.md, "The task object"), loosely typed for assertions. */
export interface JsonTask {
  id: number;
  title: string;
  status: string;
  path: string;
  body: string;
  notes: { time: string; author: string; text: string }[];
  tags?: string[];
  depends?: number[];
  urgency: number;
  blocked: boolean;
  blocking: boolean;
  ready: boolean;
  [field: string]: unknown;
}

/** Ids of `list --json` (or any JSON list of tasks). */
export function ids(tasks: readonly { id: number }[]): number[] {
  return tasks.map((task) => task.id);
}

/** A real git repository with an empty `backlog/` folder; `cleanup()` removes it. */
export function backlogRepo(): { dir: string; cleanup: () => void } {
  const repo = gitRepo();
  mkdirSync(join(repo.dir, "backlog"));
  return repo;
}

/** Writes a task file by hand, as a user would, into `backlog/`. */
export function writeTask(dir: string, name: string, text: string): string {
  const path = join(dir, "backlog", name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** The names of the task files directly in `backlog/`, sorted. */
export function taskFiles(dir: string): string[] {
  return readdirSync(join(dir, "backlog"), { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
}

/** The path (relative to the repo) of task `id`'s file in `backlog/`, found by its name. */
export function taskPath(dir: string, id: number): string {
  const name = taskFiles(dir).find((file) => file === `${id}.md` || file.startsWith(`${id}-`));
  if (!name) throw new Error(`no file for task ${id} in ${join(dir, "backlog")}: ${taskFiles(dir).join(", ")}`);
  return `backlog/${name}`;
}

export function readTask(dir: string, id: number): string {
  return readFileSync(join(dir, taskPath(dir, id)), "utf8");
}

/** The frontmatter of task `id`'s file, read with the yaml package (not with our own parser). */
export function frontmatter(dir: string, id: number): Record<string, unknown> {
  return parseFrontmatter(readTask(dir, id));
}

export function parseFrontmatter(text: string): Record<string, unknown> {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(text);
  if (!match) throw new Error(`no frontmatter in:\n${text}`);
  return parse(match[1] ?? "", { schema: "core" }) as Record<string, unknown>;
}

/** Every file under `backlog/` (archive included) with its bytes, to prove that nothing was written. */
export function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path).toString("base64");
    }
  };
  walk(join(dir, "backlog"));
  return files;
}

/**
 * Doctor's problems without its warnings about the merge driver's setup, which every repository
 * where `init` never ran carries (test/integration/cli/init.test.ts covers them).
 */
export function taskProblems<T extends { code?: unknown }>(problems: readonly T[]): T[] {
  return problems.filter((problem) => typeof problem.code !== "string" || !problem.code.startsWith("merge-driver-"));
}

/** ANSI escape sequences (colour, cursor movement). */
// eslint-disable-next-line no-control-regex
export const ESCAPE = /\u001b\[/;
