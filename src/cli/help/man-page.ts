/**
 * The man page, `man/git-backlog.1` (`git backlog --help` runs `man git-backlog`), set in roff
 * from the same definitions `help` prints: each command's usage, summary, options, rules and
 * examples, then the help topics. scripts/build-man.mjs writes it at build time.
 */
import type { Command } from "../command.js";
import { loadCommands } from "../commands/index.js";
import { exampleRows, optionRows } from "./command-help.js";
import { TOPICS, type HelpTopic } from "./topics.js";

const ENVIRONMENT: readonly (readonly [string, string])[] = [
  ["BACKLOG_AGENT", "The acting agent: the author of notes, the assignee of start, the Backlog-Agent trailer of commits. Else the MCP client's name, else git's user.name."],
  ["BACKLOG_DIR", "The task folder, relative to the repository root (.backlog: dir; default backlog)."],
  ["BACKLOG_NOW", "An ISO time used as now, for reproducible runs and tests."],
  ["BACKLOG_LIVE_INDEX", "0: commands never ask a running index (mcp, watch) to run them over its socket; they read the files themselves."],
  ["BACKLOG_TRACE_LIVE", "1: a command says on stderr which running index ran it, or why none did."],
  ["BACKLOG_TOOLS", "The MCP tools offered: core, standard, all, or a comma list of tool names (.backlog: toolset)."],
  ["VISUAL, EDITOR", "The editor of edit (default vi)."],
  ["NO_COLOR", "No colours, even on a terminal."],
];

const FILES: readonly (readonly [string, string])[] = [
  ["backlog/", "The task folder: one <id>-<slug>.md file per task; archive/, templates/ and prompts/ inside it."],
  [".backlog", "Optional YAML configuration at the repository root: dir, views, urgency, defaults, worktree, toolset (see .backlog.example in the package)."],
  [".gitattributes", 'The line "backlog/*.md merge=backlog" that init writes, so git merges task files with merge-driver.'],
];

/** The page for this version, from every command and topic. */
export async function manPage(version: string): Promise<string> {
  return renderManPage(version, await loadCommands(), TOPICS);
}

export function renderManPage(version: string, commands: readonly Command[], topics: readonly HelpTopic[]): string {
  const out: string[] = [
    `.TH GIT-BACKLOG 1 "" "git-backlog ${version}" "git-backlog manual"`.replace(/-/g, "\\-"),
    // Commands and options are copied into a shell: no word is hyphenated, no line stretched.
    ".nh",
    ".ad l",
    ".SH NAME",
    "git\\-backlog \\- tasks as markdown files in your git repository, for people and agents",
    ".SH SYNOPSIS",
    "\\fBgit\\-backlog\\fR \\fIcommand\\fR [\\fIarguments\\fR]",
    ".br",
    "\\fBgit backlog\\fR \\fIcommand\\fR [\\fIarguments\\fR]",
    ".SH DESCRIPTION",
    ...paragraphs(`Each task is a markdown file with YAML frontmatter in the task folder of your git repository,
and every operation is one git commit. People use this command line; agents use the same
operations through the MCP server (git-backlog mcp).

git-backlog help lists the commands; git-backlog help <command> and git-backlog help <topic>
print the sections below.`),
    ".SH COMMANDS",
  ];
  for (const command of commands) out.push(...commandSection(command));
  for (const topic of topics) out.push(`.SH ${quote(topic.name.toUpperCase())}`, ...paragraphs(topic.text));
  out.push(".SH \"EXIT STATUS\"", ...terms([["0", "Done."], ["1", "Refused or failed: the error says why and what to run."], ["2", "A usage error: an unknown command, option, field or a filter that does not parse."]]));
  out.push(".SH ENVIRONMENT", ...terms(ENVIRONMENT), ".SH FILES", ...terms(FILES));
  out.push('.SH "SEE ALSO"', "\\fBgit\\fR(1), \\fBgit\\-worktree\\fR(1), \\fBtask\\fR(1)");
  return `${out.join("\n")}\n`;
}

function commandSection(command: Command): string[] {
  const aliases = command.aliases && command.aliases.length > 0 ? ["", `Also: ${command.aliases.map((alias) => `git-backlog ${alias}`).join(", ")}.`] : [];
  return [
    `.SS ${quote(command.name)}`,
    `\\fBgit\\-backlog ${escape(command.usage)}\\fR`,
    ...paragraphs([command.summary, ...aliases].join("\n")),
    ...(command.help ? paragraphs(command.help) : []),
    ".PP",
    "Options:",
    ...terms(optionRows(command), 4),
    ".PP",
    "Examples:",
    ...terms(exampleRows(command), 4),
  ];
}

/** Rows as tagged paragraphs: the term in bold, its meaning below it. */
function terms(rows: readonly (readonly [string, string])[], indent?: number): string[] {
  const out = indent === undefined ? [] : [`.RS ${indent}`];
  for (const [term, meaning] of rows) out.push(".TP", `\\fB${escape(term)}\\fR`, meaning === "" ? ".br" : escape(meaning));
  return indent === undefined ? out : [...out, ".RE"];
}

/**
 * Help text as roff: a blank line starts a paragraph, and its lines are filled; lines indented
 * by two spaces are kept as they are (tables, command lines).
 */
function paragraphs(text: string): string[] {
  const out: string[] = [];
  for (const block of text.trim().split(/\n[ \t]*\n/)) {
    out.push(".PP");
    let kept = false;
    for (const line of block.split("\n")) {
      const indented = line.startsWith("  ");
      if (indented !== kept) out.push(indented ? ".nf\n.RS 2" : ".RE\n.fi");
      kept = indented;
      out.push(escape(indented ? line.slice(2) : line));
    }
    if (kept) out.push(".RE", ".fi");
  }
  return out;
}

/**
 * Text for a roff line: backslashes and hyphens escaped (a hyphen a command or an option holds
 * must print as one a shell takes), a leading dot or quote kept from being read as a request,
 * and anything beyond ASCII written as a groff character escape.
 */
function escape(text: string): string {
  const escaped = text
    .replace(/\\/g, "\\e")
    .replace(/-/g, "\\-")
    .replace(/[^\x20-\x7e]/gu, (char) => `\\[u${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}]`);
  return /^[.']/.test(escaped) ? `\\&${escaped}` : escaped;
}

function quote(text: string): string {
  return `"${escape(text)}"`;
}
