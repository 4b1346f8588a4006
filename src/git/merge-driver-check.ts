import { statSync } from "node:fs";
import type { Problem } from "../domain/problem.js";
import { gitFailure, repoEnv, runGit } from "./git-cli.js";
import { DRIVER_BY_NAME, readDriverCommand } from "./merge-driver-command.js";
import { localConfigName, readMergeDriver } from "./merge-driver-config.js";
import type { RepoPaths } from "./repo-paths.js";

/**
 * What `doctor` says about the merge driver. Without it the backlog works, but git merges task
 * files line by line and conflicts where a field merge would not, so each gap is a warning whose
 * remedy (domain/problem.ts) is `init`.
 */
export async function checkMergeDriver(paths: RepoPaths, dir: string): Promise<Problem[]> {
  const [attribute, setting] = await Promise.all([mergeAttribute(paths, `${dir}/1-task.md`), readMergeDriver(paths)]);
  const problems: Problem[] = [];
  if (attribute !== "backlog") {
    problems.push({
      file: ".gitattributes",
      code: "merge-driver-missing",
      severity: "warning",
      message:
        `task files in ${dir}/ do not use the merge driver (their merge attribute is ${attribute}), so git merges them line by line ` +
        `and conflicts where a field merge would not (commit .gitattributes once it is set up)`,
    });
  }
  if (!setting) {
    problems.push({
      file: localConfigName(paths),
      code: "merge-driver-missing",
      severity: "warning",
      message: "the merge driver is not registered in this clone's git config (which is not cloned: each clone needs it once), so git merges task files line by line",
    });
    return problems;
  }
  const registered = readDriverCommand(setting.command);
  if (registered.kind === "by-name") {
    problems.push({
      file: setting.file,
      code: "merge-driver-outdated",
      severity: "warning",
      message:
        `the merge driver is registered by name (${DRIVER_BY_NAME}), which git started by an IDE or GUI client may not find on its PATH`,
    });
  }
  const gone = registered.kind === "absolute" ? registered.programs.find((program) => !isFile(program)) : undefined;
  if (gone !== undefined) {
    problems.push({
      file: setting.file,
      code: "merge-driver-outdated",
      severity: "warning",
      message: `the merge driver runs ${gone}, which no longer exists (moved by an upgrade?), so git cannot merge task files`,
    });
  }
  return problems;
}

/** The `merge` attribute git gives a task file: `backlog` when set up, else `unspecified`, `unset` or another driver's name. */
async function mergeAttribute(paths: RepoPaths, path: string): Promise<string> {
  const args = ["check-attr", "-z", "merge", "--", path];
  const result = await runGit(args, { cwd: paths.root, env: repoEnv(paths) });
  if (result.code !== 0) throw gitFailure(args, result);
  return result.stdout.toString("utf8").split("\0")[2] ?? "unspecified";
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
