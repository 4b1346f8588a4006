import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { backlogRepo, cli, cliEnv } from "../../helpers/cli.js";
import { cleanupAfterEach, git } from "../../helpers/git-repo.js";

// The Claude Code plugin's files (docs/plugin.md): the manifests as the documented fields say
// they must be, and the hooks run as Claude Code runs them (node, the event as JSON on stdin).

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const json = (path: string): Record<string, unknown> => JSON.parse(readFileSync(join(ROOT, path), "utf8")) as Record<string, unknown>;
const track = cleanupAfterEach();

function runHook(script: string, event: Record<string, unknown>, env: Record<string, string | undefined>): { code: number | null; stdout: string; ms: number } {
  const start = performance.now();
  const result = spawnSync(process.execPath, [join(ROOT, "hooks", script)], { input: JSON.stringify(event), env: cliEnv({ BACKLOG_NOW: undefined, ...env }), encoding: "utf8", timeout: 10_000 });
  return { code: result.status, stdout: result.stdout, ms: performance.now() - start };
}

describe("the plugin's manifests", () => {
  it("plugin.json names the plugin and declares neither the default hooks file nor inline servers", () => {
    const plugin = json(".claude-plugin/plugin.json");
    expect(plugin.name).toBe("git-backlog");
    expect(plugin).not.toHaveProperty("hooks");
    expect(plugin).not.toHaveProperty("mcpServers");
    expect(Array.isArray(plugin.keywords)).toBe(true);
    // Users get an update only when the version changes: it moves with the package's.
    expect(plugin.version).toBe(json("package.json").version);
  });

  it("marketplace.json lists the plugin with the repository root as its source", () => {
    const market = json(".claude-plugin/marketplace.json");
    expect(market).toMatchObject({ name: "git-backlog", owner: { name: expect.any(String) }, plugins: [{ name: "git-backlog", source: "./" }] });
  });

  it(".mcp.json starts node on a launcher that exists, by the plugin root placeholder (exec form)", () => {
    const servers = json(".mcp.json").mcpServers as Record<string, { command: string; args: string[] }>;
    expect(Object.keys(servers)).toEqual(["backlog"]);
    expect(servers.backlog?.command).toBe("node");
    const script = servers.backlog?.args[0] ?? "";
    expect(script.startsWith("${CLAUDE_PLUGIN_ROOT}/")).toBe(true);
    expect(existsSync(join(ROOT, script.replace("${CLAUDE_PLUGIN_ROOT}/", "")))).toBe(true);
  });

  it("libexec/git-backlog is committed executable and runs the CLI of the package it sits in; bin/ stays empty (claude.ai refuses it)", () => {
    expect(git(ROOT, "ls-files", "-s", "libexec/git-backlog")).toMatch(/^100755 /);
    expect(git(ROOT, "ls-files", "bin")).toBe("");
    const version = spawnSync(join(ROOT, "libexec", "git-backlog"), ["--version"], { env: cliEnv(), encoding: "utf8" });
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toContain(String(json("package.json").version));
  });

  it("hooks/hooks.json has the top-level hooks wrapper and exec-form node handlers whose scripts exist", () => {
    const file = json("hooks/hooks.json");
    const events = file.hooks as Record<string, { matcher?: string; hooks: { type: string; command: string; args: string[]; timeout?: number }[] }[]>;
    expect(Object.keys(events).sort()).toEqual(["SessionStart", "SubagentStart"]);
    for (const groups of Object.values(events)) {
      for (const handler of groups.flatMap((group) => group.hooks)) {
        expect(handler).toMatchObject({ type: "command", command: "node" });
        expect(handler.args[0]?.startsWith("${CLAUDE_PLUGIN_ROOT}/")).toBe(true);
        expect(existsSync(join(ROOT, (handler.args[0] ?? "").replace("${CLAUDE_PLUGIN_ROOT}/", "")))).toBe(true);
      }
    }
  });
});

