import type { Problem } from "../../domain/problem.js";
import { checkBranch } from "../../service/operations/check.js";
import { stringFlag } from "../args.js";
import { defineCommand } from "../command.js";

export const checkCommand = defineCommand({
  name: "check",
  summary: "for CI: exit 1 when the branch's task files have problems or would clash with the branch they merge into",
  usage: "check [--against <branch>] [--json]",
  help: `Fails (exit 1) on what doctor finds in the task files (a file that does not parse, conflict
markers, a duplicate id, a dependency on a missing task, ...) and on what only the merge would
bring: an id added on this branch and on the other one too (named with the id doctor --fix would
give it), and a dependency or parent whose task the other side deletes. Warnings are printed and
do not fail. The other branch is --against, else the upstream, else main, else master.

Problems print as file:line: lines; under GitHub Actions (GITHUB_ACTIONS=true) as ::error
annotations, which GitHub shows on the pull request's files. docs/ci.md has workflows.`,
  flags: {
    against: { kind: "string", value: "branch", help: "the branch the work merges into (default: the upstream, else main, else master)" },
    json: { kind: "boolean", help: 'print {against, problems, ok}' },
  },
  examples: [
    { command: "git-backlog check", does: "this branch's tasks, against its upstream or main" },
    { command: "git-backlog check --against origin/main", does: "in CI, against the pull request's base" },
  ],
  maxPositionals: 0,
  async run(context) {
    const against = stringFlag(context.args, "against");
    const result = await checkBranch(await context.open(), against);
    if (context.json) {
      context.printJson(result);
      return result.ok ? 0 : 1;
    }
    const github = context.io.env.GITHUB_ACTIONS === "true";
    for (const problem of result.problems) context.print(`${github ? annotation(problem) : plainLine(problem, context.paint)}\n`);
    const errors = result.problems.filter((problem) => problem.severity === "error").length;
    const warnings = result.problems.length - errors;
    const base = result.against ? ` against ${result.against.name} (${result.against.oid.slice(0, 10)})` : "";
    const verdict = errors > 0 ? context.paint("red", "failed") : context.paint("green", "passed");
    context.io.stderr(`check ${verdict}${base}: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}\n`);
    return errors > 0 ? 1 : 0;
  },
});

function plainLine(problem: Problem, paint: (style: "red" | "yellow", text: string) => string): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return `${where}: ${paint(problem.severity === "error" ? "red" : "yellow", problem.severity === "error" ? "error" : "warning")}: ${problem.message}`;
}

/** A GitHub Actions workflow command: `::error file=…,line=…::message`, escaped as the runner reads them. */
function annotation(problem: Problem): string {
  const property = (value: string): string => escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
  const properties = [`file=${property(problem.file)}`, ...(problem.line === undefined ? [] : [`line=${problem.line}`]), `title=${property(problem.code)}`];
  return `::${problem.severity === "error" ? "error" : "warning"} ${properties.join(",")}::${escapeData(problem.message)}`;
}

function escapeData(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
