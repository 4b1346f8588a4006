import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { backlogRepo, cliJson, frontmatter, runCli, taskFiles, type JsonTask } from "../../helpers/cli.js";

const repos: { cleanup: () => void }[] = [];
afterAll(() => {
  for (const made of repos) made.cleanup();
});

/** A repository whose `.backlog` holds `config` (YAML). */
function repoWith(config: string): string {
  const made = backlogRepo();
  repos.push(made);
  writeFileSync(join(made.dir, ".backlog"), config);
  return made.dir;
}

/** Every command that loads the config reports the same error, without a stack trace. */
async function expectConfigError(dir: string, pattern: RegExp, commands = [["add", "A", "task"], ["list"], ["doctor"]]): Promise<void> {
  for (const args of commands) {
    const result = await runCli(dir, args);
    expect(result.code, args.join(" ")).toBe(1);
    expect(result.stderr, args.join(" ")).toMatch(/^error: \.backlog: /);
    expect(result.stderr, args.join(" ")).toMatch(pattern);
    expect(result.stderr, args.join(" ")).not.toMatch(/unexpected failure|\n\s+at /);
  }
  expect(taskFiles(dir)).toEqual([]);
}

describe("config defaults go through the rules of changes", () => {
  it("refuses id in defaults at config load, naming the key", async () => {
    await expectConfigError(repoWith("defaults:\n  id: 5\n"), /defaults\.id/, [["add", "A", "task"], ["list"], ["doctor"], ["show", "1"], ["mcp"]]);
  });

  it("refuses the fields the tool stamps (status, created, modified, started, ended), naming each", async () => {
    await expectConfigError(repoWith("defaults:\n  status: deleted\n  ended: 2026-01-01\n"), /defaults\.status/);
    for (const key of ["created", "modified", "started", "ended", "entry", "end"]) {
      await expectConfigError(repoWith(`defaults:\n  ${key}: 2026-01-01\n`), new RegExp(`defaults\\.${key}`));
    }
  });

  it("refuses a default whose value a change would refuse, naming the key and the value", async () => {
    await expectConfigError(repoWith("defaults:\n  priority: X\n"), /defaults\.priority.*priority is H, M or L/);
    await expectConfigError(repoWith("defaults:\n  due: fridya\n"), /defaults\.due.*"fridya" is not a date/);
    await expectConfigError(repoWith("defaults:\n  parent: 0\n"), /defaults\.parent.*whole numbers from 1 to 2147483647/);
    await expectConfigError(repoWith("defaults:\n  Not-A-Field: x\n"), /defaults\.Not-A-Field/);
  });

  it("reports a config file that cannot be read as a config error, not a stack trace", async () => {
    const made = backlogRepo();
    repos.push(made);
    mkdirSync(join(made.dir, ".backlog"));
    const result = await runCli(made.dir, ["list"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: \.backlog: /);
    expect(result.stderr).not.toMatch(/unexpected failure|\n\s+at /);
  });

  it("applies valid defaults under the change words of add, which win", async () => {
    const dir = repoWith("defaults:\n  priority: H\n  tags: [triage]\n  due: tomorrow\n  estimate: 3\n  depends: [1]\n");
    await runCli(dir, ["add", "First", "depends:"]);
    const task = await cliJson<JsonTask>(dir, ["add", "Second", "+ui", "priority:L"]);
    expect(task).toMatchObject({ id: 2, priority: "L", tags: ["triage", "ui"], due: "2026-11-19", depends: [1], estimate: 3 });
    expect(frontmatter(dir, 1)).toMatchObject({ priority: "H", tags: ["triage"] });
    expect(frontmatter(dir, 1).depends).toBeUndefined();
  });

  it("refuses a write a default breaks through the write rules, like any change", async () => {
    const dir = repoWith("defaults:\n  depends: [7]\n");
    const result = await runCli(dir, ["add", "Orphan"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot depend on #7: no such task/);
    expect(taskFiles(dir)).toEqual([]);
  });
});
