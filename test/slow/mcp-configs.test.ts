import { chmodSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { describe, expect, it } from "vitest";
import { backlogRepo, CLI, cliEnv } from "../helpers/cli.js";
import { cleanupAfterEach, tempDir } from "../helpers/git-repo.js";

/**
 * The README's MCP configurations, one per client (Claude Code, Claude Desktop, Cursor, VS Code,
 * Codex, Gemini CLI): each snippet is read from the README as written, parsed as its client
 * would (JSON, TOML, the command line), and the server is started from it, with `git-backlog` on
 * PATH as an installed package puts it, from a working directory that is not the repository.
 */

const README = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "README.md"), "utf8");
const track = cleanupAfterEach();

interface Launch {
  command: string;
  args: string[];
  cwd?: string;
  env?: Record<string, string>;
}

/** The code block after `<!-- mcp-config: name -->`. */
function snippet(name: string): string {
  const match = new RegExp(`<!-- mcp-config: ${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(README);
  if (!match?.[1]) throw new Error(`README has no mcp-config snippet "${name}"`);
  return match[1];
}

/** A JSON config's one server, under `mcpServers` (most clients) or `servers` (VS Code). */
function fromJson(text: string): Launch {
  const config = JSON.parse(text) as { mcpServers?: Record<string, Launch>; servers?: Record<string, Launch> };
  const server = Object.values(config.mcpServers ?? config.servers ?? {})[0];
  if (!server) throw new Error("no server in the snippet");
  return server;
}

/** The snippet's TOML table: `key = "string"` and `key = ["a", "b"]` lines, as Codex reads them. */
function fromToml(text: string): Launch {
  const values = new Map<string, unknown>();
  for (const line of text.split("\n")) {
    const match = /^(\w+)\s*=\s*(.+)$/.exec(line.trim());
    if (match?.[1] && match[2]) values.set(match[1], JSON.parse(match[2]) as unknown);
  }
  return { command: values.get("command") as string, args: values.get("args") as string[] };
}

/** `claude mcp add <name> [-e K=V] -- <command> <args…>`: the words after `--`. */
function fromClaudeCode(text: string): Launch {
  const line = text.split("\n").find((candidate) => candidate.startsWith("claude mcp add git-backlog -- git-backlog mcp"));
  if (!line) throw new Error("no claude mcp add line");
  const [command = "", ...args] = line.slice(line.indexOf(" -- ") + 4).trim().split(/\s+/);
  return { command, args };
}

async function startFrom(launch: Launch, repo: string): Promise<string[]> {
  const bin = track(tempDir("git-backlog-bin-")).dir;
  const shim = join(bin, "git-backlog");
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(shim, 0o755);
  const place = (value: string): string => value.replaceAll("/path/to/your/repository", repo).replaceAll("${workspaceFolder}", repo);
  const base = cliEnv();
  const env = Object.fromEntries(Object.entries({ ...base, ...launch.env, PATH: `${bin}${delimiter}${base.PATH ?? ""}` }).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const elsewhere = track(tempDir("git-backlog-elsewhere-")).dir;
  const transport = new StdioClientTransport({ command: launch.command, args: launch.args.map(place), cwd: launch.cwd ? place(launch.cwd) : elsewhere, env, stderr: "pipe" });
  const client = new Client({ name: "config-test", version: "1.0.0" });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    const added = await client.callTool({ name: "task_add", arguments: { title: "Added through the config" } });
    expect(added.isError).toBeFalsy();
    return tools.map((tool) => tool.name);
  } finally {
    await client.close();
  }
}

describe("the README's MCP configurations", () => {
  const clients: [string, () => Launch, boolean][] = [
    ["Claude Code", () => fromClaudeCode(README.slice(README.indexOf("**Claude Code, by hand**"))), false],
    ["Claude Desktop", () => fromJson(snippet("claude-desktop")), true],
    ["Cursor", () => fromJson(snippet("cursor")), true],
    ["VS Code", () => fromJson(snippet("vscode")), true],
    ["Codex", () => fromToml(snippet("codex")), true],
    ["Gemini CLI", () => fromJson(snippet("gemini")), true],
  ];
  for (const [client, parse, choosesRepository] of clients) {
    it(`${client}: the snippet starts the server on the repository`, async () => {
      const { dir } = track(backlogRepo());
      const launch = parse();
      // Claude Code's line is run in the repository, as its README says.
      const tools = await startFrom(choosesRepository ? launch : { ...launch, cwd: dir }, dir);
      expect(tools).toContain("task_list");
      expect(readdirSync(join(dir, "backlog"))).toEqual(["1-added-through-the-config.md"]);
    }, 60_000);
  }
});
