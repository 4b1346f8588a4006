import { statSync } from "node:fs";
import { currentEnv } from "./git-env.js";
import { homedir } from "node:os";
import { join } from "node:path";
import { BacklogError } from "../domain/errors.js";
import type { Person } from "./commit-object.js";
import { gitFailure, repoEnv, runGit } from "./git-cli.js";
import type { RepoPaths } from "./repo-paths.js";

/**
 * The few config values a commit needs, read by git itself (so includes, `-c`, worktree config
 * and every scope behave as in git) and kept until one of the config files changes: a
 * long-running server pays for the `git config` process once, not per operation.
 */

export interface CommitConfig {
  name?: string;
  email?: string;
  gpgSign: boolean;
  objectFormat?: string;
  bare: boolean;
  /** `core.autocrlf` as written (true, input, false...); undefined when unset. */
  autocrlf?: string;
  /** `core.attributesFile`, `~/` expanded; undefined when unset. */
  attributesFile?: string;
  /** `attr.tree`: attributes read from a tree instead of the working tree (git 2.42+). */
  attrTree?: string;
}

export interface ConfigReader {
  read(): Promise<CommitConfig>;
}

const KEYS = /^(user\.name|user\.email|commit\.gpgsign|extensions\.objectformat|core\.bare|core\.autocrlf|core\.attributesfile|attr\.tree)$/;

/** Per repository (and worktree), for the whole process: the writer, the actor's name and every later open of the same repository share one read while no config file changes. */
const configs = new Map<string, { signature: string; config: Promise<CommitConfig> }>();

export function createConfigReader(paths: RepoPaths): ConfigReader {
  const key = `${paths.commonDir}\0${paths.gitDir}\0${paths.root}`;
  return {
    read() {
      const signature = configSignature(paths);
      const cached = configs.get(key);
      if (cached?.signature === signature) return cached.config;
      const config = readConfig(paths);
      configs.set(key, { signature, config });
      // A failed read is not kept: the next one asks git again.
      config.catch(() => configs.get(key)?.config === config && configs.delete(key));
      return config;
    },
  };
}

/** The author's name as git would pick it for a commit, when it has one: `GIT_AUTHOR_NAME`, else `user.name`. */
export function authorName(config: CommitConfig, env: NodeJS.ProcessEnv = currentEnv()): string | undefined {
  const name = (env.GIT_AUTHOR_NAME ?? config.name)?.trim();
  return name || undefined;
}

/** Author and committer as git would pick them: environment first, then `user.name` / `user.email`. */
export function resolveIdentity(config: CommitConfig, env: NodeJS.ProcessEnv = currentEnv()): { author: Person; committer: Person } {
  const pick = (kind: "AUTHOR" | "COMMITTER"): Person => {
    const name = env[`GIT_${kind}_NAME`] ?? config.name;
    const email = env[`GIT_${kind}_EMAIL`] ?? config.email ?? env.EMAIL;
    if (!name?.trim() || !email?.trim()) {
      throw new BacklogError(
        "git",
        "git does not know who you are, so backlog cannot commit. Set your identity: " +
          '`git config --global user.name "Your Name"` and `git config --global user.email you@example.com` ' +
          "(drop --global for this repository only), or set `commit: false` in .backlog to write files without commits.",
        { missing: !name?.trim() ? "user.name" : "user.email" },
      );
    }
    return { name, email };
  };
  return { author: pick("AUTHOR"), committer: pick("COMMITTER") };
}

async function readConfig(paths: RepoPaths): Promise<CommitConfig> {
  const args = ["config", "-z", "--get-regexp", KEYS.source];
  const result = await runGit(args, { cwd: paths.root, env: repoEnv(paths) });
  // Exit code 1: none of the keys is set.
  if (result.code !== 0 && result.code !== 1) throw gitFailure(args, result);
  const values = new Map<string, string>();
  for (const record of result.stdout.toString("utf8").split("\0")) {
    const newline = record.indexOf("\n");
    const key = (newline < 0 ? record : record.slice(0, newline)).toLowerCase();
    if (key) values.set(key, newline < 0 ? "true" : record.slice(newline + 1));
  }
  const config: CommitConfig = { gpgSign: isTrue(values.get("commit.gpgsign")), bare: isTrue(values.get("core.bare")) };
  const name = values.get("user.name");
  const email = values.get("user.email");
  const objectFormat = values.get("extensions.objectformat");
  if (name !== undefined) config.name = name;
  if (email !== undefined) config.email = email;
  if (objectFormat !== undefined) config.objectFormat = objectFormat.toLowerCase();
  const autocrlf = values.get("core.autocrlf");
  const attributesFile = values.get("core.attributesfile");
  const attrTree = values.get("attr.tree");
  if (autocrlf !== undefined) config.autocrlf = autocrlf.trim().toLowerCase();
  if (attributesFile !== undefined) config.attributesFile = attributesFile.replace(/^~(?=\/|$)/, currentEnv().HOME ?? homedir());
  if (attrTree !== undefined) config.attrTree = attrTree;
  return config;
}

export function isTrue(value: string | undefined): boolean {
  return value !== undefined && ["true", "yes", "on", "1"].includes(value.trim().toLowerCase());
}

/** Changes whenever a file git reads its config from changes, or the environment that picks them. */
function configSignature(paths: RepoPaths): string {
  const env = currentEnv();
  const home = env.HOME ?? homedir();
  const files = [join(paths.commonDir, "config"), join(paths.gitDir, "config.worktree")];
  if (env.GIT_CONFIG_GLOBAL !== undefined) files.push(env.GIT_CONFIG_GLOBAL);
  else files.push(join(home, ".gitconfig"), join(env.XDG_CONFIG_HOME ?? join(home, ".config"), "git", "config"));
  if (!env.GIT_CONFIG_NOSYSTEM) files.push(env.GIT_CONFIG_SYSTEM ?? "/etc/gitconfig");
  const stamps = files.map((file) => {
    try {
      const info = statSync(file, { bigint: true });
      return `${file}:${info.mtimeNs}:${info.size}:${info.ino}`;
    } catch {
      return `${file}:-`;
    }
  });
  const envKeys = Object.keys(env)
    .filter((key) => key.startsWith("GIT_CONFIG"))
    .sort()
    .map((key) => `${key}=${env[key]}`);
  return [...stamps, ...envKeys].join("\n");
}
