import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { cli, cliEnv } from "../../helpers/cli.js";
import { gitRepo } from "../../helpers/git-repo.js";

/**
 * A repository set up by `git-backlog init` with `.gitattributes` committed, so `git merge` really
 * runs the driver init registered (the built CLI, by absolute path).
 */
export interface MergeRepo {
  dir: string;
  /** Runs git and returns its trimmed stdout; throws on a non-zero exit. */
  git: (...args: string[]) => string;
  /** Runs git and returns the exit code with the output, for merges expected to conflict. */
  tryGit: (...args: string[]) => { code: number; output: string };
  cleanup: () => void;
}

export async function mergeRepo(): Promise<MergeRepo> {
  const repo = gitRepo();
  mkdirSync(join(repo.dir, "backlog"));
  const env = cliEnv();
  const git = (...args: string[]): string => execFileSync("git", args, { cwd: repo.dir, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trimEnd();
  const tryGit = (...args: string[]): { code: number; output: string } => {
    const result = spawnSync("git", args, { cwd: repo.dir, env, encoding: "utf8" });
    return { code: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
  };
  await cli(repo.dir, ["init"]);
  git("add", ".gitattributes");
  git("commit", "-q", "-m", "init");
  return {
    dir: repo.dir,
    git,
    tryGit,
    cleanup: repo.cleanup,
  };
}

/** Runs the CLI at a given moment, so `modified` says which side changed last. */
export const at = (time: string): { env: Record<string, string> } => ({ env: { BACKLOG_NOW: time } });
