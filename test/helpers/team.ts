import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { cli, cliEnv } from "./cli.js";
import { GIT_TEST_ENV, tempDir } from "./git-repo.js";

/** A bare remote and clones of it, each a working repository set up as a team member's. */
export interface Team {
  remote: string;
  clones: string[];
  /** Runs git in a folder and returns its trimmed stdout; throws on a non-zero exit. */
  git: (cwd: string, ...args: string[]) => string;
  cleanup: () => void;
}

/**
 * `count` clones of one bare repository whose `main` holds the setup `init` writes
 * (`.gitattributes`, the task folder). Each clone has its own user and, like a fresh clone, no
 * merge driver in its config: `sync` gives git the driver for its merges.
 */
export async function team(count: number): Promise<Team> {
  const root = tempDir("git-backlog-team-");
  const git = (cwd: string, ...args: string[]): string => execFileSync("git", args, { cwd, env: cliEnv(), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trimEnd();
  const remote = join(root.dir, "remote.git");
  execFileSync("git", ["init", "-q", "--bare", "-b", "main", remote], { env: GIT_TEST_ENV });
  const seed = join(root.dir, "seed");
  execFileSync("git", ["clone", "-q", remote, seed], { env: GIT_TEST_ENV });
  configure(git, seed, "seed");
  mkdirSync(join(seed, "backlog"));
  await cli(seed, ["init"]);
  git(seed, "add", ".gitattributes");
  git(seed, "commit", "-q", "-m", "set up git-backlog");
  git(seed, "push", "-q", "-u", "origin", "main");
  const clones: string[] = [];
  for (let at = 0; at < count; at++) {
    const clone = join(root.dir, `clone-${at}`);
    execFileSync("git", ["clone", "-q", remote, clone], { env: GIT_TEST_ENV });
    configure(git, clone, `member-${at}`);
    mkdirSync(join(clone, "backlog"), { recursive: true });
    clones.push(clone);
  }
  return { remote, clones, git, cleanup: root.cleanup };
}

function configure(git: Team["git"], dir: string, name: string): void {
  git(dir, "config", "user.name", name);
  git(dir, "config", "user.email", `${name}@example.com`);
  git(dir, "config", "commit.gpgsign", "false");
  git(dir, "config", "gc.auto", "0");
}
