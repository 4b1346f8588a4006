import { copyFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGENT_ACTION_NAMES } from "../../../src/mcp/errors.js";
import { backlogRepo, cli, runCli } from "../../helpers/cli.js";
import { startServer, type Session } from "../mcp/server.js";

/**
 * Errors say what went wrong in no front end's words, and carry the ways past it as remedies
 * that each front end names (docs/reference/mcp.md, "Errors"): an agent never reads a CLI flag
 * or command line, and a person at the command line never reads an MCP tool's name. The one
 * CLI command an agent may be told of is the remedy no tool does (`doctor --fix`), named as such.
 */
let repo: { dir: string; cleanup: () => void };
let mcp: Session;

beforeAll(async () => {
  repo = backlogRepo();
  for (const title of ["Open task", "Shared two", "Shared three", "Finished task", "Kept pending"]) await cli(repo.dir, ["add", title]);
  await cli(repo.dir, ["done", "4"]);
  await cli(repo.dir, ["start", "5"], { env: { BACKLOG_AGENT: "someone-else" } });
  // Two ids each held by a second file, as after a merge with another clone.
  const folder = join(repo.dir, "backlog");
  for (const id of [2, 3]) {
    const name = readdirSync(folder).find((file) => file.startsWith(`${id}-`))!;
    copyFileSync(join(folder, name), join(folder, name.replace(".md", "-theirs.md")));
  }
  mcp = await startServer(repo.dir, { name: "agent-one", env: { BACKLOG_TOOLS: "all" } });
});

afterAll(async () => {
  await mcp.close();
  repo.cleanup();
});

/** The same failing call as a command line and as an MCP tool call. */
const CALLS: [string, string[], string, Record<string, unknown>][] = [
  ["a write to an id two files hold", ["done", "2"], "task_done", { id: 2 }],
  ["a write to several such ids", ["modify", "2,3", "priority:H"], "task_modify", { filter: "2,3", priority: "H" }],
  ["a graph of one direction without an id", ["graph", "--up"], "task_graph", { direction: "up" }],
  ["an unknown id", ["show", "42"], "task_info", { id: 42 }],
  ["start of a done task", ["start", "4"], "task_start", { id: 4 }],
  ["start of a task another agent holds", ["start", "5"], "task_start", { id: 5 }],
  ["done of another agent's task", ["done", "5"], "task_done", { id: 5 }],
  ["purge of a task that is not deleted", ["purge", "1"], "task_purge", { id: 1 }],
  ["a field no change sets", ["modify", "1", "created:2020-01-01"], "task_modify", { id: 1, set: { created: "2020-01-01" } }],
  ["a status changed as a field", ["modify", "1", "status:done"], "task_modify", { id: 1, set: { status: "done" } }],
  ["a bad value", ["add", "X", "priority:Z"], "task_add", { title: "X", priority: "Z" }],
  ["an unknown archive segment", ["archive", "load", "2020-Q1"], "task_archive_load", { segment: "2020-Q1" }],
];

/** CLI syntax: a flag, or a command line of ours. */
const CLI_SYNTAX = /--|\bgit-backlog [a-z]/;

describe("errors are worded by the front end that shows them", () => {
  it.each(CALLS)("%s", async (_what, argv, tool, args) => {
    const fromCli = await runCli(repo.dir, argv);
    expect(fromCli.code, fromCli.stderr).not.toBe(0);
    expect(fromCli.stderr).not.toMatch(/task_[a-z]/);
    const fromMcp = await mcp.fail(tool, args);
    // The remedy no tool does is named as a CLI command, and only as that.
    expect(fromMcp.replaceAll(AGENT_ACTION_NAMES["doctor-fix"], "")).not.toMatch(CLI_SYNTAX);
  });

  it("words the CLI-only errors of change words without MCP tool names", async () => {
    for (const argv of [["modify", "1", "priorty:H"], ["modify", "1", "re:daily"], ["add", "X", "project:docs site"]]) {
      const result = await runCli(repo.dir, argv);
      expect(result.code).toBe(2);
      expect(result.stderr).not.toMatch(/task_[a-z]/);
    }
  });

  it("names the fix for a shared id as a remedy on both front ends", async () => {
    expect((await runCli(repo.dir, ["done", "2"])).stderr).toContain("`doctor --fix` gives the newer one a new id");
    expect(await mcp.fail("task_done", { id: 2 })).toContain(`${AGENT_ACTION_NAMES["doctor-fix"]} gives the newer one a new id`);
  });
});
