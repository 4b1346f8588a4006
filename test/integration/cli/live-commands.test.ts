import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync, unlinkSync } from "node:fs";
import { connect, createServer, type Socket } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { packageVersion } from "../../../src/service/version.js";
import { CLI, backlogRepo, cli, cliEnv, frontmatter as frontmatterOf, runCli, writeTask, type CliResult } from "../../helpers/cli.js";
import { eventually } from "../../helpers/eventually.js";
import { git } from "../../helpers/git-repo.js";

// A cold CLI read asks a live index running for the same checkout (watch, the MCP server) over a
// socket in the git dir (docs/architecture.md, "Reads served by a running live index"). Every
// answer must be what reading the files gives, and any doubt must fall back to reading them.

const running = new Set<ChildProcess>();

/** A live index as its own process: `watch --json` or `mcp`, ready once its socket is in place. */
async function liveIndex(dir: string, command: "watch" | "mcp" = "watch", env: Record<string, string | undefined> = {}): Promise<{ child: ChildProcess; socket: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [CLI, command, ...(command === "watch" ? ["--json"] : [])], { cwd: dir, env: cliEnv(env), stdio: ["pipe", "pipe", "pipe"] });
  running.add(child);
  // An MCP server serves once its client has said initialize (the client's roots may name another repository).
  if (command === "mcp") child.stdin?.write(`${JSON.stringify({ jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "test", version: "1" } } })}\n`);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const folder = join(dir, ".git", "backlog-live");
  const { value: socket } = await eventually(() => (existsSync(folder) ? readdirSync(folder).find((name) => name.startsWith(`${child.pid}-`)) : undefined), 10_000);
  // Until its first answer: an index still busy starting may not accept within the client's second.
  await eventually(async () => ((await runCli(dir, ["count"], { env: { BACKLOG_TRACE_LIVE: "1", ...env } })).stderr.includes("answered by") ? true : undefined), 15_000, 50);
  return { child, socket: join(folder, socket), exited };
}

