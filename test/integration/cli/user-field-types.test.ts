import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, frontmatter, readTask, writeTask, type JsonTask } from "../../helpers/cli.js";

describe("a user field keeps its YAML type", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(() => {
    repo = backlogRepo();
    dir = repo.dir;
    writeTask(dir, "30-typed.md", '---\nid: 30\ntitle: Typed\nstatus: pending\nestimate: 3\nbillable: true\ncode: "42"\n---\n');
  });
  afterAll(() => repo.cleanup());

  it("keeps a number a number, a boolean a boolean and a quoted string a string when changed", async () => {
    await cli(dir, ["modify", "30", "estimate:4", "billable:false", "code:43"]);
    expect(frontmatter(dir, 30)).toMatchObject({ estimate: 4, billable: false, code: "43" });
    expect(readTask(dir, 30)).toContain('estimate: 4\nbillable: false\ncode: "43"\n');
    await cli(dir, ["modify", "30", "estimate:4.5"]);
    expect(frontmatter(dir, 30).estimate).toBe(4.5);
  });

  it("writes a new field as YAML reads the word: a number or a boolean when it reads back the same, else text", async () => {
    const task = await cliJson<JsonTask>(dir, ["add", "New", "points:5", "ratio:-0.5", "ready_for_qa:true", "version:1.10", "zip:007", "size:1e3"]);
    expect(task).toMatchObject({ points: 5, ratio: -0.5, ready_for_qa: true, version: "1.10", zip: "007", size: "1e3" });
    expect(frontmatter(dir, task.id)).toMatchObject({ points: 5, ratio: -0.5, ready_for_qa: true, version: "1.10", zip: "007", size: "1e3" });
  });

  it("takes text over a number when the new value is not one", async () => {
    await cli(dir, ["modify", "30", "estimate:large"]);
    expect(frontmatter(dir, 30).estimate).toBe("large");
  });
});
