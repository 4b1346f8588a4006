import { initBacklog } from "../../service/operations/init.js";
import { defineCommand } from "../command.js";
import { installedProgram } from "../installed-program.js";

export const initCommand = defineCommand({
  name: "init",
  summary: "create the task folder, the .gitattributes line for task files and the merge driver in .git/config (run again after an upgrade)",
  usage: "init [--json]",
  help: `Creates the task folder, adds "<dir>/*.md merge=backlog" to .gitattributes and registers the
merge driver in the repository's git config, then says what it wrote, what it left as it was, and
what to commit (.gitattributes, and .backlog when it is new). Git config is not cloned: run init
once in every clone.

The driver is registered by the absolute paths of node and of this installation, so git finds it
when an IDE or GUI client runs it without your PATH. Run init again after an upgrade that moved
either (doctor says so): it re-registers a driver it wrote, and leaves one you set yourself alone.`,
  flags: { json: { kind: "boolean", help: "print what was written and what to commit as JSON" } },
  examples: [
    { command: "git-backlog init", does: "set up this repository, then commit what it names" },
    { command: "git-backlog init --json", does: "the same, each step as data" },
  ],
  maxPositionals: 0,
  async run({ io, json, printJson, print }) {
    const result = await initBacklog({ cwd: io.cwd, env: io.env, driver: installedProgram(io.env, io.entryScript) });
    if (json) return printJson(result);
    for (const step of result.steps) print(`${step.message}\n`);
    if (result.commit.length > 0) {
      const files = result.commit.join(" ");
      print(`Next: commit ${files}, so every clone merges task files with the driver:\n  git add ${files} && git commit -m "Set up git-backlog"\n`);
    } else if (result.steps.every((step) => step.outcome === "unchanged" || step.outcome === "kept")) {
      print("Already set up: nothing to do.\n");
    }
  },
});
