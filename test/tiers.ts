/**
 * Which suites run in the slow tier (`npm run test:slow`, `vitest.slow.config.ts`); every other
 * suite is the fast tier (`npm test`). CI runs both. A suite is slow when it races processes,
 * kills them, counts losses over hundreds of operations, or spends its time in what only
 * separate processes and real git plumbing show (several servers, stdio shutdown, worktrees,
 * merges through the driver, git's content conversions): its behaviour, not its code, is the
 * point, so it runs as users run it, and costs seconds per case.
 */
export const SLOW_SUITES: readonly string[] = [
  // Stress and crash runs: processes racing on one clone, kill -9, an editor saving meanwhile.
  "test/slow/**/*.test.ts",
  // Task branches and worktrees: git worktree add/remove for every case.
  "test/integration/worktree/**/*.test.ts",
  // Merges through the installed merge driver, on real branches.
  "test/integration/merge/**/*.test.ts",
  // The MCP server as its own process: stdio shutdown, malformed lines, several servers at once.
  "test/integration/mcp/shutdown.test.ts",
  "test/integration/mcp/malformed-input.test.ts",
  "test/integration/mcp/two-servers.test.ts",
  "test/integration/mcp/worktree.test.ts",
  "test/integration/mcp/toolsets.test.ts",
  "test/integration/mcp/task-folder.test.ts",
  // Every content conversion git has (autocrlf, eol, ident, clean filters), each checked against git add.
  "test/integration/git/content-conversion.test.ts",
  // The built CLI on a real terminal (util-linux script), and `watch` left running and stopped by signals.
  "test/integration/cli/terminal-output.test.ts",
  "test/integration/cli/watch.test.ts",
  // Live indexes as their own processes (watch, mcp) serving the CLI, killed and stopped by signals.
  "test/integration/cli/live-commands.test.ts",
  // The board in a real browser (Chromium through playwright-core).
  "test/integration/web/**/*.test.ts",
  // The Claude Code plugin's hooks, each run as its own node process.
  "test/integration/plugin/plugin.test.ts",
];

/**
 * Property suites that run real git for every case: the fast tier runs a few cases of each, the
 * slow tier runs them again with `SLOW_PROPERTY_RUNS` cases.
 */
export const GIT_PROPERTY_SUITES: readonly string[] = [
  "test/integration/git/folder-diff.test.ts",
  "test/integration/service/live-refresh-property.test.ts",
];
export const SLOW_PROPERTY_RUNS = "60";
