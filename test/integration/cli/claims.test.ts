import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, frontmatter, runCli, snapshot } from "../../helpers/cli.js";

const alice = { env: { BACKLOG_AGENT: "alice" } };
const bob = { env: { BACKLOG_AGENT: "bob" } };

describe("claims on the command line", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "Held", "by", "alice", "--body", "Alice's plan."]);
    await cli(dir, ["start", "1"], alice);
  });
  afterAll(() => repo.cleanup());

  const refusals: [string, string[]][] = [
    ["stop", ["stop", "1"]],
    ["done", ["done", "1"]],
    ["delete", ["delete", "1"]],
    ["modify", ["modify", "1", "priority:H"]],
    ["edit", ["edit", "1"]],
  ];

  it.each(refusals)("%s of alice's task is refused for bob, naming her, and writes nothing", async (_command, args) => {
    const before = snapshot(dir);
    // An editor that would fail: the refusal comes before any editor is started.
    const refused = await runCli(dir, args, { env: { ...bob.env, EDITOR: "false" } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe("error: task 1 is claimed by alice since 2026-11-18T10:00:00Z, not by you (bob); --force acts on it anyway.\n");
    expect(snapshot(dir)).toEqual(before);
  });

  it("anyone may annotate; --force lets bob change and complete it", async () => {
    await cli(dir, ["annotate", "1", "looks", "good"], bob);
    await cli(dir, ["modify", "1", "priority:H", "--force"], bob);
    await cli(dir, ["done", "1", "--force"], bob);
    expect(frontmatter(dir, 1)).toMatchObject({ status: "done", priority: "H", assignee: "alice" });
  });

  it("start of a blocked task is refused, naming its open dependencies, unless --force", async () => {
    await cli(dir, ["add", "Design", "the", "schema"]);
    await cli(dir, ["add", "Write", "the", "API", "depends:2"]);
    const refused = await runCli(dir, ["start", "3"], bob);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe("error: task 3 is blocked: it depends on #2 Design the schema, not done yet; `next` picks a ready task, or --force starts it anyway.\n");
    expect(frontmatter(dir, 3).status).toBe("pending");
    await cli(dir, ["start", "3", "--force"], bob);
    expect(frontmatter(dir, 3)).toMatchObject({ status: "active", assignee: "bob" });
  });
});
