import type { Command } from "../command.js";

/** Every command takes `-h`/`--help`, so its options end with it. */
const HELP_ROW: Row = ["-h, --help", "show this help"];

/** A term and what it means: an option, an example. */
export type Row = readonly [term: string, meaning: string];

/** A command's options as help lists them: `--limit <n>` and its line, `--help` last. */
export function optionRows(command: Command): Row[] {
  const rows = Object.entries(command.flags).map(([name, flag]): Row => [`--${name}${flag.kind === "string" ? ` <${flag.value ?? "value"}>` : ""}`, flag.help]);
  return [...rows, HELP_ROW];
}

export function exampleRows(command: Command): Row[] {
  return command.examples.map((example) => [example.command, example.does ?? ""]);
}

/** `help <command>` and `<command> --help`: usage, what it does, options, rules, examples. */
export function commandHelp(command: Command): string {
  const lines = [`Usage: git-backlog ${command.usage}`, "", command.summary];
  if (command.aliases && command.aliases.length > 0) lines.push(`Also: ${command.aliases.map((alias) => `git-backlog ${alias}`).join(", ")}`);
  lines.push("", "Options:", ...columns(optionRows(command)));
  if (command.help) lines.push("", command.help.trimEnd());
  lines.push("", "Examples:", ...examples(exampleRows(command)));
  return `${lines.join("\n")}\n`;
}

/** Longer terms than this do not push every meaning to the right: theirs follows after two spaces. */
const TERM_WIDTH = 48;

/** Examples side by side with what they do when every command line is short, else each above its meaning. */
function examples(rows: readonly Row[]): string[] {
  if (rows.every(([command]) => command.length <= TERM_WIDTH)) return columns(rows);
  return rows.flatMap(([command, does]) => [`  ${command}`, ...(does === "" ? [] : [`      ${does}`])]);
}

/** Rows as two columns, indented by two spaces. */
export function columns(rows: readonly Row[]): string[] {
  const width = Math.min(TERM_WIDTH, Math.max(...rows.map(([term]) => term.length)));
  return rows.map(([term, meaning]) => (meaning === "" ? `  ${term}` : `  ${term.padEnd(width)}  ${meaning}`));
}
