import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { git, gitRepo, tempDir } from "../../helpers/git-repo.js";
import { backlogRepo, eventually, startServer, startServerProcess, type Session } from "./server.js";

/**
 * Which repository `git-backlog mcp` serves: CLAUDE_PROJECT_DIR, else the client's roots
 * (`roots/list`), else the working directory. A plugin's server starts in the plugin's cache,
 * so a task must land in the project, never where the server happened to start.
 */

const cleanups: (() => void)[] = [];
const sessions: Session[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()));
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function repo(withBacklog = true): string {
  const made = withBacklog ? backlogRepo() : gitRepo();
  cleanups.push(made.cleanup);
  return made.dir;
}

function plainFolder(): string {
  const made = tempDir();
  cleanups.push(made.cleanup);
  return made.dir;
}

async function start(cwd: string, options: Parameters<typeof startServer>[1]): Promise<Session> {
  const session = await startServer(cwd, options);
  sessions.push(session);
  return session;
}

const url = (dir: string): string => pathToFileURL(dir).href;
const taskFiles = (dir: string): string[] => (existsSync(join(dir, "backlog")) ? readdirSync(join(dir, "backlog")).filter((name) => name.endsWith(".md")) : []);
const commits = (dir: string): number => Number(git(dir, "rev-list", "--count", "HEAD"));

describe("the repository an MCP server serves", () => {
  it("is the client's root when the server starts outside any repository (a plugin's cache)", async () => {
    const project = repo();
    const cache = plainFolder();
    const mcp = await start(cache, { roots: [url(project)] });
    await mcp.call("task_add", { title: "Lands in the project" });
    expect(taskFiles(project)).toEqual(["1-lands-in-the-project.md"]);
    expect(git(project, "log", "-1", "--format=%s")).toContain("Lands in the project");
    expect(readdirSync(cache)).toEqual([]);
    expect(mcp.rootsAsked()).toBe(1);
  });

  it("is the client's root before the working directory, which is left untouched", async () => {
    const project = repo();
    const elsewhere = repo();
    const before = commits(elsewhere);
    const mcp = await start(elsewhere, { roots: [url(project)] });
    await mcp.call("task_add", { title: "Root wins" });
    expect(taskFiles(project)).toHaveLength(1);
    expect(taskFiles(elsewhere)).toEqual([]);
    expect(commits(elsewhere)).toBe(before);
    expect(git(elsewhere, "status", "--porcelain", "--ignored")).toBe("");
  });

  it("is the client's root also when the client probes its protocol version (server/discover) before initialize", async () => {
    const project = repo();
    const cache = plainFolder();
    const mcp = await start(cache, { roots: [url(project)], negotiation: "auto" });
    await mcp.call("task_add", { title: "After the probe" });
    expect(taskFiles(project)).toEqual(["1-after-the-probe.md"]);
    expect(mcp.rootsAsked()).toBe(1);
  });

  it("is CLAUDE_PROJECT_DIR before both, and then the roots are not asked for", async () => {
    const project = repo();
    const root = repo();
    const cwd = repo();
    const mcp = await start(cwd, { roots: [url(root)], env: { CLAUDE_PROJECT_DIR: project } });
    await mcp.call("task_add", { title: "Claude's project" });
    expect(taskFiles(project)).toHaveLength(1);
    expect(taskFiles(root)).toEqual([]);
    expect(taskFiles(cwd)).toEqual([]);
    expect(mcp.rootsAsked()).toBe(0);
  });

  it("prefers, among several roots, one whose repository has a backlog; skips roots outside repositories", async () => {
    const bare = repo(false);
    const tracked = repo();
    const mcp = await start(plainFolder(), { roots: [url(plainFolder()), url(bare), url(join(tracked, "backlog"))] });
    await mcp.call("task_add", { title: "Where the backlog is" });
    expect(taskFiles(tracked)).toHaveLength(1);
    expect(existsSync(join(bare, "backlog"))).toBe(false);
  });

  it("takes a root in a repository without a backlog when no root has one", async () => {
    const fresh = repo(false);
    mkdirSync(join(fresh, "src"));
    const mcp = await start(plainFolder(), { roots: [url(join(fresh, "src"))] });
    await mcp.call("task_add", { title: "First task" });
    expect(taskFiles(fresh)).toHaveLength(1);
  });

  it("falls back to the working directory when no root is in a repository, and says so", async () => {
    const cwd = repo();
    const outside = plainFolder();
    const mcp = await start(cwd, { roots: [url(outside)] });
    await mcp.call("task_add", { title: "In the working directory" });
    expect(taskFiles(cwd)).toHaveLength(1);
    expect(mcp.stderr()).toContain(`none of the client's roots is in a git repository (${url(outside)}); serving the working directory, ${cwd}.`);
  });

  it("stops with the working directory's error when neither the roots nor it is in a repository", async () => {
    const outside = plainFolder();
    const mcp = await startServerProcess(plainFolder(), { roots: [url(outside)] });
    sessions.push(mcp);
    await expect(mcp.client.listTools()).rejects.toThrow();
    expect(mcp.stderr()).toContain(`none of the client's roots is in a git repository (${url(outside)})`);
    await eventually(() => expect(mcp.stderr()).toContain(" is not inside a git repository"));
  });

  it("goes on with the working directory when the client offers roots and never lists them", async () => {
    const cwd = repo();
    const started = Date.now();
    const mcp = await start(cwd, { roots: "silent" });
    const tools = await mcp.client.listTools();
    expect(tools.tools.map((tool) => tool.name)).toContain("task_add");
    expect(Date.now() - started).toBeLessThan(10_000);
    await mcp.call("task_add", { title: "After the wait" });
    expect(taskFiles(cwd)).toHaveLength(1);
  });

  it("replays the handshake to the server it hands over to: the client's name is the agent, the toolset is the project's", async () => {
    const project = repo();
    writeFileSync(join(project, ".backlog"), "toolset: core\n");
    const mcp = await start(plainFolder(), { roots: [url(project)], name: "roots-agent" });
    const names = (await mcp.client.listTools()).tools.map((tool) => tool.name);
    expect(names).not.toContain("task_purge");
    expect(names).toContain("task_start");
    await mcp.call("task_add", { title: "Claimed" });
    await mcp.call("task_start", { id: 1 });
    expect(git(project, "log", "-1", "--format=%(trailers:key=Backlog-Agent,valueonly)")).toBe("roots-agent");
    expect(mcp.client.getServerVersion()?.name).toBe("git-backlog");
  });

  it("ignores a CLAUDE_PROJECT_DIR that is not a folder, saying so", async () => {
    const cwd = repo();
    const mcp = await start(cwd, { env: { CLAUDE_PROJECT_DIR: join(cwd, "missing") } });
    await mcp.call("task_add", { title: "Here" });
    expect(taskFiles(cwd)).toHaveLength(1);
    expect(mcp.stderr()).toContain(`CLAUDE_PROJECT_DIR is ${JSON.stringify(join(cwd, "missing"))}, which is not a folder; it is ignored.`);
  });
});
