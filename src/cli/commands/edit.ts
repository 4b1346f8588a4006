import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { createInterface } from "node:readline/promises";
import { BacklogError, isBacklogError } from "../../domain/errors.js";
import { editableText, readEditedText, saveEditedTask } from "../../service/operations/edit.js";
import { parseOneId } from "../args.js";
import { defineCommand } from "../command.js";
import { cliErrorText } from "../error-text.js";
import { report } from "./add.js";

export const editCommand = defineCommand({
  name: "edit",
  summary: "edit a task file in $EDITOR; it is validated before anything is saved (--force: another's claim)",
  usage: "edit <id> [--force]",
  help: `Opens a copy of the whole file in $VISUAL or $EDITOR (default vi). The saved text must parse,
keep its id and pass the rules every write passes; otherwise nothing is saved, the error says why
and, on a terminal, you may edit again. modified is stamped unless you changed it yourself.`,
  flags: {
    json: { kind: "boolean", help: "print the saved task as JSON" },
    force: { kind: "boolean", help: "edit a task another agent holds" },
  },
  examples: [
    { command: "git-backlog edit 12", does: "edit task 12's file" },
    { command: "EDITOR=nano git-backlog edit 12", does: "with another editor" },
  ],
  async run(context) {
    const id = parseOneId(context.args.positionals, "edit");
    if (id === undefined) throw new BacklogError("usage", "edit needs a task id.");
    const backlog = await context.open();
    const force = context.args.flags.force === true;
    const { task, text: original } = await editableText(backlog, id, { force });
    const folder = mkdtempSync(join(tmpdir(), "git-backlog-edit-"));
    const file = join(folder, basename(task.path));
    writeFileSync(file, original);
    for (;;) {
      runEditor(context.io.env, file);
      try {
        const result = await saveEditedTask(backlog, id, readEditedText(file), original, { force });
        // Saved (or unchanged): the copy has served; only a refused edit is kept for the user.
        rmSync(folder, { recursive: true, force: true });
        if (result.unchanged) return context.print("No changes.\n");
        return report(context, backlog, result.task, "Saved");
      } catch (error) {
        if (!isBacklogError(error) || (error.code !== "invalid" && error.code !== "conflict")) throw error;
        context.io.stderr(`The edit was not saved:\n${cliErrorText(error)}\n`);
        if (!(await askAgain(context.io.isTTY))) {
          throw new BacklogError("invalid", `nothing was saved; your text is kept in ${file}.`, { file });
        }
      }
    }
  },
});

/** Starts the editor with an argument array, never a shell: `$VISUAL` / `$EDITOR` split on spaces. */
function runEditor(env: NodeJS.ProcessEnv, file: string): void {
  const command = (env.VISUAL || env.EDITOR || "vi").trim().split(/\s+/);
  const [program, ...args] = command;
  const result = spawnSync(program ?? "vi", [...args, file], { stdio: "inherit", env });
  if (result.error) throw new BacklogError("usage", `cannot start the editor "${program}": ${result.error.message}. Set $EDITOR.`);
  if (result.status !== 0) throw new BacklogError("refused", `the editor exited with status ${result.status}; nothing was saved (your text is in ${file}).`, { file });
}

async function askAgain(interactive: boolean): Promise<boolean> {
  if (!interactive || !process.stdin.isTTY) return false;
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question("Edit again? [Y/n] ");
    return !/^n/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}
