import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createObjectStore } from "../../../src/git/object-store.js";
import { findRepoPaths } from "../../../src/git/repo-paths.js";
import { cleanupAfterEach, git, gitRepo } from "../../helpers/git-repo.js";

const track = cleanupAfterEach();

const loosePath = (dir: string, oid: string): string => join(dir, ".git", "objects", oid.slice(0, 2), oid.slice(2));

describe("the object store", () => {
  it("reads a large loose object once for every store of the process: its id names its content", async () => {
    const { dir } = track(gitRepo());
    writeFileSync(join(dir, "big.txt"), "x".repeat(200_000));
    writeFileSync(join(dir, "small.txt"), "small\n");
    git(dir, "add", "-A");
    const big = git(dir, "hash-object", "big.txt");
    const small = git(dir, "hash-object", "small.txt");
    const paths = findRepoPaths(dir)!;

    const first = await createObjectStore(paths).read(big);
    expect(first.type).toBe("blob");
    expect(first.body.length).toBe(200_000);
    expect((await createObjectStore(paths).read(small)).body.toString()).toBe("small\n");

    // Gone from disk: another store of this process still has the large one, not the small one.
    rmSync(loosePath(dir, big));
    rmSync(loosePath(dir, small));
    expect((await createObjectStore(paths).read(big)).body.equals(first.body)).toBe(true);
    await expect(createObjectStore(paths).read(small)).rejects.toThrow();
  });
});
