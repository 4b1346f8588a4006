import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli } from "../../helpers/cli.js";
import { at, mergeRepo, type MergeRepo } from "./merge-repo.js";

/**
 * git hands the merge driver blobs and stores what it leaves in %A as the merged blob: under
 * core.autocrlf the result must stay LF in the repository (CRLF only in the working tree), or
 * every merge would commit a whole-file line-ending change.
 */
describe("merging a task under core.autocrlf", () => {
  let repo: MergeRepo;
  beforeEach(async () => {
    repo = await mergeRepo();
    repo.git("config", "core.autocrlf", "true");
    await cli(repo.dir, ["add", "Session", "store", "--body", "Pick a store."]);
    repo.git("checkout", "-q", "-b", "side");
  });
  afterEach(() => repo.cleanup());

  it("commits an LF blob and leaves the CRLF file a checkout leaves", async () => {
    const path = "backlog/1-session-store.md";
    await cli(repo.dir, ["modify", "1", "+redis"], at("2026-11-18T11:00:00Z"));
    repo.git("checkout", "-q", "main");
    await cli(repo.dir, ["annotate", "1", "ours"], at("2026-11-18T12:00:00Z"));
    repo.git("merge", "-q", "--no-edit", "side");
    const blob = repo.git("cat-file", "blob", `HEAD:${path}`);
    expect(blob).toContain("tags: [redis]\n");
    expect(blob).toContain("- 2026-11-18T12:00:00Z");
    expect(blob).not.toContain("\r");
    expect(repo.git("status", "--porcelain")).toBe("");
    const working = readFileSync(join(repo.dir, path), "utf8");
    rmSync(join(repo.dir, path));
    repo.git("checkout", "--", path);
    expect(JSON.stringify(readFileSync(join(repo.dir, path), "utf8"))).toBe(JSON.stringify(working));
  });
});
