import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cliEnv } from "../helpers/cli.js";
import { GIT_TEST_ENV, tempDir } from "../helpers/git-repo.js";

/**
 * The Claude Code plugin installed as Claude Code installs it (docs/plugin.md): the repository's
 * files copied into a cache folder, `npm ci --ignore-scripts` there (no build runs), then the
 * command of `.mcp.json` started with `${CLAUDE_PLUGIN_ROOT}` substituted, the cache folder as
 * its working directory and CLAUDE_PROJECT_DIR naming the user's repository.
 */

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

let cache: { dir: string; cleanup: () => void };
let project: { dir: string; cleanup: () => void };
let installMs = 0;

interface McpJson {
  mcpServers: Record<string, { command: string; args: string[] }>;
}

/** Starts the plugin's server as Claude Code does: with CLAUDE_PROJECT_DIR, or (`roots`) as a client that offers only its roots. */
async function startPlugin(options: { roots?: string[] } = {}): Promise<{ client: Client; ms: number; tools: string[] }> {
  const config = JSON.parse(readFileSync(join(cache.dir, ".mcp.json"), "utf8")) as McpJson;
  const server = config.mcpServers.backlog;
  if (!server) throw new Error(".mcp.json has no backlog server");
  const substitute = (text: string): string => text.replaceAll("${CLAUDE_PLUGIN_ROOT}", cache.dir);
  const env = Object.fromEntries(Object.entries({ ...cliEnv(), CLAUDE_PROJECT_DIR: options.roots ? undefined : project.dir }).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const start = performance.now();
  const transport = new StdioClientTransport({ command: substitute(server.command), args: server.args.map(substitute), cwd: cache.dir, env, stderr: "pipe" });
  const { roots } = options;
  const client = new Client({ name: "plugin-install-test", version: "1.0.0" }, roots ? { capabilities: { roots: {} } } : {});
  if (roots) client.setRequestHandler("roots/list", () => ({ roots: roots.map((uri) => ({ uri })) }));
  await client.connect(transport);
  const { tools } = await client.listTools();
  return { client, ms: performance.now() - start, tools: tools.map((tool) => tool.name) };
}

beforeAll(() => {
  cache = tempDir("git-backlog-plugin-cache-");
  project = backlogRepo();
  // What Claude Code copies: the repository's files (tracked, and new ones not ignored).
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO, encoding: "utf8" }).split("\0").filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(REPO, file))) continue;
    mkdirSync(dirname(join(cache.dir, file)), { recursive: true });
    copyFileSync(join(REPO, file), join(cache.dir, file));
  }
  const start = performance.now();
  execFileSync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: cache.dir, stdio: ["ignore", "ignore", "pipe"], timeout: 180_000 });
  installMs = performance.now() - start;
}, 240_000);

afterAll(() => {
  cache?.cleanup();
  project?.cleanup();
});

describe("the Claude Code plugin, installed from its cache folder", () => {
  it("installs within Claude Code's 60 s, starts without a prior build, and works on the project, never on the cache", async () => {
    console.log(`npm ci --ignore-scripts: ${(installMs / 1000).toFixed(1)} s`);
    expect(installMs).toBeLessThan(60_000);
    expect(existsSync(join(cache.dir, "dist"))).toBe(false);
    const first = await startPlugin();
    try {
      console.log(`first start (builds): tools/list after ${(first.ms / 1000).toFixed(1)} s`);
      expect(first.ms).toBeLessThan(30_000);
      expect(first.tools).toContain("task_add");
      const added = await first.client.callTool({ name: "task_add", arguments: { title: "Added through the plugin" } });
      expect(added.isError).toBeFalsy();
      expect(readdirSync(join(project.dir, "backlog"))).toEqual(["1-added-through-the-plugin.md"]);
      expect(existsSync(join(cache.dir, "backlog"))).toBe(false);
      expect(execFileSync("git", ["log", "-1", "--format=%s"], { cwd: project.dir, encoding: "utf8" }).trim()).toBe("backlog: add #1 Added through the plugin");
    } finally {
      await first.client.close();
    }
    const again = await startPlugin();
    try {
      console.log(`second start: tools/list after ${(again.ms / 1000).toFixed(2)} s`);
      expect(again.ms).toBeLessThan(3_000);
      expect(again.tools).toContain("task_list");
    } finally {
      await again.client.close();
    }
  }, 120_000);

  it("without CLAUDE_PROJECT_DIR, works on the project the client's roots name, even when the cache is itself a repository", async () => {
    execFileSync("git", ["init", "-q"], { cwd: cache.dir, env: GIT_TEST_ENV });
    const started = await startPlugin({ roots: [pathToFileURL(project.dir).href] });
    try {
      const added = await started.client.callTool({ name: "task_add", arguments: { title: "Found through the roots" } });
      expect(added.isError).toBeFalsy();
      expect(readdirSync(join(project.dir, "backlog"))).toContain("2-found-through-the-roots.md");
      expect(existsSync(join(cache.dir, "backlog"))).toBe(false);
    } finally {
      await started.client.close();
    }
  }, 60_000);
});
