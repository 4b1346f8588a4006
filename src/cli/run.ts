import { BacklogError, isBacklogError, type ErrorCode } from "../domain/errors.js";
import type { Backlog } from "../service/backlog.js";
import { splitArgs } from "./args.js";
import { withRunEnvironment } from "../service/run-environment.js";
import { packageVersion } from "../service/version.js";
import { cliErrorText } from "./error-text.js";
import type { Command, CommandContext } from "./command.js";
import { COMMANDS, findCommand, type CommandEntry } from "./commands/index.js";
import { closestWord } from "../domain/suggest.js";
import { painter, type CliIo } from "./io.js";

/** Exit codes, in one place: 0 ok, 1 refused or failed, 2 usage error (docs/reference/cli.md, "Exit codes"). */
export function exitCodeFor(code: ErrorCode): 1 | 2 {
  return code === "usage" || code === "filter-syntax" ? 2 : 1;
}

/** How a command line is run besides its `io`. */
export interface RunOptions {
  /**
   * The backlog to run against, already open and current: a live index serving the CLI's reads
   * (serve-commands.ts). Without it, a read command first asks a running live index, then
   * opens the backlog of `io.cwd` itself.
   */
  backlog?: Backlog;
}

/** Runs one command line and returns its exit code; never exits the process itself. */
export async function run(argv: readonly string[], io: CliIo, options: RunOptions = {}): Promise<number> {
  try {
    // Everything the command starts or reads (git among it) sees the run's environment, not the host's.
    return await withRunEnvironment(io.env, () => dispatch(argv, io, options));
  } catch (error) {
    if (isBacklogError(error)) {
      io.stderr(`${painter(io)("red", "error:")} ${cliErrorText(error)}\n`);
      return exitCodeFor(error.code);
    }
    io.stderr(`error: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

async function dispatch(argv: readonly string[], io: CliIo, options: RunOptions): Promise<number> {
  const [first] = argv;
  if (first === undefined || first === "help" || first === "--help" || first === "-h") {
    io.stdout(await helpText(argv[1]));
    return 0;
  }
  if (first === "--version" || first === "-V") {
    io.stdout(`${packageVersion()}\n`);
    return 0;
  }
  const { entry, rest } = resolveCommand(argv);
  // A running live index in this checkout (mcp, watch) answers without reading every file.
  const write = SERVED_WRITES.has(entry.name) && !argv.includes("--worktree");
  if (!options.backlog && (READS.has(entry.name) || write)) {
    const trace = (text: string): void => io.stderr(`live index: ${text}\n`);
    const answer = await (await import("../service/live-commands/ask.js")).askLiveIndex({ argv, cwd: io.cwd, env: io.env, isTTY: io.isTTY, columns: io.columns, write }, trace);
    if (answer) {
      if (answer.stdout) io.stdout(answer.stdout);
      if (answer.stderr) io.stderr(answer.stderr);
      return answer.code;
    }
  }
  const command = await entry.load();
  const args = splitArgs(rest, command.flags);
  if (args.flags.help === true) {
    io.stdout(await helpText(command.name));
    return 0;
  }
  refuseExtraWords(command, args.positionals);
  const paint = painter(io);
  let opened: Backlog | undefined;
  const context: CommandContext = {
    io,
    args,
    json: args.flags.json === true,
    paint,
    // Loaded on first use: `help`, `--version` and usage errors never pay for the store.
    open: async (open) => {
      if (options.backlog) {
        if (open?.bodies) await options.backlog.ensureBodies();
        return (opened = options.backlog);
      }
      return (opened = await (await import("../service/backlog.js")).openBacklog({ cwd: io.cwd, env: io.env, ...open }));
    },
    // The commands are run by this very function: it is handed over, not imported back.
    serveCommands: async (backlog) => (await import("./serve-commands.js")).serveCliCommands(backlog, io.env, run).catch(() => undefined),
    printJson: (value) => {
      io.stdout(`${JSON.stringify(value, null, 2)}\n`);
    },
    print: (text) => {
      io.stdout(text);
    },
  };
  const code = (await command.run(context)) ?? 0;
  if (opened && READS.has(command.name)) {
    const { duplicateNotice, unreadableNotice } = await import("../service/query.js");
    for (const notice of [unreadableNotice(opened, "`git-backlog doctor`"), duplicateNotice(opened, "marked ⚠dup", "`git-backlog doctor --fix`")]) {
      if (notice) io.stderr(`${paint("yellow", "warning:")} ${notice}\n`);
    }
  }
  return code;
}

/** A word a command has no place for is refused: ignoring it would drop what the user typed (docs/reference/cli.md, "Words, options and `--`"). */
function refuseExtraWords(command: Command, positionals: readonly string[]): void {
  const max = command.maxPositionals;
  if (max === undefined || positionals.length <= max) return;
  const extra = positionals.slice(max);
  const takes = max === 0 ? "takes no arguments" : `takes at most ${max} argument${max === 1 ? "" : "s"}`;
  throw new BacklogError("usage", `${command.name} ${takes}; ${extra.map((word) => `"${word}"`).join(" ")} is not understood. Usage: git-backlog ${command.usage}`, { token: extra[0] });
}

/**
 * Commands whose answer would silently miss a task file that does not parse, or mix up two files
 * of one id: they say so on stderr. A running live index answers them too.
 */
const READS: ReadonlySet<string> = new Set(["list", "count", "next", "show", "view", "graph", "projects", "tags", "export"]);

/**
 * Writes a running live index may run for the CLI, as the caller: none reads stdin or starts an
 * editor, and `start --worktree` (which makes a worktree beside the repository) is left out.
 */
const SERVED_WRITES: ReadonlySet<string> = new Set(["add", "duplicate", "modify", "annotate", "denotate", "start", "stop", "done", "delete", "restore"]);

/**
 * `git-backlog <command> ...`, or Taskwarrior's order `git-backlog <filter> <command> ...`:
 * words before the first command name form the filter, passed as the command's first argument.
 */
function resolveCommand(argv: readonly string[]): { entry: CommandEntry; rest: string[] } {
  const direct = findCommand(argv[0] ?? "");
  if (direct) return { entry: direct, rest: argv.slice(1) };
  const at = argv.findIndex((word) => findCommand(word) !== undefined);
  const command = at > 0 ? findCommand(argv[at] ?? "") : undefined;
  if (!command) {
    throw unknownCommand(argv[0] ?? "");
  }
  const filter = argv.slice(0, at);
  const rest = argv.slice(at + 1);
  if (["modify", "duplicate", "annotate", "denotate"].includes(command.name)) return { entry: command, rest: [filter.join(" "), ...rest] };
  return { entry: command, rest: [...filter, ...rest] };
}

function unknownCommand(word: string): BacklogError {
  const guess = closestWord(word, COMMANDS.flatMap((command) => [command.name, ...(command.aliases ?? [])]), (name) => findCommand(name)?.name ?? name);
  return new BacklogError("usage", `unknown command "${word}"; ${guess ? `did you mean ${guess}? ` : ""}\`git-backlog help\` lists every command.`, { token: word });
}

/** Loaded on first use: a command that is not asked for help never reads the help texts. */
async function helpText(name?: string): Promise<string> {
  return (await import("./help/help-text.js")).helpText(name);
}
