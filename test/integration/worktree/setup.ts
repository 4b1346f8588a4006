import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { git, tempDir } from "../../helpers/git-repo.js";
import { cli } from "../../helpers/cli.js";

/**
 * A project repository one level down in a temp folder, so the worktrees created beside it
 * (`<tmp>/project-<id>-<slug>`) stay inside the temp folder and go with `cleanup()`.
 */
export function project(): { tmp: string; dir: string; cleanup: () => void } {
  const tmp = tempDir("git-backlog-wt-");
  const dir = join(tmp.dir, "project");
  mkdirSync(join(dir, "backlog"), { recursive: true });
  git(dir, "init", "-q", "-b", "main");
  for (const [key, value] of [["user.name", "Test User"], ["user.email", "test@example.com"], ["commit.gpgsign", "false"], ["gc.auto", "0"], ["maintenance.auto", "false"]] as const) {
    git(dir, "config", key, value);
  }
  git(dir, "commit", "-q", "--allow-empty", "-m", "initial");
  return { tmp: tmp.dir, dir, cleanup: tmp.cleanup };
}

/** Adds a task through the CLI and returns its id. */
export async function addTask(dir: string, title: string): Promise<number> {
  const out = await cli(dir, ["add", title, "--json"]);
  return (JSON.parse(out) as { id: number }).id;
}

/** The agent `startInWorktree` claims for by default: the claim's later writes (modify, done) are theirs too. */
export const AGENT_A = { env: { BACKLOG_AGENT: "agent-a" } };

/** `start <id> --worktree --json` as an agent; returns the worktree part of the answer. */
export async function startInWorktree(dir: string, id: number, agent = "agent-a"): Promise<{ branch: string; path: string; base: string; reused: boolean; sha?: string }> {
  const out = await cli(dir, ["start", String(id), "--worktree", "--json"], { env: { BACKLOG_AGENT: agent } });
  return (JSON.parse(out) as { started_worktree: { branch: string; path: string; base: string; reused: boolean; sha?: string } }).started_worktree;
}

/** Commits a work file in a worktree, as an agent's own work would be. */
export function commitWork(dir: string, file: string, text = "work\n"): void {
  mkdirSync(dirname(join(dir, file)), { recursive: true });
  writeFileSync(join(dir, file), text);
  git(dir, "add", "--", file);
  git(dir, "commit", "-q", "-m", `work on ${file}`);
}
