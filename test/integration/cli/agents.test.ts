import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson } from "../../helpers/cli.js";
import { cleanupAfterEach } from "../../helpers/git-repo.js";

// `agents`: the instructions every coding agent reads, printed or kept in AGENTS.md.

const track = cleanupAfterEach();

describe("agents", () => {
  it("prints under 60 lines naming next, start, annotate, done, worktrees and the id rule", async () => {
    const { dir } = track(backlogRepo());
    const text = await cli(dir, ["agents"]);
    expect(text.trimEnd().split("\n").length).toBeLessThanOrEqual(60);
    for (const word of ["git backlog next", "git backlog start 12", "git backlog annotate 12", "git backlog done 12", "--worktree", "Never change a task's `id:` line"]) expect(text).toContain(word);
  });

  it("--write keeps the block in AGENTS.md between markers, idempotently, beside the file's own text, and points CLAUDE.md at it once", async () => {
    const { dir } = track(backlogRepo());
    writeFileSync(join(dir, "AGENTS.md"), "# Agents\n\nBuild with make.\n");
    writeFileSync(join(dir, "CLAUDE.md"), "# Claude\n");
    expect(await cliJson(dir, ["agents", "--write"])).toEqual({ agents: "added", claude: "added" });
    const first = readFileSync(join(dir, "AGENTS.md"), "utf8");
    expect(first.startsWith("# Agents\n\nBuild with make.\n\n<!-- git-backlog:start -->\n## Tasks (git-backlog)\n")).toBe(true);
    expect(first.endsWith("<!-- git-backlog:end -->\n")).toBe(true);
    expect(await cliJson(dir, ["agents", "--write"])).toEqual({ agents: "unchanged", claude: "unchanged" });
    expect(readFileSync(join(dir, "AGENTS.md"), "utf8")).toBe(first);
    // An outdated block is replaced, the rest kept.
    writeFileSync(join(dir, "AGENTS.md"), first.replace("## Tasks (git-backlog)", "## Old text").concat("\nMore of mine.\n"));
    expect(await cliJson(dir, ["agents", "--write"])).toMatchObject({ agents: "updated" });
    const updated = readFileSync(join(dir, "AGENTS.md"), "utf8");
    expect(updated).toContain("## Tasks (git-backlog)");
    expect(updated).not.toContain("## Old text");
    expect(updated).toContain("More of mine.");
    expect(readFileSync(join(dir, "CLAUDE.md"), "utf8").match(/AGENTS\.md/g)).toHaveLength(1);
  });

  it("--write creates AGENTS.md when there is none, and leaves a missing CLAUDE.md missing", async () => {
    const { dir } = track(backlogRepo());
    expect(await cliJson(dir, ["agents", "--write"])).toEqual({ agents: "created" });
    expect(readFileSync(join(dir, "AGENTS.md"), "utf8")).toMatch(/^<!-- git-backlog:start -->\n/);
  });
});
