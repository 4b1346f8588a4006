import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { editTree, lookupPath } from "../../../src/git/edit-tree.js";
import { createObjectStore, EMPTY_TREE_OID, hashObject, type GitObject, type ObjectStore } from "../../../src/git/object-store.js";
import { compareEntries, createTreeStore, parseTree, TREE_MODE, type TreeEntry } from "../../../src/git/tree-store.js";
import { cleanupAfterEach, git, GIT_TEST_ENV, gitRepo } from "../../helpers/git-repo.js";
import { seededRandom } from "../../helpers/seeded-random.js";

const track = cleanupAfterEach();

/** An object store in memory, for the pure tree logic. */
function memoryStore(): ObjectStore & { objects: Map<string, GitObject> } {
  const objects = new Map<string, GitObject>();
  return {
    objects,
    read: (oid) => {
      const object = objects.get(oid);
      return object ? Promise.resolve(object) : Promise.reject(new Error(`missing ${oid}`));
    },
    write: (type, body) => {
      const oid = hashObject(type, body);
      objects.set(oid, { type, body: Buffer.from(body) });
      return oid;
    },
    writeDeferred(type, body) {
      return this.write(type, body);
    },
    flush: () => Promise.resolve(),
  };
}

const BLOB = hashObject("blob", Buffer.from("x"));

describe("trees", () => {
  it("orders entries exactly as git does", async () => {
    const made = gitRepo();
    track(made);
    const names: Array<[string, boolean]> = [
      ["a", false], ["a.b", false], ["a-b", false], ["b", true], ["b.c", false], ["a0", false], ["ä", false], ["😀", false], ["\uE000", false], ["Z", false], ["b-", true],
    ];
    const entries: TreeEntry[] = names.map(([name, tree]) => ({ mode: tree ? TREE_MODE : "100644", name, oid: tree ? EMPTY_TREE_OID : BLOB }));
    entries.sort(compareEntries);
    const objects = createObjectStore({ root: made.dir, gitDir: `${made.dir}/.git`, commonDir: `${made.dir}/.git` });
    const store = createTreeStore(objects);
    git(made.dir, "hash-object", "-w", "-t", "tree", "/dev/null");
    execFileSync("git", ["hash-object", "-w", "--stdin"], { cwd: made.dir, env: GIT_TEST_ENV, input: "x" });
    const ours = store.write(entries);
    const input = entries.map((entry) => `${entry.mode === TREE_MODE ? "040000 tree" : "100644 blob"} ${entry.oid}\t${entry.name}\n`).join("");
    const theirs = execFileSync("git", ["mktree"], { cwd: made.dir, env: GIT_TEST_ENV, input, encoding: "utf8" }).trim();
    expect(ours).toBe(theirs);
    await objects.flush();
    git(made.dir, "fsck", "--strict");
  });

  it("parses what it serialises", async () => {
    const objects = memoryStore();
    const store = createTreeStore(objects);
    const entries: TreeEntry[] = [
      { mode: "100644", name: "1-a.md", oid: BLOB },
      { mode: "100755", name: "run.sh", oid: BLOB },
      { mode: TREE_MODE, name: "sub", oid: EMPTY_TREE_OID },
    ];
    const oid = store.write(entries);
    expect(parseTree(objects.objects.get(oid)!.body)).toEqual(entries);
    expect(await store.read(oid)).toBe(await store.read(oid));
  });
});

