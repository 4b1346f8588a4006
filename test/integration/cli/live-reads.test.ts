import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, readdirSync, statSync, writeFileSync, unlinkSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { packageVersion } from "../../../src/service/version.js";
import { CLI, backlogRepo, cli, cliEnv, runCli, writeTask, type CliResult } from "../../helpers/cli.js";
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
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const folder = join(dir, ".git", "backlog-live");
  const { value: socket } = await eventually(() => (existsSync(folder) ? readdirSync(folder).find((name) => name.startsWith(`${child.pid}-`)) : undefined), 10_000);
  return { child, socket: join(folder, socket), exited };
}

/** Runs the CLI in this process with the live index's trace on stderr. */
async function traced(dir: string, args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliResult & { served: boolean }> {
  const result = await runCli(dir, args, { env: { BACKLOG_TRACE_LIVE: "1", ...env } });
  return { ...result, stderr: result.stderr.replace(/^live index: .*\n/gm, ""), served: /^live index: answered by /m.test(result.stderr) };
}

/** The same command reading the files. */
function fromFiles(dir: string, args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return runCli(dir, args, { env: { BACKLOG_LIVE_READS: "0", ...env } });
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

  it("declines a request of another version or protocol, and one it cannot read", async () => {
    const { socket } = await liveIndex(repo.dir);
    const ask = (text: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const client = connect(socket);
        let answer = "";
        client.on("connect", () => client.end(text));
        client.on("data", (chunk: Buffer) => (answer += chunk.toString("utf8")));
        client.on("end", () => resolve(answer));
        client.on("error", reject);
      });
    const request = { protocol: 1, version: packageVersion(), argv: ["count"], cwd: repo.dir, env: cliEnv(), isTTY: false, columns: 100 };
    expect(JSON.parse(await ask(JSON.stringify(request)))).toMatchObject({ served: true, code: 0 });
    expect(JSON.parse(await ask(JSON.stringify({ ...request, version: "0.0.1-other" })))).toMatchObject({ served: false, reason: expect.stringMatching(/version/) });
    expect(JSON.parse(await ask(JSON.stringify({ ...request, protocol: 2 })))).toMatchObject({ served: false });
    expect(JSON.parse(await ask("not json"))).toMatchObject({ served: false, reason: "not a request it understands" });
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
    const served = await traced(repo.dir, ["list", "--json"]);
    expect(served.served).toBe(true);
    expect(served.stdout).toBe((await fromFiles(repo.dir, ["list", "--json"])).stdout);
    child.stdin?.end();
    expect(await exited).toBe(0);
    expect(existsSync(socket)).toBe(false);
  });

  it("is not asked with BACKLOG_LIVE_READS=0, nor by a command that writes", async () => {
    await liveIndex(repo.dir);
    expect((await runCli(repo.dir, ["count"], { env: { BACKLOG_TRACE_LIVE: "1", BACKLOG_LIVE_READS: "0" } })).stderr).toBe("");
    const add = await runCli(repo.dir, ["add", "Not through the index"], { env: { BACKLOG_TRACE_LIVE: "1" } });
    expect(add.stderr).toBe("");
    expect(spawnSync("git", ["log", "-1", "--format=%s"], { cwd: repo.dir, encoding: "utf8" }).stdout).toMatch(/Not through the index/);
  });
});
