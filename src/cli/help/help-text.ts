import { BacklogError } from "../../domain/errors.js";
import { closestWord } from "../../domain/suggest.js";
import { COMMANDS, findCommand, loadCommands } from "../commands/index.js";
import { columns, commandHelp } from "./command-help.js";
import { findTopic, TOPICS } from "./topics.js";

/** `git-backlog help [command | topic]`; an unknown name is a usage error with "did you mean". */
export async function helpText(name?: string): Promise<string> {
  if (name === undefined) return overview();
  const entry = findCommand(name);
  if (entry) return commandHelp(await entry.load());
  const topic = findTopic(name);
  if (topic) return `${topic.text.trimEnd()}\n`;
  const names = [...COMMANDS.flatMap((command) => [command.name, ...(command.aliases ?? [])]), ...TOPICS.flatMap((t) => [t.name, ...t.aliases])];
  const guess = closestWord(name, names, (candidate) => findCommand(candidate)?.name ?? findTopic(candidate)?.name ?? candidate);
  throw new BacklogError("usage", `unknown command or help topic "${name}"; ${guess ? `did you mean ${guess}? ` : ""}\`git-backlog help\` lists them.`, { token: name });
}

async function overview(): Promise<string> {
  const commands = await loadCommands();
  return [
    "git-backlog: tasks as markdown files in your git repository, for people and agents.",
    "",
    "Usage: git-backlog <command> [arguments]   (also: git backlog ...)",
    "",
    ...columns(commands.map((command) => [command.name, command.summary])),
    "",
    "Help topics:",
    ...columns(TOPICS.map((topic) => [topic.name, topic.summary])),
    "",
    "git-backlog help <command> (or <command> --help) and git-backlog help <topic> say more.",
    "Every read command takes --json. Exit codes: 0 ok, 1 refused or failed, 2 usage error.",
    "",
  ].join("\n");
}
