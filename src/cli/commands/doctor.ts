import { diagnose, fixBacklog } from "../../service/operations/doctor.js";
import type { Problem } from "../../domain/problem.js";
import { BacklogError } from "../../domain/errors.js";
import { stringFlag } from "../args.js";
import { defineCommand } from "../command.js";
import { cliProblemText } from "../error-text.js";

export const doctorCommand = defineCommand({
  name: "doctor",
  summary: "report every problem in the task files and the merge driver's setup; --fix gives id-less files an id, renumbers the newer of two tasks with one id, and renames mismatched files",
  usage: "doctor [--fix [--keep <file>]] [--json]",
  help: `Each problem is reported with its file, line and code: files that do not parse, bad values,
missing or cyclic dependencies, duplicate ids, file names that do not match their id, a done
parent with open children, and a merge driver that is not set up or would not run. Exits 1
while an error remains.

Of two files with one id, --fix renumbers the one that arrived through a merge (git history tells
which); where history cannot tell (both made on this branch, or not committed), the newer by
created, and it says so. --keep names the file that keeps the id.`,
  flags: {
    json: { kind: "boolean", help: 'print {"problems": [...]} (and "fixed" with --fix)' },
    fix: { kind: "boolean", help: "repair what can be repaired safely, in one commit, then report what is left" },
    keep: { kind: "string", value: "file", help: "with --fix: this file keeps its id when another file has it too (a comma list for several)" },
  },
  examples: [
    { command: "git-backlog doctor", does: "check every task file and the setup" },
    { command: "git-backlog doctor --fix", does: "after a merge brought two tasks with one id" },
  ],
  maxPositionals: 0,
  async run(context) {
    const backlog = await context.open();
    let problems: Problem[];
    let fixed: { path: string; action: string }[] = [];
    const keep = stringFlag(context.args, "keep");
    if (keep !== undefined && context.args.flags.fix !== true) throw new BacklogError("usage", "--keep goes with --fix: doctor --fix --keep backlog/24-ours.md.", { token: "--keep" });
    const kept = keep?.split(",").map((path) => path.trim().replace(/\\/g, "/").replace(/^\.\//, "")).filter(Boolean);
    if (context.args.flags.fix === true) ({ problems, fixed } = await fixBacklog(backlog, { ...(kept && { keep: kept }) }));
    else problems = await diagnose(backlog);
    const errors = problems.filter((problem) => problem.severity === "error").length;
    if (context.json) {
      context.printJson({ problems: problems.map((problem) => ({ file: problem.file, line: problem.line ?? null, code: problem.code, message: cliProblemText(problem), severity: problem.severity })), ...(fixed.length > 0 && { fixed }) });
      return errors > 0 ? 1 : 0;
    }
    for (const fix of fixed) context.print(`${context.paint("green", "fixed")} ${fix.path}: ${fix.action}\n`);
    for (const problem of problems) {
      const where = `${problem.file}${problem.line ? `:${problem.line}${problem.column ? `:${problem.column}` : ""}` : ""}`;
      const label = problem.severity === "error" ? context.paint("red", "error") : context.paint("yellow", "warning");
      context.print(`${where}: ${label} ${cliProblemText(problem)} [${problem.code}]\n`);
    }
    if (problems.length === 0) context.print("No problems.\n");
    return errors > 0 ? 1 : 0;
  },
});