describe("editTree", () => {
  it("replaces, adds and removes only the given paths", async () => {
    const objects = memoryStore();
    const trees = createTreeStore(objects);
    const a = objects.write("blob", Buffer.from("a"));
    const b = objects.write("blob", Buffer.from("b"));
    const base = await editTree(trees, undefined, [
      { path: "backlog/1-a.md", oid: a },
      { path: "backlog/archive/2026-Q4/2-b.md", oid: b },
      { path: "README.md", oid: a },
    ]);
    expect((await lookupPath(trees, base, "backlog/archive/2026-Q4/2-b.md"))?.oid).toBe(b);
    const next = await editTree(trees, base, [
      { path: "backlog/1-a.md", oid: b },
      { path: "backlog/3-c.md", oid: a },
      { path: "backlog/archive/2026-Q4/2-b.md", oid: null },
    ]);
    expect((await lookupPath(trees, next, "backlog/1-a.md"))?.oid).toBe(b);
    expect((await lookupPath(trees, next, "backlog/3-c.md"))?.oid).toBe(a);
    expect(await lookupPath(trees, next, "backlog/archive")).toBeUndefined(); // emptied folders go
    expect((await lookupPath(trees, next, "README.md"))?.oid).toBe(a);
    expect(await editTree(trees, next, [{ path: "backlog/1-a.md", oid: b }])).toBe(next);
    expect(trees.originOf(next)).toBeDefined();
  });

  it("keeps an executable bit and writes the empty tree when everything goes", async () => {
    const objects = memoryStore();
    const trees = createTreeStore(objects);
    const a = objects.write("blob", Buffer.from("a"));
    const base = await editTree(trees, undefined, [{ path: "x.sh", oid: a, mode: "100755" }]);
    const next = await editTree(trees, base, [{ path: "x.sh", oid: objects.write("blob", Buffer.from("b")) }]);
    expect((await lookupPath(trees, next, "x.sh"))?.mode).toBe("100755");
    expect(await editTree(trees, next, [{ path: "x.sh", oid: null }])).toBe(EMPTY_TREE_OID);
  });

  it("refuses a path written as a file and a folder at once", async () => {
    const trees = createTreeStore(memoryStore());
    await expect(editTree(trees, undefined, [
      { path: "a", oid: BLOB },
      { path: "a/b", oid: BLOB },
    ])).rejects.toMatchObject({ code: "invalid" });
  });
});

describe("writing the next version of a big tree", () => {
  /** The tree git itself makes of these entries (`git mktree`). */
  function gitTree(dir: string, entries: readonly TreeEntry[]): string {
    const input = entries.map((entry) => `${entry.mode === TREE_MODE ? "040000 tree" : `${entry.mode} blob`} ${entry.oid}\t${entry.name}\n`).join("");
    return execFileSync("git", ["mktree", "--missing"], { cwd: dir, env: GIT_TEST_ENV, input, encoding: "utf8" }).trim();
  }

  it("gives every version the id git gives it, edit after edit, from a tree written here or read cold", async () => {
    const made = gitRepo();
    track(made);
    const paths = { root: made.dir, gitDir: `${made.dir}/.git`, commonDir: `${made.dir}/.git` };
    const objects = createObjectStore(paths);
    const random = seededRandom(Number(process.env.BACKLOG_TEST_SEED ?? 7));
    const blob = (text: string): string => objects.write("blob", Buffer.from(text));
    const names = new Map<string, string>();
    for (let id = 1; id <= 300; id++) names.set(`${id}-task-${id}.md`, blob(`task ${id}`));
    const entriesOf = (): TreeEntry[] => [...names].map(([name, oid]) => ({ mode: "100644", name, oid })).sort(compareEntries);
    let trees = createTreeStore(objects);
    let oid = await editTree(trees, undefined, [...names].map(([name, oid]) => ({ path: name, oid })));
    let next = 301;
    for (let step = 0; step < 40; step++) {
      // Every few steps a fresh store, which reads the base tree from disk (another process's commit).
      if (step % 10 === 5) {
        await objects.flush();
        trees = createTreeStore(objects);
      }
      const changes: { path: string; oid: string | null; mode?: string }[] = [];
      const existing = [...names.keys()];
      for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
        const pick = random();
        if (pick < 0.4) {
          const name = `${next}-new-${next++}.md`;
          changes.push({ path: name, oid: blob(`new ${name}`) });
          names.set(name, changes.at(-1)!.oid!);
        } else if (pick < 0.7) {
          const name = existing[Math.floor(random() * existing.length)]!;
          if (!names.has(name)) continue;
          changes.push({ path: name, oid: null });
          names.delete(name);
        } else {
          const name = existing[Math.floor(random() * existing.length)]!;
          if (!names.has(name)) continue;
          changes.push({ path: name, oid: blob(`edit ${step} ${name}`) });
          names.set(name, changes.at(-1)!.oid!);
        }
      }
      oid = await editTree(trees, oid, changes);
      expect(oid, `step ${step}`).toBe(gitTree(made.dir, entriesOf()));
    }
    await objects.flush();
    // What was written is what git reads back.
    expect(git(made.dir, "ls-tree", "--name-only", oid).split("\n").sort()).toEqual([...names.keys()].sort());
    git(made.dir, "fsck", "--strict", "--no-dangling");
  });
});
