import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli, cliJson } from "../../helpers/cli.js";
import { addTask, commitWork, project, startInWorktree } from "./setup.js";

/** `worktrees` shows the status of the base's board, wherever it runs. */

interface Listed { base: string; worktrees: { id: number; status: string; merged: boolean }[] }

let repo: ReturnType<typeof project>;
beforeEach(() => {
  repo = project();
});
afterEach(() => repo.cleanup());

describe("worktrees", () => {
  it("shows the status on the base's board right after stop on main, from main and from the worktree", async () => {
    const id = await addTask(repo.dir, "Stopped on main");
    const { path } = await startInWorktree(repo.dir, id);
    commitWork(path, "src/work.txt");

    await cli(repo.dir, ["stop", String(id)]);

    expect((await cliJson<Listed>(repo.dir, ["worktrees"])).worktrees).toEqual([expect.objectContaining({ id, status: "pending" })]);
    expect((await cliJson<Listed>(path, ["worktrees"])).worktrees).toEqual([expect.objectContaining({ id, status: "pending" })]);
    expect(await cli(repo.dir, ["worktrees"])).toContain(`Stopped on main [pending]`);
  });
});
