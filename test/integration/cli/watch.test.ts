import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CLI, backlogRepo, cli, cliEnv, runCli, writeTask } from "../../helpers/cli.js";

/** `git-backlog watch …` left running, with what it printed so far. */
interface Watching {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  /** Waits until the output holds `text` (5 s at most). */
  until: (text: string | RegExp) => Promise<void>;
  /** Sends `signal` and waits for the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

const running = new Set<ChildProcessWithoutNullStreams>();

function watch(dir: string, args: readonly string[]): Watching {
  const child = spawn(process.execPath, [CLI, "watch", ...args], { cwd: dir, env: cliEnv() });
  running.add(child);
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    output: () => out,
    until: async (text) => {
      const started = Date.now();
      while (!(typeof text === "string" ? out.includes(text) : text.test(out))) {
        if (Date.now() - started > 5000) throw new Error(`watch never printed ${String(text)}; it printed:\n${out}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    stop: async (signal = "SIGINT") => {
      child.kill(signal);
      const code = await exited;
      running.delete(child);
      return code;
    },
  };
}

const task = (id: number, title: string, extra = ""): string => `---\nid: ${id}\ntitle: ${title}\nstatus: pending\n${extra}---\n`;

describe("watch", () => {
  let repo: { dir: string; cleanup: () => void };
  beforeAll(async () => {
    repo = backlogRepo();
    await cli(repo.dir, ["add", "Watched task", "project:web"]);
  });
  afterEach(() => {
    for (const child of running) child.kill("SIGKILL");
    running.clear();
  });
  afterAll(() => repo.cleanup());

  it("--json prints a line when it is ready and one per change: a hand edit, another process's add", async () => {
    const watching = watch(repo.dir, ["--json"]);
    await watching.until('"event":"ready"');
    writeTask(repo.dir, "1-watched-task.md", task(1, "Watched task, edited by hand", "project: web\n"));
    await watching.until(/"event":"change".*"ids":\[1\]/);
    await cli(repo.dir, ["add", "Added elsewhere"]);
    await watching.until(/"ids":\[2\],"listChanged":true/);
    expect(await watching.stop()).toBe(0);
    const lines = watching.output().trim().split("\n").map((line) => JSON.parse(line) as { event: string });
    expect(lines[0]).toEqual({ event: "ready", tasks: 1 });
    expect(lines.slice(1).every((line) => line.event === "change")).toBe(true);
  });

  it("--json with a filter reports only changes to the tasks it matches, before or after", async () => {
    const watching = watch(repo.dir, ["project:web", "--json"]);
    await watching.until('"event":"ready"');
    expect(JSON.parse(watching.output().split("\n")[0]!)).toMatchObject({ tasks: 1 });
    await cli(repo.dir, ["add", "Not on the web", "project:ops"]);
    await cli(repo.dir, ["modify", "1", "priority:H"]);
    await watching.until(/"ids":\[1\]/);
    expect(watching.output()).not.toMatch(/"ids":\[\d*[02-9]\]/); // nothing about the ops task
    await cli(repo.dir, ["modify", "1", "project:api"]); // leaves the filter: still reported
    await watching.until(/"ids":\[1\][^\n]*\n[^]*"ids":\[1\]/);
    await cli(repo.dir, ["modify", "1", "project:web"]);
    expect(await watching.stop()).toBe(0);
  });

  it("draws the filter's list, and draws it again when a task changes", async () => {
    const watching = watch(repo.dir, ["project:web"]);
    await watching.until("1 task");
    writeTask(repo.dir, "9-ninth.md", task(9, "Ninth on the web", "project: web\n"));
    await watching.until(/--- \d{4}-\d\d-\d\dT[^\n]*\n[^]*Ninth on the web[^]*2 tasks/);
    expect(watching.output()).not.toContain("\u001b[2J"); // no screen clearing off a terminal
    expect(await watching.stop("SIGTERM")).toBe(0);
  });

  it("draws a view, the board included", async () => {
    const watching = watch(repo.dir, ["--view", "board"]);
    await watching.until("PENDING");
    await cli(repo.dir, ["start", "1"]);
    await watching.until(/---[^]*ACTIVE \(1\)/);
    expect(await watching.stop()).toBe(0);
  });

  it("refuses a bad filter or view before watching, with exit 2 or 1", async () => {
    const filter = await runCli(repo.dir, ["watch", "due.befor:friday"]);
    expect(filter.code).toBe(2);
    expect(filter.stderr).toContain('Unknown modifier ".befor"');
    const view = await runCli(repo.dir, ["watch", "--view", "nope"]);
    expect(view.code).toBe(1);
    expect(view.stderr).toContain('no view "nope"');
  });
});
