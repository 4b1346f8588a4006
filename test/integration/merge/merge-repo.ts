import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CLI, cli, cliEnv, NOW } from "../../helpers/cli.js";
import { gitRepo, tempDir } from "../../helpers/git-repo.js";

/**
 * A repository set up by `git-backlog init` with the built CLI on PATH as `git-backlog`, the way
 * a user has it, so `git merge` really runs `git-backlog merge-driver %O %A %B %P`.
 */
export interface MergeRepo {
  dir: string;
  /** Runs git with the shim on PATH and returns its trimmed stdout; throws on a non-zero exit. */
  git: (...args: string[]) => string;
  /** Runs git and returns the exit code with the output, for merges expected to conflict. */
  tryGit: (...args: string[]) => { code: number; output: string };
  cleanup: () => void;
}

export async function mergeRepo(): Promise<MergeRepo> {
  const repo = gitRepo();
  const bin = tempDir("git-backlog-bin-");
  mkdirSync(join(repo.dir, "backlog"));
  const shim = join(bin.dir, "git-backlog");
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(shim, 0o755);
  const env = cliEnv({ PATH: `${bin.dir}:${process.env.PATH ?? ""}`, BACKLOG_NOW: NOW });
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
    cleanup: () => {
      repo.cleanup();
      bin.cleanup();
    },
  };
}

/** Runs the CLI at a given moment, so `modified` says which side changed last. */
export const at = (time: string): { env: Record<string, string> } => ({ env: { BACKLOG_NOW: time } });
