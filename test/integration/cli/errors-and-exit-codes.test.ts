import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, runCli, snapshot } from "../../helpers/cli.js";

describe.concurrent("exit codes: 0 ok, 1 refused or failed, 2 usage", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "One", "project:web"]);
    await cli(dir, ["add", "Two"]);
  });
  afterAll(() => repo.cleanup());

  it("exits 0 with help and the version, which need no backlog", async () => {
    const help = await runCli(dir, ["help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: git-backlog <command>");
    expect(help.stdout).toMatch(/\n {2}modify +change tasks/);
    expect((await runCli(dir, ["list", "--help"])).stdout).toContain("list [filter]");
    expect((await runCli(dir, ["--version"])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("exits 2 on an unknown command or option, naming it", async () => {
    const command = await runCli(dir, ["frobnicate"]);
    expect(command.code).toBe(2);
    expect(command.stderr).toBe('error: unknown command "frobnicate"; `git-backlog help` lists every command.\n');
    const option = await runCli(dir, ["list", "--frob"]);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("unknown option --frob");
    expect((await runCli(dir, ["list", "--json=yes"])).code).toBe(2);
    expect((await runCli(dir, ["list", "--limit"])).code).toBe(2);
    expect((await runCli(dir, ["list", "--limit", "many"])).code).toBe(2);
  });

  it("suggests the command a typo meant, for a command and for help on one (exit 2)", async () => {
    const typo = await runCli(dir, ["lst"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe('error: unknown command "lst"; did you mean list? `git-backlog help` lists every command.\n');
    expect((await runCli(dir, ["dne", "1"])).stderr).toContain("did you mean done?");
    const help = await runCli(dir, ["help", "nonexistent"]);
    expect(help.code).toBe(2);
    expect(help.stdout).toBe("");
    expect(help.stderr).toBe('error: unknown command or help topic "nonexistent"; `git-backlog help` lists them.\n');
    expect((await runCli(dir, ["help", "modfy"])).stderr).toContain("did you mean modify?");
  });

  it("exits 2 on a bad filter, naming the token and its position", async () => {
    const unmatched = await runCli(dir, ["list", "project:web", ")"]);
    expect(unmatched.code).toBe(2);
    expect(unmatched.stderr).toBe('error: Unmatched ")" at position 12: remove it or add a "(" before it.\n');
    const unclosed = await runCli(dir, ["count", "(", "+a", "or", "+b"]);
    expect(unclosed.code).toBe(2);
    expect(unclosed.stderr).toContain('Unclosed "(" at position 0');
    const dangling = await runCli(dir, ["list", "priority:H", "or"]);
    expect(dangling.code).toBe(2);
    expect(dangling.stderr).toContain('"or" at position 11');
    const status = await runCli(dir, ["list", "status:wip"]);
    expect(status.code).toBe(2);
    expect(status.stderr).toContain('"wip" is not a status');
    expect(status.stderr).toContain("at position 0");
    const date = await runCli(dir, ["list", "+bug", "due.before:someday-soon"]);
    expect(date.code).toBe(2);
    expect(date.stderr).toContain('"someday-soon" is not a date');
    expect(date.stderr).toContain("at position 5");
    const modifier = await runCli(dir, ["list", "due.frob:1"]);
    expect(modifier.code).toBe(2);
    expect(modifier.stderr).toContain('Unknown modifier ".frob"');
  });

  it("a bad filter on a write is exit 2 and writes nothing", async () => {
    const before = snapshot(dir);
    const result = await runCli(dir, ["modify", "( project:web", "priority:H"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unclosed "("');
    expect(snapshot(dir)).toEqual(before);
  });

  it("exits 2 on a bad change value, naming the word", async () => {
    const before = snapshot(dir);
    const priority = await runCli(dir, ["add", "X", "priority:Z"]);
    expect(priority.code).toBe(2);
    expect(priority.stderr).toContain('"priority:Z": priority is H, M or L; putting it after `--` keeps "priority:Z" as text.');
    const due = await runCli(dir, ["modify", "1", "due:someday-soon"]);
    expect(due.code).toBe(2);
    expect(due.stderr).toContain('"due:someday-soon"');
    expect((await runCli(dir, ["add", "X", "depends:abc"])).code).toBe(2);
    expect((await runCli(dir, ["add", "X", "id:7"])).code).toBe(2);
    expect((await runCli(dir, ["modify", "1", "title:"])).code).toBe(2);
    expect(snapshot(dir)).toEqual(before);
  });

  it("exits 2 on a missing or malformed id", async () => {
    expect((await runCli(dir, ["done"])).code).toBe(2);
    expect((await runCli(dir, ["done", "abc"])).stderr).toContain('"abc" is not a task id');
    expect((await runCli(dir, ["show", "0"])).code).toBe(2);
    expect((await runCli(dir, ["show"])).code).toBe(2);
  });

  it("exits 1 when the task does not exist or the operation is refused", async () => {
    const missing = await runCli(dir, ["show", "99"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no task 99");
    expect((await runCli(dir, ["done", "99"])).code).toBe(1);
    expect((await runCli(dir, ["stop", "1"])).code).toBe(1);
    expect((await runCli(dir, ["view", "nope"])).code).toBe(1);
  });

  it("exits 2 when BACKLOG_NOW is not a time", async () => {
    const result = await runCli(dir, ["list"], { env: { BACKLOG_NOW: "yesterday-ish" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("BACKLOG_NOW");
  });

  it("exits 1 on a .backlog that is not YAML", async () => {
    const other = backlogRepo();
    try {
      await cli(other.dir, ["init"]);
      writeFileSync(join(other.dir, ".backlog"), "views: [unclosed\n");
      const result = await runCli(other.dir, ["list"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(".backlog");
    } finally {
      other.cleanup();
    }
  });

  it("keeps going on an empty repository: nothing to list, nothing ready", async () => {
    const empty = backlogRepo();
    try {
      expect(await cli(empty.dir, ["list"])).toBe("No matching tasks.\n");
      expect(await cli(empty.dir, ["next"])).toBe("Nothing is ready.\n");
      expect(await cli(empty.dir, ["count"])).toBe("0\n");
    } finally {
      empty.cleanup();
    }
  });
});