/** Runs the CLI in this process with the live index's trace on stderr. */
async function traced(dir: string, args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliResult & { served: boolean }> {
  const result = await runCli(dir, args, { env: { BACKLOG_TRACE_LIVE: "1", ...env } });
  return { ...result, stderr: result.stderr.replace(/^live index: .*\n/gm, ""), served: /^live index: answered by /m.test(result.stderr) };
}

/** The same command reading the files. */
function fromFiles(dir: string, args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return runCli(dir, args, { env: { BACKLOG_LIVE_INDEX: "0", ...env } });
}

const task = (id: number, title: string, extra = ""): string => `---\nid: ${id}\ntitle: ${title}\nstatus: pending\n${extra}---\n`;

describe("reads served by a running live index", () => {
  let repo: { dir: string; cleanup: () => void };
  beforeAll(async () => {
    repo = backlogRepo();
    await cli(repo.dir, ["add", "Set up CI", "project:web", "+infra", "priority:H"]);
    await cli(repo.dir, ["add", "Write the login page", "project:web", "depends:1", "due:2026-11-10"]);
    await cli(repo.dir, ["add", "Draft the API", "project:api", "+design"]);
    await cli(repo.dir, ["annotate", "3", "first sketch on the wiki"]);
    await cli(repo.dir, ["done", "3"]);
    await cli(repo.dir, ["add", "Review", "wait:2026-12-01"]);
  });
  afterEach(() => {
    for (const child of running) child.kill("SIGKILL");
    running.clear();
  });
  afterAll(() => repo.cleanup());

  it("answers every read command as reading the files does, usage errors and exit codes included", async () => {
    await liveIndex(repo.dir);
    const commands = [
      ["list"],
      ["list", "+READY", "--json"],
      ["list", "status:done", "--json"],
      ["count", "project:web"],
      ["next"],
      ["show", "2"],
      ["show", "3", "--json"],
      ["view", "ready"],
      ["projects", "--json"],
      ["tags"],
      ["export"],
      ["graph"],
      ["project:web", "list"],
      ["list", "project:web and ("],
      ["show", "99"],
    ];
    for (const args of commands) {
      const served = await traced(repo.dir, args);
      expect(served.served, args.join(" ")).toBe(true);
      const files = await fromFiles(repo.dir, args);
      expect({ code: served.code, stdout: served.stdout, stderr: served.stderr }, args.join(" ")).toEqual(files);
    }
  });

  it("sees a hand edit, a hand-added and a deleted file made just before the command", async () => {
    await liveIndex(repo.dir);
    for (let round = 0; round < 12; round++) {
      writeTask(repo.dir, "1-set-up-ci.md", task(1, `Set up CI, round ${round}`, "project: web\npriority: H\n"));
      const [shown] = JSON.parse((await traced(repo.dir, ["list", "1", "--json"])).stdout) as { title: string }[];
      expect(shown?.title).toBe(`Set up CI, round ${round}`);
    }
    const path = writeTask(repo.dir, "40-by-hand.md", task(40, "Added by hand"));
    const added = await traced(repo.dir, ["list", "40", "--json"]);
    expect(added.served).toBe(true);
    expect(JSON.parse(added.stdout)).toHaveLength(1);
    unlinkSync(path);
    expect(JSON.parse((await traced(repo.dir, ["list", "40", "--json"])).stdout)).toEqual([]);
    git(repo.dir, "checkout", "--", "backlog");
  });

  it("sees commits, checkouts and resets made by git just before the command", async () => {
    await liveIndex(repo.dir);
    git(repo.dir, "checkout", "-q", "-b", "side");
    writeTask(repo.dir, "41-on-side.md", task(41, "Only on side"));
    git(repo.dir, "add", "backlog");
    git(repo.dir, "commit", "-q", "-m", "side task");
    const onSide = await traced(repo.dir, ["count", "41"]);
    expect([onSide.served, onSide.stdout]).toEqual([true, "1\n"]);
    git(repo.dir, "checkout", "-q", "main");
    expect((await traced(repo.dir, ["count", "41"])).stdout).toBe("0\n");
    git(repo.dir, "merge", "-q", "--ff-only", "side");
    expect((await traced(repo.dir, ["count", "41"])).stdout).toBe("1\n");
    git(repo.dir, "reset", "-q", "--hard", "HEAD~1");
    expect((await traced(repo.dir, ["count", "41"])).stdout).toBe("0\n");
    git(repo.dir, "branch", "-q", "-D", "side");
  });

  it("answers with the client's clock and terminal, not the server's", async () => {
    await liveIndex(repo.dir);
    for (const env of [{ BACKLOG_NOW: "2026-11-01T00:00:00Z" }, { BACKLOG_NOW: "2026-12-05T00:00:00Z" }, { NO_COLOR: undefined }]) {
      for (const args of [["list", "--json"], ["list", "+OVERDUE"], ["list", "+WAITING"]]) {
        const served = await traced(repo.dir, args, env);
        expect(served.served).toBe(true);
        expect(served.stdout, `${JSON.stringify(env)} ${args.join(" ")}`).toBe((await fromFiles(repo.dir, args, env)).stdout);
      }
    }
  });

  it("is declined, and the files are read, when .backlog changed since the index started", async () => {
    await liveIndex(repo.dir);
    writeFileSync(join(repo.dir, ".backlog"), "default_project: web\n");
    try {
      const result = await runCli(repo.dir, ["list"], { env: { BACKLOG_TRACE_LIVE: "1" } });
      expect(result.stderr).toMatch(/declined: \.backlog changed since it started/);
      expect(result.stdout).toBe((await fromFiles(repo.dir, ["list"])).stdout);
    } finally {
      unlinkSync(join(repo.dir, ".backlog"));
    }
  });

  it("runs nothing before it has said ready and the client has said go; declines another version or protocol, and a request it cannot read", async () => {
    const { socket } = await liveIndex(repo.dir);
    /** Sends lines one by one, each after the server's previous line; returns every line it sent back. */
    const exchange = (lines: string[]): Promise<string[]> =>
      new Promise((resolve, reject) => {
        const client = connect(socket);
        let answer = "";
        const rest = [...lines];
        client.setEncoding("utf8");
        client.on("connect", () => client.write(`${rest.shift()}\n`));
        client.on("data", (chunk: string) => {
          answer += chunk;
          const next = rest.shift();
          if (next !== undefined) client.write(`${next}\n`);
          else client.end();
        });
        client.on("end", () => resolve(answer.split("\n").filter(Boolean)));
        client.on("error", reject);
      });
    const request = { protocol: 1, version: packageVersion(), argv: ["add", "Only after go"], cwd: repo.dir, env: cliEnv(), isTTY: false, columns: 100, write: true };
    // Hung up after "ready": nothing runs.
    expect(await exchange([JSON.stringify(request)])).toEqual(['{"ready":true}']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await fromFiles(repo.dir, ["count", "Only after go"])).stdout).toBe("0\n");
    const [ready, answered] = await exchange([JSON.stringify(request), "go"]);
    expect(ready).toBe('{"ready":true}');
    expect(JSON.parse(answered ?? "")).toMatchObject({ served: true, code: 0, stdout: expect.stringMatching(/^Created task \d+: Only after go/) });
    expect((await fromFiles(repo.dir, ["count", "Only after go"])).stdout).toBe("1\n");
    const id = /^Created task (\d+)/.exec((JSON.parse(answered ?? "") as { stdout: string }).stdout)?.[1] ?? "";
    await cli(repo.dir, ["delete", id], { env: { BACKLOG_LIVE_INDEX: "0" } });
    const declined = async (line: string): Promise<Record<string, unknown>> => JSON.parse((await exchange([line]))[0] ?? "") as Record<string, unknown>;
    expect(await declined(JSON.stringify({ ...request, version: "0.0.1-other" }))).toMatchObject({ served: false, reason: expect.stringMatching(/version/) });
    expect(await declined(JSON.stringify({ ...request, protocol: 2 }))).toMatchObject({ served: false });
    expect(await declined("not json")).toMatchObject({ served: false, reason: "not a request it understands" });
  });

  it("keeps its socket private: a folder only the owner may enter, a socket only the owner may open", async () => {
    const { socket } = await liveIndex(repo.dir);
    expect(statSync(join(repo.dir, ".git", "backlog-live")).mode & 0o777).toBe(0o700);
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    chmodSync(join(repo.dir, ".git", "backlog-live"), 0o755);
    try {
      const result = await runCli(repo.dir, ["count"], { env: { BACKLOG_TRACE_LIVE: "1" } });
      expect(result.stderr).toMatch(/is not a folder only you can enter: not used/);
      expect(result.stdout).toBe("2\n");
    } finally {
      chmodSync(join(repo.dir, ".git", "backlog-live"), 0o700);
    }
  });

  it("reads the files when the index was killed, and removes the socket it left", async () => {
    const { child, socket, exited } = await liveIndex(repo.dir);
    child.kill("SIGKILL");
    await exited;
    expect(existsSync(socket)).toBe(true);
    const result = await runCli(repo.dir, ["count"], { env: { BACKLOG_TRACE_LIVE: "1" } });
    expect(result.stderr).toMatch(/is left from a process that ended: removed/);
    expect(result.stdout).toBe("2\n");
    expect(existsSync(socket)).toBe(false);
  });

  it("reads the files when the index does not answer (a stopped process) within a second", async () => {
    const { child } = await liveIndex(repo.dir);
    child.kill("SIGSTOP");
    try {
      const started = performance.now();
      const result = await runCli(repo.dir, ["count"], { env: { BACKLOG_TRACE_LIVE: "1" } });
      expect(result.stderr).toMatch(/no answer within 1000 ms/);
      expect(result.stdout).toBe("2\n");
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      child.kill("SIGCONT");
    }
  });

  it("the MCP server serves too, and removes its socket when its client goes", async () => {
    const { child, socket, exited } = await liveIndex(repo.dir, "mcp");
    // A server still busy starting (its bodies, its graph) may not accept within a second; the
    // CLI then reads the files, rightly. Ask until it answers.
    const { value: served } = await eventually(async () => {
      const answer = await traced(repo.dir, ["list", "--json"]);
      return answer.served ? answer : undefined;
    }, 15_000, 100);
    expect(served.stdout).toBe((await fromFiles(repo.dir, ["list", "--json"])).stdout);
    child.stdin?.end();
    expect(await exited).toBe(0);
    expect(existsSync(socket)).toBe(false);
  });

  it("is not asked with BACKLOG_LIVE_INDEX=0", async () => {
    await liveIndex(repo.dir);
    const result = await runCli(repo.dir, ["count"], { env: { BACKLOG_TRACE_LIVE: "1", BACKLOG_LIVE_INDEX: "0" } });
    expect([result.stderr, result.stdout]).toEqual(["", "2\n"]);
  });
});