describe("the plugin's hooks", () => {
  it("SessionStart prints the current branch's task, the counts and the top ready tasks, as plain text under 1,500 characters", async () => {
    const { dir } = track(backlogRepo());
    await cli(dir, ["add", "Fix the login page", "priority:H"]);
    await cli(dir, ["add", "Write the docs", "depends:1"]);
    await cli(dir, ["add", "Review", "+ops"]);
    await cli(dir, ["start", "3"], { env: { BACKLOG_AGENT: "claude" } });
    git(dir, "checkout", "-q", "-b", "1-fix-the-login-page");
    const result = runHook("session-start.mjs", { session_id: "s", cwd: dir, hook_event_name: "SessionStart", source: "startup" }, { CLAUDE_PROJECT_DIR: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        "Current task (branch 1-fix-the-login-page): #1 Fix the login page [pending] — backlog/1-fix-the-login-page.md",
        "Backlog (git-backlog): 1 ready, 1 active (claude 1), 1 blocked, 0 overdue.",
        "Next ready:",
        "- #1 Fix the login page (priority H)",
        "Work it with the backlog MCP tools (task_next, task_start, task_annotate, task_done) or `git backlog …`.",
        "",
      ].join("\n"),
    );
    console.log(`SessionStart hook: ${result.ms.toFixed(0)} ms`);
    expect(result.ms).toBeLessThan(3000);
  });

  it("SessionStart keeps to 1,500 characters however long the titles are", () => {
    const { dir } = track(backlogRepo());
    // Written by hand: `add` refuses titles this long, a file may still hold one.
    for (let n = 1; n <= 3; n++) writeFileSync(join(dir, "backlog", `${n}-long.md`), `---\nid: ${n}\ntitle: ${"A very long title ".repeat(40)}${n}\nstatus: pending\n---\n`);
    const result = runHook("session-start.mjs", { cwd: dir, hook_event_name: "SessionStart" }, { CLAUDE_PROJECT_DIR: dir });
    expect(result.stdout).toMatch(/^Backlog \(git-backlog\): 3 ready/);
    expect(result.stdout.length).toBeLessThanOrEqual(1501);
  });

  it("SubagentStart gives the subagent the task of the branch it works in, as additionalContext", async () => {
    const { dir } = track(backlogRepo());
    await cli(dir, ["add", "Fix the login page"]);
    git(dir, "checkout", "-q", "-b", "1-fix-the-login-page");
    const result = runHook("subagent-start.mjs", { cwd: dir, hook_event_name: "SubagentStart", agent_id: "a1", agent_type: "general-purpose" }, { CLAUDE_PROJECT_DIR: undefined });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      hookSpecificOutput: { hookEventName: "SubagentStart", additionalContext: expect.stringMatching(/^You are working on task #1 "Fix the login page" \(branch 1-fix-the-login-page, status pending\)\. Its spec and notes are in backlog\/1-fix-the-login-page\.md/) },
    });
    git(dir, "checkout", "-q", "main");
    expect(runHook("subagent-start.mjs", { cwd: dir }, { CLAUDE_PROJECT_DIR: undefined }).stdout).toBe("");
  });

  it("SessionStart puts the plugin's git-backlog last on the Bash tool's PATH through CLAUDE_ENV_FILE, once per session", () => {
    const { dir } = track(backlogRepo());
    const envFile = join(dir, "..", `${dir.split("/").pop() ?? "x"}.env`);
    track({ dir: envFile, cleanup: () => rmSync(envFile, { force: true }) });
    const event = { session_id: "s", cwd: dir, hook_event_name: "SessionStart", source: "startup" };
    for (const source of ["startup", "resume", "compact"]) expect(runHook("session-start.mjs", { ...event, source }, { CLAUDE_PROJECT_DIR: dir, CLAUDE_ENV_FILE: envFile }).code).toBe(0);
    const lines = readFileSync(envFile, "utf8").split("\n").filter(Boolean);
    expect(lines).toEqual([`export PATH="$PATH":'${join(ROOT, "libexec")}'`]);
    // What Claude Code does before each Bash command: source the file, then run the command.
    const shell = spawnSync("bash", ["-c", `source '${envFile}' && git backlog --version && command -v git-backlog`], { cwd: dir, env: cliEnv(), encoding: "utf8" });
    expect(shell.status, shell.stderr).toBe(0);
    expect(shell.stdout).toContain(String(json("package.json").version));
    expect(shell.stdout).toContain(join(ROOT, "libexec", "git-backlog"));
  });

  it("never breaks a session: no repository, a broken .backlog, no stdin JSON: exit 0 and nothing printed", () => {
    const outside = track(backlogRepo());
    const plain = execFileSync("mktemp", ["-d"], { encoding: "utf8" }).trim();
    for (const [event, env] of [
      [{ cwd: plain }, { CLAUDE_PROJECT_DIR: plain }],
      [{}, { CLAUDE_PROJECT_DIR: undefined }],
    ] as const) {
      expect(runHook("session-start.mjs", event, env)).toMatchObject({ code: 0, stdout: "" });
    }
    writeFileSync(join(outside.dir, ".backlog"), "dir: [not valid\n");
    expect(runHook("session-start.mjs", { cwd: outside.dir }, { CLAUDE_PROJECT_DIR: outside.dir })).toMatchObject({ code: 0, stdout: "" });
    const garbage = spawnSync(process.execPath, [join(ROOT, "hooks", "session-start.mjs")], { input: "not json", env: cliEnv({ CLAUDE_PROJECT_DIR: outside.dir }), encoding: "utf8" });
    expect([garbage.status, garbage.stdout]).toEqual([0, ""]);
  });
});
