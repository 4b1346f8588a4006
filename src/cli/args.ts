import { BacklogError } from "../domain/errors.js";
import { notATaskId, readTaskId } from "../domain/task-id.js";

/** One option of a command: how it is parsed, and the line `help` and the man page give it. */
export interface Flag {
  /** `boolean`: `--name`; `string`: `--name <value>` or `--name=<value>`. */
  kind: "boolean" | "string";
  /** What the value is, as help names it: `--limit <n>`. */
  value?: string;
  help: string;
}

export type FlagSpec = Readonly<Record<string, Flag>>;

/** `--json`, which every read command and most others take (docs/reference/mcp.md, "The task object": a stable shape). */
export const JSON_FLAG: Flag = { kind: "boolean", help: "print the answer as JSON instead of text" };

export interface ParsedArgs {
  flags: Record<string, string | boolean>;
  /** Everything else, in order: filter terms, `+tag`, `-tag`, `key:value`, words (those after `--` too). */
  positionals: string[];
  /** Where the words that followed `--` start in `positionals`: text, never changes (docs/reference/changes.md, "Title words and quoting"). */
  textFrom?: number;
}

/**
 * Splits arguments into `--flags` and positionals. Not util.parseArgs: Taskwarrior-style
 * `-tag` must stay a positional, so only `--name`, `--name=value` and a leading `-h` are flags;
 * `--` ends them. `-h` anywhere else is a word (`annotate 3 run it with -h`, `modify 3 -h`).
 */
export function splitArgs(argv: readonly string[], spec: FlagSpec): ParsedArgs {
  const flags: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") {
      const textFrom = positionals.length;
      positionals.push(...argv.slice(i + 1));
      return { flags, positionals, textFrom };
    }
    if (arg === "-h" && i === 0) {
      flags.help = true;
      continue;
    }
    if (!arg.startsWith("--") || arg.length === 2) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const kind = name === "help" ? "boolean" : spec[name]?.kind;
    if (!kind) {
      const known = Object.keys(spec).length > 0 ? `; this command takes ${Object.keys(spec).map((key) => `--${key}`).join(", ")}` : "";
      throw new BacklogError("usage", `unknown option --${name}${known}. To write it as text, put it after --: every word after -- is text.`, { token: arg });
    }
    if (kind === "boolean") {
      if (eq >= 0) throw new BacklogError("usage", `--${name} takes no value.`, { token: arg });
      flags[name] = true;
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new BacklogError("usage", `--${name} needs a value.`, { token: arg });
    // Keeping only the last value would drop the first without a word.
    if (flags[name] !== undefined) throw new BacklogError("usage", `--${name} is given twice ("${String(flags[name])}" and "${value}"); give it once.`, { token: arg });
    flags[name] = value;
  }
  return { flags, positionals };
}

/**
 * The positionals from `from` on, split where `--` stood: `words` (changes, tags, title words) and
 * `text`, the words after `--`, which are title or note text whatever they look like.
 */
export function wordsAndText(args: ParsedArgs, from = 0): { words: string[]; text: string[] } {
  const at = Math.max(from, args.textFrom ?? args.positionals.length);
  return { words: args.positionals.slice(from, at), text: args.positionals.slice(at) };
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags[name];
  return typeof value === "string" ? value : undefined;
}

export function intFlag(args: ParsedArgs, name: string): number | undefined {
  const value = stringFlag(args, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new BacklogError("usage", `--${name} takes a whole number, not "${value}".`, { token: value });
  return Number(value);
}

/** Ids from `12 15`, `12,15` or `#12`; anything else is a usage error naming the token. */
export function parseIds(tokens: readonly string[]): number[] {
  const ids: number[] = [];
  for (const token of tokens) {
    for (const part of token.split(",")) {
      const id = readTaskId(part);
      if (id === undefined) throw new BacklogError("usage", `${notATaskId(part)}.`, { token: part });
      ids.push(id);
    }
  }
  return ids;
}

/** The one task id a command acts on; an id list (`12,15`, `12 15`) is a usage error rather than a silent pick of the first. */
export function parseOneId(tokens: readonly string[], command: string): number | undefined {
  const ids = parseIds(tokens);
  if (ids.length > 1) throw new BacklogError("usage", `${command} takes one task id, not ${ids.join(", ")}.`, { token: tokens.join(" ") });
  return ids[0];
}
