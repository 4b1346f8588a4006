import type { Command } from "../command.js";
import { addCommand, duplicateCommand } from "./add.js";
import { archiveCommand } from "./archive.js";
import { doctorCommand } from "./doctor.js";
import { editCommand } from "./edit.js";
import { importCommand } from "./import.js";
import { initCommand } from "./init.js";
import { annotateCommand, denotateCommand } from "./notes.js";
import { deleteCommand, doneCommand, purgeCommand, restoreCommand, startCommand, stopCommand } from "./lifecycle.js";
import { modifyCommand } from "./modify.js";
import { graphCommand, projectsCommand, tagsCommand, viewCommand } from "./overview.js";
import { countCommand, exportCommand, listCommand, nextCommand, showCommand } from "./query.js";

/** Every command, in the order `help` lists them. */
export const COMMANDS: readonly Command[] = [
  initCommand,
  addCommand,
  listCommand,
  countCommand,
  showCommand,
  nextCommand,
  modifyCommand,
  editCommand,
  startCommand,
  stopCommand,
  doneCommand,
  annotateCommand,
  denotateCommand,
  deleteCommand,
  restoreCommand,
  purgeCommand,
  duplicateCommand,
  graphCommand,
  viewCommand,
  projectsCommand,
  tagsCommand,
  archiveCommand,
  importCommand,
  exportCommand,
  doctorCommand,
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name || command.aliases?.includes(name));
}
