import { afterEach } from "vitest";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Environment for git in tests: a fixed user, no signing, no system or global config. */
export const GIT_TEST_ENV: NodeJS.ProcessEnv = {
  // Nothing of the developer's git session leaks in (GIT_DIR, GIT_INDEX_FILE, GIT_WORK_TREE from a hook, ...).
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("GIT_"))),
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_AUTHOR_NAME: "Test User",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test User",
  GIT_COMMITTER_EMAIL: "test@example.com",
};

/** Runs git in `cwd` and returns its trimmed stdout; throws with stderr on failure. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, env: GIT_TEST_ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trimEnd();
}

/** A fresh temp folder; `cleanup()` removes it. */
export function tempDir(prefix = "git-backlog-"): { dir: string; cleanup: () => void } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A real git repository in a temp folder, on branch `main`, with a fixed user,
 * no signing and no background gc. Pass `commit: false` to leave the branch unborn.
 *
 * Made by git once per test process and copied for each test: seven git processes per
 * repository were a third of the fast tier's time.
 */
export function gitRepo(options: { initialCommit?: boolean } = {}): { dir: string; cleanup: () => void } {
  const withCommit = options.initialCommit !== false;
  const template = (templates[withCommit ? 1 : 0] ??= makeTemplate(withCommit));
  const tmp = tempDir();
  cpSync(template, tmp.dir, { recursive: true });
  return tmp;
}

const templates: [string?, string?] = [];

function makeTemplate(withCommit: boolean): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "git-backlog-template-")));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  git(dir, "init", "-q", "-b", "main");
  git(dir, "config", "user.name", "Test User");
  git(dir, "config", "user.email", "test@example.com");
  git(dir, "config", "commit.gpgsign", "false");
  git(dir, "config", "gc.auto", "0");
  git(dir, "config", "maintenance.auto", "false");
  if (withCommit) git(dir, "commit", "-q", "--allow-empty", "-m", "initial");
  return dir;
}

/**
 * For a test file's top level: returns `track`, which takes a temp folder or repository (anything
 * with `cleanup`) and removes it after the current test.
 */
export function cleanupAfterEach(): <T extends { cleanup: () => void }>(made: T) => T {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    while (cleanups.length) cleanups.pop()?.();
  });
  return (made) => {
    cleanups.push(made.cleanup);
    return made;
  };
}

/**
 * For tests that run concurrently (where one test's `afterEach` would remove another's folders):
 * pass the test context's `onTestFinished`; `made` is removed when that test ends.
 */
export function removeAfter<T extends { cleanup: () => void }>(onTestFinished: (cleanup: () => void) => void, made: T): T {
  onTestFinished(made.cleanup);
  return made;
}
