import { syncBacklog } from "../../service/operations/sync.js";
import { stringFlag } from "../args.js";
import { defineCommand } from "../command.js";
import { installedProgram } from "../installed-program.js";
import { renderDiffText } from "../output/task-changes.js";

export const syncCommand = defineCommand({
  name: "sync",
  summary: "commit hand edits of task files, merge the upstream with the task-file driver, renumber ids that arrived twice, push",
  usage: "sync [--remote <name>] [--no-push] [--json]",
  help: `In order: task files edited by hand are committed (only them: nothing else you staged or
changed is committed); the upstream is fetched and merged as git merge does, task files through
the merge driver; tasks that arrived with an id this branch already uses get new ids in one
commit (references follow); then the branch is pushed, and when the remote moved meanwhile,
fetched, merged and pushed again (up to 5 times). It prints what arrived.

Refused with nothing changed: a detached HEAD, a merge, rebase or cherry-pick in progress, a branch
without an upstream (it says how to set one), changes staged outside the task folder. A true
conflict (both sides changed the same lines of a document) stops with the merge left in progress
and the next steps printed; git merge --abort goes back.`,
  flags: {
    remote: { kind: "string", value: "name", help: "sync with this remote's branch of the upstream's name instead of the upstream's remote" },
    "no-push": { kind: "boolean", help: "fetch and merge only" },
    json: { kind: "boolean", help: "print {branch, upstream, handEdits?, merge, renumbered, pushed, attempts, incoming}" },
  },
  examples: [
    { command: "git-backlog sync", does: "share your task changes and take everyone else's" },
    { command: "git-backlog sync --no-push", does: "take everyone else's changes only" },
  ],
  maxPositionals: 0,
  async run(context) {
    const remote = stringFlag(context.args, "remote");
    const result = await syncBacklog(await context.open(), {
      ...(remote !== undefined && { remote }),
      push: context.args.flags["no-push"] !== true,
      driver: installedProgram(context.io.env, context.io.entryScript),
    });
    if (context.json) return context.printJson(result);
    const { paint } = context;
    if (result.handEdits) context.print(`Committed ${result.handEdits.files.length} task file${result.handEdits.files.length === 1 ? "" : "s"} edited by hand (${result.handEdits.sha.slice(0, 10)}).\n`);
    const merged = { "up-to-date": `${result.branch} already had everything of ${result.upstream}.`, "fast-forward": `Fast-forwarded ${result.branch} to ${result.upstream}.`, merged: `Merged ${result.upstream} into ${result.branch}.` }[result.merge];
    context.print(`${merged}\n`);
    for (const entry of result.renumbered) context.print(`${paint("yellow", "renumbered")} #${entry.from} → #${entry.to} (${entry.path}): it arrived with an id this branch already used\n`);
    if (result.incoming.tasks.length > 0 || result.incoming.unreadable.length > 0) context.print(renderDiffText({ ...result.incoming, range: { ...result.incoming.range, spec: "what arrived" } }, paint));
    context.print(result.pushed ? `Pushed to ${result.upstream}${result.attempts > 1 ? ` (after ${result.attempts} rounds: the remote moved meanwhile)` : ""}.\n` : context.args.flags["no-push"] === true ? "Not pushed (--no-push).\n" : "Nothing to push.\n");
  },
});