describe("writes run by a running live index", () => {
  let repo: { dir: string; cleanup: () => void };
  beforeAll(async () => {
    repo = backlogRepo();
    await cli(repo.dir, ["add", "Set up CI", "project:web"]);
  });
  afterEach(() => {
    for (const child of running) child.kill("SIGKILL");
    running.clear();
  });
  afterAll(() => repo.cleanup());

  const lastCommit = (): string => git(repo.dir, "log", "-1", "--format=%an <%ae>%n%B");

  it("acts as the caller: its agent (or none) and its git identity, never the index's", async () => {
    await liveIndex(repo.dir, "watch", { BACKLOG_AGENT: "index-agent", GIT_AUTHOR_NAME: "Index Author" });
    const person = await traced(repo.dir, ["add", "Added by a person", "--json"], { GIT_AUTHOR_NAME: "Pat Person" });
    expect(person.served).toBe(true);
    expect(JSON.parse(person.stdout)).toMatchObject({ title: "Added by a person", status: "pending" });
    expect(lastCommit()).toMatch(/^Pat Person </);
    expect(lastCommit()).not.toMatch(/Backlog-Agent/);
    const agent = await traced(repo.dir, ["start", "1"], { BACKLOG_AGENT: "claude" });
    expect(agent.served).toBe(true);
    expect(lastCommit()).toMatch(/Backlog-Agent: claude/);
    expect(frontmatterOf(repo.dir, 1).assignee).toBe("claude");
    // Another agent's done is refused as reading the files would refuse it, and writes nothing.
    const head = git(repo.dir, "rev-parse", "HEAD");
    const refused = await traced(repo.dir, ["done", "1"], { BACKLOG_AGENT: "codex" });
    expect(refused.served).toBe(true);
    expect({ code: refused.code, stderr: refused.stderr }).toEqual({ code: 1, stderr: (await fromFiles(repo.dir, ["done", "1"], { BACKLOG_AGENT: "codex" })).stderr });
    expect(git(repo.dir, "rev-parse", "HEAD")).toBe(head);
    const done = await traced(repo.dir, ["done", "1"], { BACKLOG_AGENT: "claude" });
    expect([done.served, done.code]).toEqual([true, 0]);
    expect(spawnSync("git", ["status", "--porcelain"], { cwd: repo.dir, encoding: "utf8" }).stdout).toBe("");
  });

  it("is declined when git would run with another setup for the caller (HOME, GIT_ variables), and the CLI writes itself", async () => {
    await liveIndex(repo.dir);
    const result = await traced(repo.dir, ["add", "Another home"], { HOME: join(repo.dir, "elsewhere") });
    expect(result.served).toBe(false);
    expect(result.code).toBe(0);
    expect((await fromFiles(repo.dir, ["count", "Another home"])).stdout).toBe("1\n");
  });

  it("leaves start --worktree to the CLI", async () => {
    await liveIndex(repo.dir);
    const result = await runCli(repo.dir, ["start", "--worktree", "999"], { env: { BACKLOG_TRACE_LIVE: "1" } });
    expect(result.stderr).not.toMatch(/live index/);
  });
});

