import type { Backlog } from "../service/backlog.js";
import type { LiveBacklog } from "../service/live-backlog.js";
import type { FlagSpec, ParsedArgs } from "./args.js";
import type { CliIo, Style } from "./io.js";

export interface CommandContext {
  io: CliIo;
  args: ParsedArgs;
  /** `--json` was given. */
  json: boolean;
  /** Opens the backlog of the working directory (loads the index). */
  open: (options?: { bodies?: boolean }) => Promise<Backlog>;
  /**
   * Answers the CLI's commands in this checkout from `backlog`, a long-running process's live
   * index (`mcp`, `watch`, `board`), until closed; undefined when it cannot listen.
   */
  serveCommands: (backlog: LiveBacklog) => Promise<{ close(): Promise<void> } | undefined>;
  paint: (style: Style, text: string) => string;
  /** Writes a value as JSON on stdout. */
  printJson: (value: unknown) => void;
  print: (text: string) => void;
}

export interface Command {
  name: string;
  aliases?: readonly string[];
  summary: string;
  usage: string;
  /**
   * More for `help <command>` and the man page: the rules a user needs. Lines wrap at 100
   * columns; a blank line starts a paragraph, and lines indented by two spaces are kept as they
   * are (tables, commands).
   */
  help?: string;
  flags: FlagSpec;
  /** Two to four command lines a user can copy, each with what it does. */
  examples: readonly Example[];
  /** How many words (besides flags) the command takes at most; more is a usage error, never ignored. Unlimited when omitted. */
  maxPositionals?: number;
  /** Returns the exit code (0 when omitted). */
  run: (context: CommandContext) => Promise<number | void>;
}

export interface Example {
  /** The whole command line: `git-backlog list +bug`. */
  command: string;
  does?: string;
}

export function defineCommand(command: Command): Command {
  return command;
}
