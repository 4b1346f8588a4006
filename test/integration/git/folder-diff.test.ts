import { chmodSync, existsSync, mkdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createFolderDiff } from "../../../src/git/folder-diff.js";
import { findRepoPaths } from "../../../src/git/repo-paths.js";
import { cleanupAfterEach, git, gitRepo } from "../../helpers/git-repo.js";
import { assertAsyncProperty } from "../../helpers/property.js";

const track = cleanupAfterEach();

/** The folder's own entries in a commit as git lists them: name → "mode oid". */
function gitEntries(dir: string, commit: string, folder: string): Map<string, string> {
  const out = git(dir, "ls-tree", "-z", commit, "--", `${folder}/`);
  const entries = new Map<string, string>();
  for (const line of out.split("\0").filter(Boolean)) {
    const [info, path] = line.split("\t") as [string, string];
    const [mode, , oid] = info.split(" ");
    entries.set(path.slice(folder.length + 1), `${mode} ${oid}`);
  }
  return entries;
}

/** The names whose entries differ between two listings. */
function differing(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((name) => a.get(name) !== b.get(name)).sort();
}

/** One commit's worth of changes to the task folder (and beside it). */
type Edit =
  | { kind: "write"; name: string; text: string }
  | { kind: "delete"; name: string }
  | { kind: "mode"; name: string }
  | { kind: "archive"; name: string; text: string }
  | { kind: "folder"; name: string }
  | { kind: "outside"; text: string };

const NAMES = ["1-a.md", "2-b.md", "3-c.md", "10-d.md", "x", "x.md", "notes.txt"];
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant("write" as const), name: fc.constantFrom(...NAMES), text: fc.string({ maxLength: 12 }) }),
  fc.record({ kind: fc.constant("delete" as const), name: fc.constantFrom(...NAMES) }),
  fc.record({ kind: fc.constant("mode" as const), name: fc.constantFrom(...NAMES) }),
  fc.record({ kind: fc.constant("archive" as const), name: fc.constantFrom("5-e.md", "6-f.md"), text: fc.string({ maxLength: 8 }) }),
  fc.record({ kind: fc.constant("folder" as const), name: fc.constantFrom(...NAMES) }),
  fc.record({ kind: fc.constant("outside" as const), text: fc.string({ maxLength: 8 }) }),
);

function applyEdit(root: string, folder: string, change: Edit): void {
  const at = join(root, folder);
  mkdirSync(at, { recursive: true });
  const path = change.kind === "outside" ? join(root, "README.md") : join(at, change.name);
  switch (change.kind) {
    case "write":
    case "outside":
      rmSync(path, { recursive: true, force: true });
      writeFileSync(path, change.text);
      break;
    case "delete":
      rmSync(path, { recursive: true, force: true });
      break;
    case "mode":
      // The executable bit toggled; a missing file is written executable.
      if (!existsSync(path)) writeFileSync(path, "new");
      chmodSync(path, statSync(path).mode & 0o100 ? 0o644 : 0o755);
      break;
    case "archive":
      mkdirSync(join(at, "archive"), { recursive: true });
      writeFileSync(join(at, "archive", change.name), change.text);
      break;
    case "folder":
      // A file replaced by a folder of that name (or a folder kept).
      rmSync(path, { recursive: true, force: true });
      mkdirSync(path);
      writeFileSync(join(path, "inside.md"), "x");
      break;
  }
}

/** Commits a folder holding one task file; returns the commit. */
function commitOneTask(dir: string, folder: string): string {
  mkdirSync(join(dir, folder));
  writeFileSync(join(dir, folder, "1-a.md"), "one");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", `one task in ${folder}`);
  return git(dir, "rev-parse", "HEAD");
}

describe("createFolderDiff", () => {
  it("names exactly the folder's entries git's own diff names, between any two commits, loose or packed", async () => {
    await assertAsyncProperty(
      fc.asyncProperty(fc.constantFrom("backlog", "docs/tasks"), fc.array(fc.array(edit, { minLength: 0, maxLength: 4 }), { minLength: 1, maxLength: 5 }), fc.boolean(), async (folder, commits, pack) => {
        const { dir, cleanup } = gitRepo();
        try {
          const shas = [git(dir, "rev-parse", "HEAD")];
          for (const edits of commits) {
            for (const change of edits) applyEdit(dir, folder, change);
            git(dir, "add", "-A");
            git(dir, "commit", "-q", "--allow-empty", "-m", "step");
            shas.push(git(dir, "rev-parse", "HEAD"));
          }
          if (pack) git(dir, "gc", "-q", "--prune=now");
          const diff = createFolderDiff(findRepoPaths(dir)!, folder);
          const listed = shas.map((sha) => gitEntries(dir, sha, folder));
          for (const [i, from] of shas.entries()) {
            for (const [j, to] of shas.entries()) {
              const names = await diff.changedNames(from, to);
              expect(names && [...names].sort(), `${i} → ${j}`).toEqual(differing(listed[i]!, listed[j]!));
            }
          }
        } finally {
          cleanup();
        }
      }),
      { runs: 5 },
    );
  });

  it("a commit that leaves the folder alone changes nothing; a missing object or a non-commit cannot be told", async () => {
    const { dir } = track(gitRepo());
    const first = commitOneTask(dir, "backlog");
    git(dir, "commit", "-q", "--allow-empty", "-m", "empty");
    const empty = git(dir, "rev-parse", "HEAD");
    const diff = createFolderDiff(findRepoPaths(dir)!, "backlog");

    expect(await diff.changedNames(first, empty)).toEqual([]);
    expect(await diff.changedNames(first, "0123456789012345678901234567890123456789")).toBeUndefined();
    expect(await diff.changedNames(first, git(dir, "rev-parse", "HEAD:backlog"))).toBeUndefined();
    expect(await diff.builtOn(empty, first, 1)).toBe(true);
    expect(await diff.builtOn(empty, first, 0)).toBe(false);
    expect(await diff.builtOn(first, empty, 2)).toBe(false);
  });

  it("a task folder that is a link in one commit cannot be told", async () => {
    const { dir } = track(gitRepo());
    const before = commitOneTask(dir, "real");
    git(dir, "commit", "-q", "--allow-empty", "-m", "nothing");
    symlinkSync("real", join(dir, "backlog"));
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "link");
    const diff = createFolderDiff(findRepoPaths(dir)!, "backlog");

    expect(await diff.changedNames(before, git(dir, "rev-parse", "HEAD~1"))).toEqual([]); // no folder in either
    expect(await diff.changedNames(before, git(dir, "rev-parse", "HEAD"))).toBeUndefined();
  });
});
