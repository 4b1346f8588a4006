import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { TOOLS } from "../../../src/mcp/tools/index.js";

// The plugin's skills and agent against the documented fields (docs/plugin.md): frontmatter that
// parses, descriptions that say when they apply, tools named as the plugin's server names them.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const PREFIX = "mcp__plugin_git-backlog_backlog__";

function frontmatter(path: string): { data: Record<string, unknown>; lines: number } {
  const text = readFileSync(path, "utf8");
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match) throw new Error(`${path} has no frontmatter`);
  return { data: parse(match[1] ?? "") as Record<string, unknown>, lines: text.trimEnd().split("\n").length };
}

function checkTools(names: readonly string[], where: string): void {
  for (const name of names.filter((tool) => tool.startsWith("mcp__"))) {
    expect(name.startsWith(PREFIX), `${where}: ${name}`).toBe(true);
    expect(Object.keys(TOOLS), `${where}: ${name}`).toContain(name.slice(PREFIX.length));
  }
}

describe("the plugin's skills", () => {
  const names = readdirSync(join(ROOT, "skills")).sort();

  it("are the seed's seven and worktree and review", () => {
    expect(names).toEqual(["handoff", "implement", "plan", "refine", "review", "spec", "standup", "tasks", "worktree"]);
  });

  it("each has a name, a description and when_to_use, pre-approves real tools by their full names, and keeps under 80 lines", () => {
    for (const name of names) {
      const { data, lines } = frontmatter(join(ROOT, "skills", name, "SKILL.md"));
      expect(data.name, name).toBe(name);
      expect(typeof data.description === "string" && data.description.length > 20, name).toBe(true);
      expect(typeof data.when_to_use === "string" && data.when_to_use.length > 10, name).toBe(true);
      expect(String(data.description).length + String(data.when_to_use).length).toBeLessThan(1536);
      const allowed = String(data["allowed-tools"]).split(/,\s*/);
      expect(allowed, name).toContain("Bash(git backlog:*)");
      checkTools(allowed, name);
      expect(lines, name).toBeLessThanOrEqual(80);
    }
  });

  it("are what scripts/build-skills.mjs writes from the MCP prompts (one source)", () => {
    execFileSync(process.execPath, [join(ROOT, "scripts", "build-skills.mjs"), "--check"], { stdio: "pipe" });
  });
});

describe("the plugin's agent", () => {
  it("task-planner has the fields plugin agents support, and real tools", () => {
    const { data } = frontmatter(join(ROOT, "agents", "task-planner.md"));
    expect(data.name).toBe("task-planner");
    expect(typeof data.description).toBe("string");
    for (const unsupported of ["hooks", "mcpServers", "permissionMode"]) expect(data).not.toHaveProperty(unsupported);
    checkTools(String(data.tools).split(/,\s*/), "task-planner");
  });
});
