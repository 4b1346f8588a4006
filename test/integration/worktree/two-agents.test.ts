import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, parseFrontmatter, taskPath } from "../../helpers/cli.js";
import { git } from "../../helpers/git-repo.js";
import { addTask, commitWork, project, startInWorktree } from "./setup.js";

let repo: ReturnType<typeof project>;
beforeAll(() => {
  repo = project();
});
afterAll(() => repo.cleanup());

describe("two agents, two worktrees, one base", () => {
  it("work on two tasks at once, finish, and both branches merge cleanly into main", async () => {
    const one = await addTask(repo.dir, "Write the parser");
    const two = await addTask(repo.dir, "Write the renderer");
    // Each claim lands on main one after the other, under the clone-wide lock, even started at once.
    const [a, b] = await Promise.all([startInWorktree(repo.dir, one, "agent-a"), startInWorktree(repo.dir, two, "agent-b")]);
    const board = JSON.parse(await cli(repo.dir, ["list", "status:active", "--json"])) as { id: number; assignee: string }[];
    expect(board.map((task) => [task.id, task.assignee]).sort()).toEqual([[one, "agent-a"], [two, "agent-b"]]);

    // Each agent works in its own folder: notes and done commit on that worktree's branch only.
    await Promise.all([
      cli(a.path, ["annotate", String(one), "tokens first"], { env: { BACKLOG_AGENT: "agent-a" } }),
      cli(b.path, ["annotate", String(two), "html first"], { env: { BACKLOG_AGENT: "agent-b" } }),
    ]);
    commitWork(a.path, "src/parser.txt");
    commitWork(b.path, "src/renderer.txt");
    await Promise.all([cli(a.path, ["done", String(one)], { env: { BACKLOG_AGENT: "agent-a" } }), cli(b.path, ["done", String(two)], { env: { BACKLOG_AGENT: "agent-b" } })]);
    expect(git(repo.dir, "log", "-1", "--format=%s", a.branch)).toBe(`backlog: done #${one} Write the parser`);
    expect(git(repo.dir, "log", "-1", "--format=%s", b.branch)).toBe(`backlog: done #${two} Write the renderer`);
    expect(git(repo.dir, "log", "--format=%s", `main..${a.branch}`)).not.toContain(`#${two}`);

    // The two branches touch different task files: both merge without conflict.
    git(repo.dir, "merge", "-q", "--no-edit", a.branch);
    git(repo.dir, "merge", "-q", "--no-edit", b.branch);
    expect(git(repo.dir, "status", "--porcelain")).toBe("");
    for (const id of [one, two]) expect(parseFrontmatter(readFileSync(join(repo.dir, taskPath(repo.dir, id)), "utf8")).status).toBe("done");
    const notes = readFileSync(join(repo.dir, taskPath(repo.dir, one)), "utf8");
    expect(notes).toContain("tokens first");

    // Merged and clean now: prune removes both worktrees; the branches stay.
    const pruned = JSON.parse(await cli(repo.dir, ["prune", "--json"])) as { removed: boolean }[];
    expect(pruned.map((result) => result.removed)).toEqual([true, true]);
    expect(git(repo.dir, "branch", "--list", a.branch, b.branch).split("\n")).toHaveLength(2);
  });
});
