import type { Command } from "../command.js";

/**
 * A command's names and how to load it. Commands are imported on first use, so a cold
 * `git-backlog list` compiles only the modules `list` needs, not the editor, import, doctor or
 * archive code (a cold `list` stays fast: docs/reference/file-format.md, "How tasks are loaded"). The names here must match the command's own;
 * test/unit/cli/commands.test.ts checks that they do.
 */
export interface CommandEntry {
  name: string;
  aliases?: readonly string[];
  load: () => Promise<Command>;
}

/** Every command, in the order `help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: "init", load: async () => (await import("./init.js")).initCommand },
  { name: "add", load: async () => (await import("./add.js")).addCommand },
  { name: "list", aliases: ["ls"], load: async () => (await import("./list.js")).listCommand },
  { name: "count", load: async () => (await import("./list.js")).countCommand },
  { name: "show", aliases: ["info"], load: async () => (await import("./query.js")).showCommand },
  { name: "next", load: async () => (await import("./query.js")).nextCommand },
  { name: "modify", aliases: ["mod"], load: async () => (await import("./modify.js")).modifyCommand },
  { name: "edit", load: async () => (await import("./edit.js")).editCommand },
  { name: "start", load: async () => (await import("./lifecycle.js")).startCommand },
  { name: "stop", load: async () => (await import("./lifecycle.js")).stopCommand },
  { name: "done", load: async () => (await import("./lifecycle.js")).doneCommand },
  { name: "current", load: async () => (await import("./worktree.js")).currentCommand },
  { name: "worktrees", load: async () => (await import("./worktree.js")).worktreesCommand },
  { name: "prune", load: async () => (await import("./worktree.js")).pruneCommand },
  { name: "annotate", aliases: ["note"], load: async () => (await import("./notes.js")).annotateCommand },
  { name: "denotate", load: async () => (await import("./notes.js")).denotateCommand },
  { name: "delete", load: async () => (await import("./lifecycle.js")).deleteCommand },
  { name: "restore", load: async () => (await import("./lifecycle.js")).restoreCommand },
  { name: "purge", load: async () => (await import("./lifecycle.js")).purgeCommand },
  { name: "duplicate", load: async () => (await import("./add.js")).duplicateCommand },
  { name: "log", load: async () => (await import("./history.js")).logCommand },
  { name: "diff", load: async () => (await import("./diff.js")).diffCommand },
  { name: "check", load: async () => (await import("./check.js")).checkCommand },
  { name: "sync", load: async () => (await import("./sync.js")).syncCommand },
  { name: "undo", load: async () => (await import("./history.js")).undoCommand },
  { name: "redo", load: async () => (await import("./history.js")).redoCommand },
  { name: "graph", load: async () => (await import("./overview.js")).graphCommand },
  { name: "view", load: async () => (await import("./overview.js")).viewCommand },
  { name: "projects", load: async () => (await import("./overview.js")).projectsCommand },
  { name: "tags", load: async () => (await import("./overview.js")).tagsCommand },
  { name: "archive", load: async () => (await import("./archive.js")).archiveCommand },
  { name: "import", load: async () => (await import("./import.js")).importCommand },
  { name: "export", load: async () => (await import("./query.js")).exportCommand },
  { name: "doctor", load: async () => (await import("./doctor.js")).doctorCommand },
  { name: "watch", load: async () => (await import("./watch.js")).watchCommand },
  { name: "board", load: async () => (await import("./board.js")).boardCommand },
  { name: "agents", load: async () => (await import("./agents.js")).agentsCommand },
  { name: "merge-driver", load: async () => (await import("./merge-driver.js")).mergeDriverCommand },
  { name: "mcp", load: async () => (await import("./mcp.js")).mcpCommand },
];

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((command) => command.name === name || command.aliases?.includes(name));
}

/** Every command loaded, for `help`. */
export function loadCommands(): Promise<Command[]> {
  return Promise.all(COMMANDS.map((entry) => entry.load()));
}
