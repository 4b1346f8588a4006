import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli, cliJson, frontmatter, readTask, type JsonTask } from "../../helpers/cli.js";
import { at, mergeRepo, type MergeRepo } from "./merge-repo.js";

/** Real branches, real `git merge`: git runs the driver that `init` registered. */
describe("merging the same task changed on two branches", () => {
  let repo: MergeRepo;
  beforeEach(async () => {
    repo = await mergeRepo();
    await cli(repo.dir, ["add", "Session", "store", "+auth", "--body", "Pick a store.\n\nKeep it simple."]);
    await cli(repo.dir, ["add", "Schema"]);
    await cli(repo.dir, ["add", "Cache"]);
    await cli(repo.dir, ["add", "Queue"]);
    await cli(repo.dir, ["modify", "1", "depends:2"]);
    repo.git("checkout", "-q", "-b", "side");
  });
  afterEach(() => repo.cleanup());

  it("init registered the driver in the repository's git config, by absolute path", async () => {
    expect(repo.git("config", "merge.backlog.driver")).toMatch(/^'\/.+' '\/.+' merge-driver %O %A %B %P$/);
    expect(repo.git("check-attr", "merge", "backlog/1-session-store.md")).toContain("merge: backlog");
    expect(await cli(repo.dir, ["init"])).toContain("nothing to do");
  });

  it("keeps done from one side and new tags from the other", async () => {
    await cli(repo.dir, ["modify", "1", "+redis", "-auth"], at("2026-11-18T11:00:00Z"));
    repo.git("checkout", "-q", "main");
    await cli(repo.dir, ["done", "1"], at("2026-11-18T12:00:00Z"));
    repo.git("merge", "-q", "--no-edit", "side");
    const task = frontmatter(repo.dir, 1);
    expect(task).toMatchObject({ status: "done", tags: ["redis"], ended: "2026-11-18T12:00:00Z", modified: "2026-11-18T12:00:00Z" });
    expect(repo.git("status", "--porcelain")).toBe("");
  });

  it("keeps the notes of both sides, in time order", async () => {
    await cli(repo.dir, ["annotate", "1", "theirs first"], at("2026-11-18T11:00:00Z"));
    await cli(repo.dir, ["annotate", "1", "theirs third"], at("2026-11-18T13:00:00Z"));
    repo.git("checkout", "-q", "main");
    await cli(repo.dir, ["annotate", "1", "ours second"], at("2026-11-18T12:00:00Z"));
    repo.git("merge", "-q", "--no-edit", "side");
    const task = await cliJson<JsonTask>(repo.dir, ["show", "1"]);
    expect(task.notes.map((note) => note.text)).toEqual(["theirs first", "ours second", "theirs third"]);
    expect(readTask(repo.dir, 1)).toContain("Pick a store.\n\nKeep it simple.\n\n## Notes\n");
  });

  it("unions depends changed on both sides, minus what a side removed", async () => {
    await cli(repo.dir, ["modify", "1", "depends:+3", "depends:-2"], at("2026-11-18T11:00:00Z"));
    repo.git("checkout", "-q", "main");
    await cli(repo.dir, ["modify", "1", "depends:+4"], at("2026-11-18T12:00:00Z"));
    repo.git("merge", "-q", "--no-edit", "side");
    expect((frontmatter(repo.dir, 1).depends as number[]).sort()).toEqual([3, 4]);
  });

  it("unions related changed on both sides, minus what a side removed, and keeps it when one side changed something else", async () => {
    await cli(repo.dir, ["modify", "1", "related:3"], at("2026-11-18T10:30:00Z"));
    repo.git("checkout", "-q", "main");
    await cli(repo.dir, ["modify", "1", "related:2,4"], at("2026-11-18T11:00:00Z"));
    repo.git("merge", "-q", "--no-edit", "side");
    expect(frontmatter(repo.dir, 1).related).toEqual([2, 4, 3]);
    repo.git("checkout", "-q", "side");
    repo.git("merge", "-q", "--no-edit", "main");
    await cli(repo.dir, ["modify", "1", "related:-2"], at("2026-11-18T12:00:00Z"));
    repo.git("checkout", "-q", "main");
    await cli(repo.dir, ["modify", "1", "priority:H"], at("2026-11-18T13:00:00Z"));
    repo.git("merge", "-q", "--no-edit", "side");
    expect(frontmatter(repo.dir, 1)).toMatchObject({ related: [4, 3], priority: "H" });
    expect(repo.git("status", "--porcelain")).toBe("");
  });

  it("gives a title changed on both sides to the later change and keeps the other in a note", async () => {
    await cli(repo.dir, ["modify", "1", "Redis", "session", "store"], at("2026-11-18T13:00:00Z"));
    repo.git("checkout", "-q", "main");
    await cli(repo.dir, ["modify", "1", "Session", "storage"], at("2026-11-18T12:00:00Z"));
    repo.git("merge", "-q", "--no-edit", "side");
    const task = await cliJson<JsonTask>(repo.dir, ["show", "1"]);
    expect(task.title).toBe("Redis session store");
    expect(task.notes).toEqual([{ time: "2026-11-18T10:00:00Z", author: "merge", text: 'title was also changed to "Session storage" on the other side' }]);
  });

  it("keeps our formatting and comments in the frontmatter", async () => {
    const path = "backlog/1-session-store.md";
    const original = readTask(repo.dir, 1);
    const commented = original.replace("title: Session store", "title: Session store # the main one");
    repo.git("checkout", "-q", "main");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(`${repo.dir}/${path}`, commented);
    repo.git("commit", "-q", "-am", "comment");
    repo.git("checkout", "-q", "side");
    await cli(repo.dir, ["modify", "1", "priority:H"], at("2026-11-18T11:00:00Z"));
    repo.git("checkout", "-q", "main");
    repo.git("merge", "-q", "--no-edit", "side");
    expect(readTask(repo.dir, 1)).toContain("title: Session store # the main one\n");
    expect(frontmatter(repo.dir, 1).priority).toBe("H");
  });
});
