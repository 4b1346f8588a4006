import type { Backlog } from "../service/backlog.js";
import type { FlagSpec, ParsedArgs } from "./args.js";
import type { CliIo, Style } from "./io.js";

export interface CommandContext {
  io: CliIo;
  args: ParsedArgs;
  /** `--json` was given. */
  json: boolean;
  /** Opens the backlog of the working directory (loads the index). */
  open: (options?: { bodies?: boolean }) => Promise<Backlog>;
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
  /** More for `help <command>`: the rules a user needs, and examples. */
  help?: string;
  flags: FlagSpec;
  /** How many words (besides flags) the command takes at most; more is a usage error, never ignored. Unlimited when omitted. */
  maxPositionals?: number;
  /** Returns the exit code (0 when omitted). */
  run: (context: CommandContext) => Promise<number | void>;
}

export function defineCommand(command: Command): Command {
  return command;
}
