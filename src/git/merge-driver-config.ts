import { isAbsolute, join, relative } from "node:path";
import { gitFailure, repoEnv, runGit } from "./git-cli.js";
import { driverCommand, readDriverCommand, type DriverProgram } from "./merge-driver-command.js";
import type { RepoPaths } from "./repo-paths.js";

/** The driver as git finds it through `.gitattributes` (`merge=backlog`). */
const DRIVER_KEY = "merge.backlog.driver";
const NAME_KEY = "merge.backlog.name";
const NAME = "git-backlog: task files merged field by field";

export interface DriverSetting {
  command: string;
  /** The config file it comes from, as `configFileName` shows it. */
  file: string;
}

/** `merge.backlog.driver` as git will use it at merge time (any scope); undefined when unset. */
export async function readMergeDriver(paths: RepoPaths): Promise<DriverSetting | undefined> {
  const args = ["config", "-z", "--show-origin", "--get", DRIVER_KEY];
  const result = await runGit(args, { cwd: paths.root, env: repoEnv(paths) });
  if (result.code === 1) return undefined;
  if (result.code !== 0) throw gitFailure(args, result);
  const [origin = "", command = ""] = result.stdout.toString("utf8").split("\0");
  const file = origin.replace(/^file:/, "");
  return { command, file: configFileName(paths, isAbsolute(file) ? file : join(paths.root, file)) };
}

/** The repository's own config file, where `init` writes. */
export function localConfigName(paths: RepoPaths): string {
  return configFileName(paths, join(paths.commonDir, "config"));
}

/** Relative to the working tree when inside it (`.git/config`), else absolute (a linked worktree's common dir, ~/.gitconfig). */
function configFileName(paths: RepoPaths, file: string): string {
  const name = relative(paths.root, file);
  return name.startsWith("..") || isAbsolute(name) ? file : name;
}

export type DriverRegistration =
  | { outcome: "registered" | "unchanged"; command: string; file: string }
  /** One `init` wrote for another installation (or by name, before absolute paths) is replaced. */
  | { outcome: "re-registered"; command: string; previous: string; file: string }
  /** The user's own driver (a wrapper, a path of their choosing) is left alone. */
  | { outcome: "kept"; command: string; file: string };

/**
 * Points `merge.backlog.driver` at `program` in the repository's config (config is not cloned:
 * every clone needs this once), replacing a driver an earlier `init` wrote, so an upgrade that
 * moved the installation is repaired by running `init` again.
 */
export async function registerMergeDriver(paths: RepoPaths, program: DriverProgram): Promise<DriverRegistration> {
  const command = driverCommand(program);
  const file = localConfigName(paths);
  const current = await readMergeDriver(paths);
  let registration: DriverRegistration;
  if (current === undefined) registration = { outcome: "registered", command, file };
  else if (current.command === command) registration = { outcome: "unchanged", command, file: current.file };
  else if (readDriverCommand(current.command).kind === "custom") registration = { outcome: "kept", command: current.command, file: current.file };
  else registration = { outcome: "re-registered", command, previous: current.command, file };
  if (registration.outcome === "registered" || registration.outcome === "re-registered") await setLocal(paths, DRIVER_KEY, command);
  const name = await runGit(["config", "--get", NAME_KEY], { cwd: paths.root, env: repoEnv(paths) });
  if (name.code !== 0) await setLocal(paths, NAME_KEY, NAME);
  return registration;
}

async function setLocal(paths: RepoPaths, key: string, value: string): Promise<void> {
  const args = ["config", "--local", key, value];
  const set = await runGit(args, { cwd: paths.root, env: repoEnv(paths) });
  if (set.code !== 0) throw gitFailure(args, set);
}
