import { join } from "node:path";
import type { DriverProgram } from "../../git/merge-driver-command.js";
import { registerMergeDriver, type DriverRegistration } from "../../git/merge-driver-config.js";
import { uncommittedFiles } from "../../git/uncommitted.js";
import { appendLineOnce, ensureFolder } from "../../store/setup-files.js";
import { locateBacklog } from "../locate-backlog.js";

export type { DriverProgram };

/** What `init` did to one thing it sets up. */
export interface InitStep {
  /** The task folder (`backlog/`), `.gitattributes`, or the git config file that holds the driver. */
  path: string;
  outcome: "created" | "added" | "registered" | "re-registered" | "unchanged" | "kept";
  message: string;
}

export interface InitResult {
  root: string;
  dir: string;
  steps: InitStep[];
  /** Files the team needs that are not committed yet (`.gitattributes`, `.backlog`): the next step. */
  commit: string[];
}

/**
 * Sets a repository up for git-backlog: the task folder, a `.gitattributes` line that gives
 * task files their merge driver, and the driver itself in the repository's git config (config is
 * not cloned, so `init` on a fresh clone adds just that, and after an upgrade points it at the new
 * installation). Idempotent; it changes files outside the task folder, so it leaves them for the
 * user to review and commit.
 */
export async function initBacklog(options: { cwd: string; env?: NodeJS.ProcessEnv; driver: DriverProgram }): Promise<InitResult> {
  const { root, repo: paths, config } = await locateBacklog(options.cwd, options.env ?? process.env);
  const steps: InitStep[] = [];
  const folder = `${config.dir}/`;
  const created = await ensureFolder(join(root, config.dir));
  steps.push(created ? { path: folder, outcome: "created", message: `created ${folder}, the task folder` } : { path: folder, outcome: "unchanged", message: `${folder} is there already` });
  steps.push(await addAttributesLine(root, `${config.dir}/*.md merge=backlog`));
  if (paths) steps.push(driverStep(await registerMergeDriver(paths, options.driver)));
  const commit = paths ? await uncommittedFiles(paths, [".backlog", ".gitattributes"]) : [];
  return { root, dir: config.dir, steps, commit };
}

async function addAttributesLine(root: string, line: string): Promise<InitStep> {
  if ((await appendLineOnce(join(root, ".gitattributes"), line, ".gitattributes")) === "unchanged") {
    return { path: ".gitattributes", outcome: "unchanged", message: `.gitattributes has "${line}" already` };
  }
  return { path: ".gitattributes", outcome: "added", message: `added "${line}" to .gitattributes` };
}

function driverStep(registration: DriverRegistration): InitStep {
  const { file, outcome } = registration;
  const setting = `merge.backlog.driver = ${registration.command}`;
  switch (outcome) {
    case "registered":
      return { path: file, outcome, message: `registered the merge driver in ${file}: ${setting}` };
    case "re-registered":
      return { path: file, outcome, message: `re-registered the merge driver in ${file} for this installation: ${setting} (it was: ${registration.previous})` };
    case "unchanged":
      return { path: file, outcome, message: `the merge driver in ${file} is this installation already: ${setting}` };
    case "kept":
      return { path: file, outcome, message: `kept your own merge driver in ${file}: ${setting}` };
  }
}
