import { describe, expect, it } from "vitest";
import { openBacklog } from "../../../src/service/backlog.js";
import { saveTaskForm, taskForm } from "../../../src/service/operations/form-edit.js";
import { backlogRepo, cli, cliEnv } from "../../helpers/cli.js";
import { cleanupAfterEach } from "../../helpers/git-repo.js";

const track = cleanupAfterEach();

/** The board's task panel saves through saveTaskForm: its id fields read ids as the CLI's change words do. */
describe("a form's id fields", () => {
  async function formOnThree(): Promise<{ dir: string }> {
    const { dir } = track(backlogRepo());
    for (const title of ["One", "Two", "Three"]) await cli(dir, ["add", title]);
    return { dir };
  }

  it("take ids as digits, with or without #, separated by spaces or commas", async () => {
    const { dir } = await formOnThree();
    const backlog = await openBacklog({ cwd: dir, env: cliEnv() });
    try {
      const { original } = taskForm(backlog, 3);
      await saveTaskForm(backlog, 3, original, { depends: "#1, 2", parent: "#1" }, undefined);
      expect(backlog.index.get(3)).toMatchObject({ depends: [1, 2], parent: 1 });
    } finally {
      await backlog.writer.close();
    }
  });

  it("refuse what is not an id as the CLI does, naming the field and the word, with nothing written", async () => {
    const { dir } = await formOnThree();
    const backlog = await openBacklog({ cwd: dir, env: cliEnv() });
    try {
      const { original } = taskForm(backlog, 3);
      for (const word of ["1e0", "0x1", "two", "0"]) {
        await expect(saveTaskForm(backlog, 3, original, { depends: `2 ${word}` }, undefined)).rejects.toMatchObject({
          code: "usage",
          data: { field: "depends", token: word },
          message: expect.stringContaining(`depends: "${word}" is not a task id`) as unknown,
        });
      }
      expect(taskForm(backlog, 3).original).toBe(original);
    } finally {
      await backlog.writer.close();
    }
  });
});
