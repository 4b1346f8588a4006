import { initBacklog } from "../../service/operations/init.js";
import { defineCommand } from "../command.js";

export const initCommand = defineCommand({
  name: "init",
  summary: "create the task folder, the .gitattributes line for task files and the merge driver in .git/config",
  usage: "init",
  flags: { json: "boolean" },
  maxPositionals: 0,
  async run({ io, json, printJson, print }) {
    const result = await initBacklog({ cwd: io.cwd, env: io.env });
    if (json) return printJson(result);
    for (const line of result.actions) print(`${line}\n`);
    if (result.actions.length === 0) print("Already set up: nothing to do.\n");
  },
});
