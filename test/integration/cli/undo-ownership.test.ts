import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, frontmatter, runCli, snapshot, taskFiles } from "../../helpers/cli.js";
import { git, removeAfter, tempDir } from "../../helpers/git-repo.js";

interface Entry {
  sha: string;
  op: string;
  tasks: number[];
  agent?: string;
  author: string;
  email: string;
  message: string;
}
interface Reverted {
  tasks: number[];
  reverts: string[];
  reverted: Entry[];
  passedOver: Entry[];
  sha: string;
}

const agentA = { env: { BACKLOG_AGENT: "a" } };
const agentB = { env: { BACKLOG_AGENT: "b" } };
const summary = (entries: readonly Entry[]): Array<[string, number[], string | undefined]> => entries.map((entry) => [entry.op, entry.tasks, entry.agent]);

describe.concurrent("undo and redo take only the caller's own operations", () => {
  it("undoes one agent's operations, names the other agent's it passed over, and --any includes them", async ({ onTestFinished }) => {
    const { dir } = removeAfter(onTestFinished, backlogRepo());
    await cli(dir, ["add", "Task of a"], agentA);
    await cli(dir, ["add", "Task of b"], agentB);
    await cli(dir, ["modify", "1", "priority:H"], agentA);
    await cli(dir, ["modify", "2", "priority:L"], agentB);

    const text = await cli(dir, ["undo"], agentA);
    expect(text).toMatch(/^Undid 1 operation in [0-9a-f]{10}:\n {2}[0-9a-f]{10} backlog: modify #1 Task of a \(Test User <test@example\.com>, agent a\)\n/);
    expect(text).toMatch(/Passed over \(left in place\):\n {2}[0-9a-f]{10} backlog: modify #2 Task of b \(Test User <test@example\.com>, agent b\)\n/);
    expect(frontmatter(dir, 1)).not.toHaveProperty("priority");
    expect(frontmatter(dir, 2)).toMatchObject({ priority: "L" });

    const json = await cliJson<Reverted>(dir, ["undo"], agentA);
    expect(summary(json.reverted)).toEqual([["add", [1], "a"]]);
    expect(json.reverts).toEqual(json.reverted.map((entry) => entry.sha));
    expect(summary(json.passedOver)).toEqual([
      ["modify", [2], "b"],
      ["add", [2], "b"],
    ]);
    expect(json.passedOver[0]).toMatchObject({ author: "Test User <test@example.com>", email: "test@example.com", message: "backlog: modify #2 Task of b" });
    expect(taskFiles(dir)).toEqual(["2-task-of-b.md"]);

    const before = { head: git(dir, "rev-parse", "HEAD"), files: snapshot(dir) };
    const refused = await runCli(dir, ["undo"], agentA);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("None of the 2 backlog operations on this branch that can be undone is yours (test@example.com, agent a)");
    expect(refused.stderr).toContain('"backlog: modify #2 Task of b" by Test User <test@example.com>, agent b');
    expect(refused.stderr).toContain("--any");
    expect({ head: git(dir, "rev-parse", "HEAD"), files: snapshot(dir) }).toEqual(before);

    const any = await cliJson<Reverted>(dir, ["undo", "--any"], agentA);
    expect(summary(any.reverted)).toEqual([["modify", [2], "b"]]);
    expect(any.passedOver).toEqual([]);
    expect(frontmatter(dir, 2)).not.toHaveProperty("priority");
    expect(git(dir, "log", "-1", "--format=%(trailers:key=Backlog-Agent,valueonly)").trim()).toBe("a");
  });

  it("refuses more than the caller's operations, counting the others' it would have to pass", async ({ onTestFinished }) => {
    const { dir } = removeAfter(onTestFinished, backlogRepo());
    await cli(dir, ["add", "Task of a"], agentA);
    await cli(dir, ["add", "Task of b"], agentB);
    const head = git(dir, "rev-parse", "HEAD");
    const refused = await runCli(dir, ["undo", "2"], agentA);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Only 1 of your backlog operations (test@example.com, agent a) can be undone on this branch, not 2");
    expect(refused.stderr).toContain("1 operation by others is passed over");
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
    // Without an agent, a CLI user's own operations are those without one.
    expect((await runCli(dir, ["undo"])).stderr).toContain("is yours (test@example.com, no agent)");
  });

  it("redoes the caller's own undo past another agent's operation; another's undo needs --any", async ({ onTestFinished }) => {
    const { dir } = removeAfter(onTestFinished, backlogRepo());
    await cli(dir, ["add", "Task of a"], agentA);
    await cli(dir, ["modify", "1", "priority:H"], agentA);
    await cli(dir, ["undo"], agentA);
    await cli(dir, ["add", "Task of b"], agentB);

    const refused = await runCli(dir, ["redo"], agentB);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("There is nothing of yours (test@example.com, agent b) to redo on this branch");
    expect(refused.stderr).toContain("1 undo by others can be redone; --any redoes them.");

    const redone = await cli(dir, ["redo"], agentA);
    expect(redone).toMatch(/^Redid in [0-9a-f]{10}, reverting:\n {2}[0-9a-f]{10} backlog: undo modify #1 Task of a \(Test User <test@example\.com>, agent a\)/);
    expect(redone).toMatch(/Passed over \(left in place\):\n {2}[0-9a-f]{10} backlog: add #2 Task of b \(Test User <test@example\.com>, agent b\)/);
    expect(frontmatter(dir, 1)).toMatchObject({ priority: "H" });

    await cli(dir, ["undo"], agentA);
    const any = await cliJson<Reverted>(dir, ["redo", "--any"], agentB);
    expect(summary(any.reverted)).toEqual([["undo", [1], "a"]]);
    expect(frontmatter(dir, 1)).toMatchObject({ priority: "H" });
  });
});

/** Two clones of one bare remote, each with its own git identity (from git config, not the environment). */
function twoClones(finished: (cleanup: () => void) => void): { alice: string; bob: string } {
  const { dir } = removeAfter(finished, tempDir());
  git(dir, "init", "-q", "--bare", "-b", "main", "remote.git");
  const clone = (name: string): string => {
    git(dir, "clone", "-q", "remote.git", name);
    const at = join(dir, name);
    git(at, "config", "user.name", name);
    git(at, "config", "user.email", `${name}@example.com`);
    git(at, "config", "commit.gpgsign", "false");
    git(at, "config", "gc.auto", "0");
    return at;
  };
  const alice = clone("alice");
  git(alice, "commit", "-q", "--allow-empty", "-m", "initial");
  git(alice, "push", "-q", "origin", "HEAD:main");
  const bob = clone("bob");
  for (const at of [alice, bob]) mkdirSync(join(at, "backlog"), { recursive: true });
  return { alice, bob };
}

// The identity comes from each clone's config: the environment's fixed test user is removed.
const asConfigured = { env: { GIT_AUTHOR_NAME: undefined, GIT_AUTHOR_EMAIL: undefined, GIT_COMMITTER_NAME: undefined, GIT_COMMITTER_EMAIL: undefined } };

describe.concurrent("undo after a pull from another clone", () => {
  it("undoes your own operation, not one pulled from another clone, and names the one it passed over", async ({ onTestFinished }) => {
    const { alice, bob } = twoClones(onTestFinished);
    await cli(alice, ["add", "Alice's task"], asConfigured);
    git(alice, "push", "-q", "origin", "main");
    git(bob, "pull", "-q", "--ff-only");
    await cli(bob, ["add", "Bob's task"], asConfigured);
    git(bob, "push", "-q", "origin", "main");
    git(alice, "pull", "-q", "--ff-only");

    const result = await cliJson<Reverted>(alice, ["undo"], asConfigured);
    expect(result.reverted.map((entry) => [entry.op, entry.tasks, entry.email])).toEqual([["add", [1], "alice@example.com"]]);
    expect(result.passedOver.map((entry) => [entry.op, entry.tasks, entry.author])).toEqual([["add", [2], "bob <bob@example.com>"]]);
    expect(taskFiles(alice)).toEqual(["2-bob-s-task.md"]);
    expect(git(alice, "log", "-1", "--format=%ae")).toBe("alice@example.com");
  });

  it("refuses to undo your operation when a pulled one changed its file since, naming it; --any undoes that one first", async ({ onTestFinished }) => {
    const { alice, bob } = twoClones(onTestFinished);
    await cli(alice, ["add", "Alice's task"], asConfigured);
    git(alice, "push", "-q", "origin", "main");
    git(bob, "pull", "-q", "--ff-only");
    await cli(bob, ["modify", "1", "priority:H"], asConfigured);
    git(bob, "push", "-q", "origin", "main");
    git(alice, "pull", "-q", "--ff-only");

    const head = git(alice, "rev-parse", "HEAD");
    const refused = await runCli(alice, ["undo"], asConfigured);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/backlog\/1-alice-s-task\.md was changed by a later commit, "backlog: modify #1 Alice's task" \([0-9a-f]{12} by bob <bob@example\.com>\)/);
    expect(git(alice, "rev-parse", "HEAD")).toBe(head);

    const other = await cliJson<Reverted>(alice, ["undo", "--any"], asConfigured);
    expect(other.reverted.map((entry) => [entry.op, entry.email])).toEqual([["modify", "bob@example.com"]]);
    await cli(alice, ["undo"], asConfigured);
    expect(existsSync(join(alice, "backlog/1-alice-s-task.md"))).toBe(false);
  });

  it("after a pull that merged, undoes your operations from before the merge and explains the ones that came in through it", async ({ onTestFinished }) => {
    const { alice, bob } = twoClones(onTestFinished);
    await cli(alice, ["add", "Alice's task"], asConfigured);
    git(alice, "push", "-q", "origin", "main");
    git(bob, "pull", "-q", "--ff-only");
    await cli(bob, ["add", "Bob's task"], asConfigured);
    git(bob, "push", "-q", "origin", "main");
    await cli(alice, ["modify", "1", "priority:H"], asConfigured);
    await cli(alice, ["modify", "1", "+home"], asConfigured);
    git(alice, "pull", "-q", "--no-rebase", "--no-edit");
    expect(git(alice, "log", "-1", "--format=%P").split(" ")).toHaveLength(2);

    const head = git(alice, "rev-parse", "HEAD");
    const refused = await runCli(alice, ["undo", "4"], asConfigured);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Only 3 of your backlog operations (alice@example.com, no agent) can be undone on this branch, not 4");
    expect(refused.stderr).toMatch(/1 operation came in through a merge: "backlog: add #2 Bob's task" by bob <bob@example\.com> \(the newest merge: [0-9a-f]{12} "Merge branch 'main' of [^"]*"\)/);
    expect(refused.stderr).toContain("first parent");
    expect(git(alice, "rev-parse", "HEAD")).toBe(head);

    const result = await cliJson<Reverted>(alice, ["undo", "2"], asConfigured);
    expect(result.reverted.map((entry) => entry.message)).toEqual(["backlog: modify #1 Alice's task", "backlog: modify #1 Alice's task"]);
    expect(frontmatter(alice, 1)).not.toHaveProperty("priority");
    expect(frontmatter(alice, 1)).not.toHaveProperty("tags");
    expect(taskFiles(alice)).toEqual(["1-alice-s-task.md", "2-bob-s-task.md"]);
  });
});