describe("the CLI against an index that misbehaves", () => {
  let repo: { dir: string; cleanup: () => void };
  beforeAll(() => {
    repo = backlogRepo();
  });
  afterAll(() => repo.cleanup());

  /** A socket in the index's place that reads the request and then does what `behave` says. */
  async function fakeIndex(behave: (socket: Socket) => void): Promise<{ close: () => Promise<void> }> {
    const folder = join(repo.dir, ".git", "backlog-live");
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const server = createServer((socket) => socket.once("data", () => behave(socket)));
    await new Promise<void>((resolve) => server.listen(join(folder, `${process.pid}-99.sock`), resolve));
    return { close: () => new Promise((resolve) => server.close(() => resolve())) };
  }

  it("a write the index accepted and never answered is reported as maybe done, and is not written again", async () => {
    const fake = await fakeIndex((socket) => {
      socket.write('{"ready":true}\n');
      socket.on("data", () => socket.destroy()); // the index dies once told to go
    });
    try {
      const result = await runCli(repo.dir, ["add", "Maybe written"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/accepted `add Maybe written` and then .*: it may or may not have been done/);
      expect((await fromFiles(repo.dir, ["count", "Maybe written"])).stdout).toBe("0\n");
    } finally {
      await fake.close();
    }
  });

  it("a write the index declined, or never accepted, is done by the CLI, once", async () => {
    const fakes = { declined: (socket: Socket) => socket.end('{"served":false,"reason":"busy"}\n'), silent: () => undefined };
    for (const [name, behave] of Object.entries(fakes)) {
      const fake = await fakeIndex(behave);
      try {
        const title = `Written once ${name}`;
        const result = await runCli(repo.dir, ["add", title]);
        expect(result.code).toBe(0);
        expect((await fromFiles(repo.dir, ["count", title])).stdout).toBe("1\n");
      } finally {
        await fake.close();
      }
    }
  });

  it("a read the index accepted and never answered is read from the files", async () => {
    const fake = await fakeIndex((socket) => {
      socket.write('{"ready":true}\n');
      socket.on("data", () => socket.end());
    });
    try {
      const result = await runCli(repo.dir, ["count"], { env: { BACKLOG_TRACE_LIVE: "1" } });
      expect(result.stderr).toMatch(/ended without an answer/);
      expect(result.stdout).toMatch(/^\d+\n$/);
    } finally {
      await fake.close();
    }
  });
});
