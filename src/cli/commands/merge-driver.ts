import { BacklogError } from "../../domain/errors.js";
import { mergeDriver } from "../../service/operations/merge-driver.js";
import { defineCommand } from "../command.js";

/** Run by git, not by people: `init` registers it as `merge.backlog.driver`. Exit 1 tells git conflicts remain. */
export const mergeDriverCommand = defineCommand({
  name: "merge-driver",
  summary: "merge a task file field by field (git runs this during a merge; set up by init)",
  usage: "merge-driver <base> <ours> <theirs> [<path>]",
  help: `Merges the two sides' frontmatter field by field (a field changed on one side takes that
side; both sides' tags, notes and dependencies are united) and the document with git merge-file.
Exit 1 tells git a conflict remains, marked in the document only. init registers it; doctor
checks it would run.`,
  flags: {},
  examples: [
    { command: "git-backlog merge-driver %O %A %B %P", does: "as git runs it (merge.backlog.driver)" },
    { command: "git-backlog init", does: "registers it in .git/config and .gitattributes" },
  ],
  async run({ io, args }) {
    const [base, ours, theirs, path] = args.positionals;
    if (base === undefined || ours === undefined || theirs === undefined) {
      throw new BacklogError("usage", "merge-driver needs the files git passes as %O %A %B (and %P); init registers it: git-backlog merge-driver %O %A %B %P");
    }
    const result = await mergeDriver({ base, ours, theirs, path: path ?? ours, cwd: io.cwd, env: io.env });
    if (result.conflicted) {
      const where =
        result.mode === "fields"
          ? "in the task's description (the frontmatter and notes merged cleanly)"
          : result.mode === "bytes"
            ? "(a side is not valid UTF-8, so git merged its bytes line by line; re-save the file as UTF-8)"
            : "(the file is not a valid task, so git merged it line by line)";
      io.stderr(`git-backlog: ${path ?? ours}: conflict ${where}; edit the <<<<<<< ======= >>>>>>> part, then git add the file\n`);
    }
    return result.conflicted ? 1 : 0;
  },
});
