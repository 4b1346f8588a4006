import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cliEnv } from "../helpers/cli.js";
import { tempDir } from "../helpers/git-repo.js";

/**
 * The plugin installed by Claude Code itself, as the README's "Claude Code" section has a user do
 * it from a clone: `claude plugin marketplace add <clone>` and `claude plugin install
 * git-backlog@git-backlog`, in a fresh home folder (no login needed). Claude Code copies the
 * plugin into its cache and installs its dependencies there; then the server is started from
 * that cache as `.mcp.json` says, and its SessionStart hook run, which gives Bash the plugin's CLI.
 * What is installed is the repository's last commit, as a user's clone would have it.
 */

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The Claude Code release CI validates the plugin with: one version, named in .ci/run. */
const CLAUDE_CODE = /@anthropic-ai\/claude-code@[\d.]+/.exec(readFileSync(join(REPO, ".ci", "run"), "utf8"))?.[0] ?? "";

let home: { dir: string; cleanup: () => void };
let clone: { dir: string; cleanup: () => void };
let project: { dir: string; cleanup: () => void };
let installPath = "";
let env: Record<string, string> = {};
const timings: string[] = [];

function claude(...args: string[]): string {
  const started = performance.now();
  const result = spawnSync("npx", ["-y", CLAUDE_CODE, ...args], { env, encoding: "utf8", timeout: 300_000 });
  timings.push(`claude ${args.join(" ")}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (result.status !== 0) throw new Error(`claude ${args.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

beforeAll(() => {
  expect(CLAUDE_CODE).not.toBe("");
  home = tempDir("git-backlog-claude-home-");
  clone = tempDir("git-backlog-clone-");
  project = backlogRepo();
  // npm's cache stays the user's: a fresh HOME would download Claude Code and the plugin's dependencies again.
  const npmCache = execFileSync("npm", ["config", "get", "cache"], { encoding: "utf8" }).trim();
  env = Object.fromEntries(
    Object.entries({ ...cliEnv(), HOME: home.dir, npm_config_cache: npmCache, DISABLE_TELEMETRY: "1", CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1" }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  execFileSync("git", ["clone", "-q", REPO, clone.dir], { env });
  claude("plugin", "marketplace", "add", clone.dir);
  claude("plugin", "install", "git-backlog@git-backlog");
  const installed = JSON.parse(readFileSync(join(home.dir, ".claude", "plugins", "installed_plugins.json"), "utf8")) as { plugins: Record<string, { installPath: string }[]> };
  installPath = installed.plugins["git-backlog@git-backlog"]?.[0]?.installPath ?? "";
}, 600_000);

afterAll(() => {
  console.log(timings.join("\n"));
  home?.cleanup();
  clone?.cleanup();
  project?.cleanup();
});

describe("the plugin as Claude Code installs it", () => {
  it("lands in Claude Code's plugin cache with its dependencies, not built", () => {
    expect(installPath.startsWith(join(home.dir, ".claude", "plugins", "cache"))).toBe(true);
    expect(existsSync(join(installPath, ".claude-plugin", "plugin.json"))).toBe(true);
    expect(existsSync(join(installPath, "node_modules", "@modelcontextprotocol", "server"))).toBe(true);
    expect(existsSync(join(installPath, "dist"))).toBe(false);
  });

  it("starts its server from the cache, builds it on the first start, and adds tasks to the project", async () => {
    const config = JSON.parse(readFileSync(join(installPath, ".mcp.json"), "utf8")) as { mcpServers: Record<string, { command: string; args: string[] }> };
    const server = config.mcpServers.backlog;
    if (!server) throw new Error(".mcp.json has no backlog server");
    const substitute = (text: string): string => text.replaceAll("${CLAUDE_PLUGIN_ROOT}", installPath);
    for (const [round, limit] of [["first", 30_000], ["second", 3_000]] as const) {
      const started = performance.now();
      const transport = new StdioClientTransport({ command: substitute(server.command), args: server.args.map(substitute), cwd: installPath, env: { ...env, CLAUDE_PROJECT_DIR: project.dir }, stderr: "pipe" });
      const client = new Client({ name: "claude-install-test", version: "1.0.0" });
      await client.connect(transport);
      try {
        const { tools } = await client.listTools();
        const ms = performance.now() - started;
        timings.push(`${round} start: tools/list after ${(ms / 1000).toFixed(2)} s`);
        expect(ms).toBeLessThan(limit);
        expect(tools.map((tool) => tool.name)).toContain("task_add");
        const added = await client.callTool({ name: "task_add", arguments: { title: `Added on the ${round} start` } });
        expect(added.isError).toBeFalsy();
      } finally {
        await client.close();
      }
    }
    expect(readdirSync(join(project.dir, "backlog")).sort()).toEqual(["1-added-on-the-first-start.md", "2-added-on-the-second-start.md"]);
    expect(existsSync(join(installPath, "backlog"))).toBe(false);
  }, 120_000);

  it("runs its SessionStart hook from the cache on a real event", () => {
    const hooks = JSON.parse(readFileSync(join(installPath, "hooks", "hooks.json"), "utf8")) as { hooks: Record<string, { hooks: { command: string; args: string[] }[] }[]> };
    const handler = hooks.hooks.SessionStart?.[0]?.hooks[0];
    if (!handler) throw new Error("hooks.json has no SessionStart handler");
    const substitute = (text: string): string => text.replaceAll("${CLAUDE_PLUGIN_ROOT}", installPath);
    const event = { session_id: "s1", transcript_path: join(home.dir, "t.jsonl"), cwd: project.dir, hook_event_name: "SessionStart", source: "startup" };
    const envFile = join(home.dir, "session.env");
    const result = spawnSync(substitute(handler.command), handler.args.map(substitute), { cwd: project.dir, env: { ...env, CLAUDE_PROJECT_DIR: project.dir, CLAUDE_ENV_FILE: envFile }, input: JSON.stringify(event), encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Added on the first start");
    // The Bash tool then has the plugin's git-backlog: the skills' fallback works without an install.
    expect(statSync(join(installPath, "libexec", "git-backlog")).mode & 0o111).not.toBe(0);
    const listed = spawnSync("bash", ["-c", `source '${envFile}' && git backlog list --json`], { cwd: project.dir, env, encoding: "utf8" });
    expect(listed.status, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { title: string }[]).map((task) => task.title)).toEqual(["Added on the first start", "Added on the second start"]);
  });
});
