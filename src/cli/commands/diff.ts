import { BacklogError } from "../../domain/errors.js";
import { locateBacklog } from "../../service/locate-backlog.js";
import { diffBacklog } from "../../service/operations/diff.js";
import { stringFlag } from "../args.js";
import { defineCommand } from "../command.js";
import { renderDiffMarkdown, renderDiffText } from "../output/task-changes.js";

const FORMATS = ["text", "markdown"] as const;

export const diffCommand = defineCommand({
  name: "diff",
  summary: "what changed in the tasks, task by task and field by field (default: this branch's work, uncommitted edits included)",
  usage: "diff [range] [--format text|markdown] [--json]",
  help: `Without a range: from where this branch left its upstream (else main, else master) to the
working tree, so a branch's tasks are reviewed as its pull request will show them, hand edits not
yet committed included. A range is written as for git diff: a..b (from a to b), a...b (from where
b left a, to b), c^! (what commit c changed) or c (from c to the working tree). Tasks added, deleted, changed, renamed, renumbered and moved to or from
the archive are named; a task file that does not parse on one side is named, not skipped.

--format markdown writes a pull-request comment: a table of the tasks, then each one's details
in a <details> block. Task text is escaped there, so a task cannot add markup, links or images.`,
  flags: {
    format: { kind: "string", value: "text|markdown", help: "text for a terminal (default) or markdown for a pull-request comment" },
    json: { kind: "boolean", help: "print {range, tasks, unreadable}" },
  },
  examples: [
    { command: "git-backlog diff", does: "this branch's task changes, uncommitted edits included" },
    { command: "git-backlog diff origin/main...HEAD --format markdown", does: "a pull request's task changes as a comment" },
    { command: "git-backlog diff HEAD^!", does: "what the last commit did to the tasks" },
  ],
  maxPositionals: 1,
  async run(context) {
    const format = stringFlag(context.args, "format") ?? "text";
    if (!(FORMATS as readonly string[]).includes(format)) throw new BacklogError("usage", `--format takes text or markdown, not "${format}".`, { token: format });
    // Located, not opened: the diff reads git and the changed files, not the task index.
    const diff = await diffBacklog(await locateBacklog(context.io.cwd, context.io.env), context.args.positionals[0]);
    if (context.json) return context.printJson(diff);
    context.print(format === "markdown" ? renderDiffMarkdown(diff) : renderDiffText(diff, context.paint));
  },
});
