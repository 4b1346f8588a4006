import { existsSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, runCli, writeTask } from "../../helpers/cli.js";

/**
 * The stat cache (`.git/backlog-stat-cache.json`) trusts a file whose size, mtime and inode match
 * its entry and whose mtime is older than the cache write by two seconds. These tests age files
 * on purpose so the cache is really consulted, then change them in every way a stat can notice.
 */

const HOUR_AGO = (): number => Math.floor(Date.now() / 1000) - 3600;

function setMtime(path: string, seconds: number): void {
  utimesSync(path, seconds, seconds);
}

/** Rewrites a file in place (same inode), optionally putting its old mtime back. */
function rewriteInPlace(path: string, from: string, to: string, keepMtime: boolean): void {
  const before = statSync(path);
  const text = readFileSync(path, "utf8");
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
  if (keepMtime) utimesSync(path, before.atime, before.mtime);
}

function titlesListed(dir: string, filter: string[] = []): Promise<string> {
  return cli(dir, ["list", ...filter]);
}

describe("the stat cache", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  const file = (name: string): string => join(dir, "backlog", name);
  const cachePath = (): string => join(dir, ".git", "backlog-stat-cache.json");

  beforeAll(() => {
    repo = backlogRepo();
    dir = repo.dir;
    writeTask(dir, "1-alpha.md", "---\nid: 1\ntitle: Alpha task\nstatus: pending\npriority: H\n---\nThe alpha document.\n\n## Notes\n- 2026-11-01T10:00:00Z bob: alpha note\n");
    writeTask(dir, "2-beta.md", "---\nid: 2\ntitle: Beta task\nstatus: pending\n---\n");
    writeTask(dir, "3-gamma.md", "---\nid: 3\ntitle: Gamma task\nstatus: pending\n---\n");
    writeTask(dir, "4-broken.md", "---\nid: 4\ntitle: Broken\nstatus: wip\n---\n");
    for (const name of ["1-alpha.md", "2-beta.md", "3-gamma.md", "4-broken.md"]) setMtime(file(name), HOUR_AGO());
  });
  afterAll(() => repo.cleanup());

  it("is written under the git dir by a cold call, with an entry per file", async () => {
    expect(existsSync(cachePath())).toBe(false);
    await titlesListed(dir);
    const cache = JSON.parse(readFileSync(cachePath(), "utf8")) as { entries: Record<string, unknown> };
    expect(Object.keys(cache.entries).sort()).toEqual(["1-alpha.md", "2-beta.md", "3-gamma.md", "4-broken.md"]);
  });

  it("is really consulted: an entry whose size, mtime and inode all match is trusted", async () => {
    // A forged edit that keeps size, mtime and inode is invisible to any stat cache (git's too).
    rewriteInPlace(file("3-gamma.md"), "Gamma task", "Gimme task", true);
    expect(await titlesListed(dir)).toContain("Gamma task");
    // Put the real title back the same way, so the cache and the file agree again.
    rewriteInPlace(file("3-gamma.md"), "Gimme task", "Gamma task", true);
  });

  it("is not fooled by a same-size edit (a new mtime)", async () => {
    rewriteInPlace(file("2-beta.md"), "Beta task", "Bert task", false);
    const out = await titlesListed(dir);
    expect(out).toContain("Bert task");
    expect(out).not.toContain("Beta task");
  });

  it("is not fooled by a same-size, same-mtime file that replaced the old one (a new inode)", async () => {
    const path = file("3-gamma.md");
    const before = statSync(path);
    const temp = file(".replacement.tmp");
    writeFileSync(temp, readFileSync(path, "utf8").replace("Gamma task", "Gonzo task"));
    utimesSync(temp, before.atime, before.mtime);
    renameSync(temp, path);
    expect(statSync(path).size).toBe(before.size);
    expect(statSync(path).mtimeMs).toBe(before.mtimeMs);
    expect(await titlesListed(dir)).toContain("Gonzo task");
  });

  it("is not fooled by a same-mtime, same-inode edit that changed the size", async () => {
    rewriteInPlace(file("2-beta.md"), "Bert task", "Bertrand task", true);
    expect(await titlesListed(dir)).toContain("Bertrand task");
  });

  it("re-reads a file changed within two seconds of the cache write, even with a forged stat", async () => {
    const path = file("5-fresh.md");
    writeTask(dir, "5-fresh.md", "---\nid: 5\ntitle: Fresh task\nstatus: pending\n---\n");
    setMtime(path, Date.now() / 1000);
    expect(await titlesListed(dir)).toContain("Fresh task");
    // Same size, same inode, same mtime: only the racy-file rule can catch this one.
    rewriteInPlace(path, "Fresh task", "Frost task", true);
    expect(await titlesListed(dir)).toContain("Frost task");
  });

  it("keeps reporting a broken file from the cache, and sees it once fixed by hand", async () => {
    const doctor = await runCli(dir, ["doctor"]);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain("backlog/4-broken.md:4:9: error status \"wip\"");
    writeFileSync(file("4-broken.md"), "---\nid: 4\ntitle: Broken\nstatus: active\n---\n");
    expect(await titlesListed(dir, ["4", "status:active"])).toContain("Broken");
    expect((await runCli(dir, ["doctor"])).code).toBe(0);
  });

  it("serves tasks without their document, but `next` and `show` still print it", async () => {
    await titlesListed(dir);
    const next = await cli(dir, ["next"]);
    expect(next).toContain("#1 Alpha task");
    expect(next).toContain("The alpha document.");
    expect(next).toContain("alpha note");
    expect(await cli(dir, ["show", "1"])).toContain("The alpha document.");
    expect(await cli(dir, ["list", "alpha", "document"])).toContain("Alpha task");
  });

  it("gives each task JSON prints its document and notes, though the others are served from the cache", async () => {
    await titlesListed(dir);
    const alpha = { body: expect.stringContaining("The alpha document.") as unknown, notes: [expect.objectContaining({ text: "alpha note" })] };
    expect(await cliJson(dir, ["list", "1"])).toEqual([expect.objectContaining(alpha)]);
    expect(await cliJson(dir, ["list", "--limit", "1"])).toEqual([expect.objectContaining({ id: 1, ...alpha })]);
    expect(await cliJson(dir, ["next"])).toEqual({ task: expect.objectContaining(alpha) });
    expect(await cliJson(dir, ["show", "1"])).toEqual(expect.objectContaining(alpha));
    expect(await cliJson(dir, ["view", "ready"])).toEqual(expect.arrayContaining([expect.objectContaining(alpha)]));
  });

  it("does not trust a cache written before tasks had related: the file is read again", async () => {
    writeTask(dir, "6-linked.md", "---\nid: 6\ntitle: Linked task\nstatus: pending\nrelated: [1]\n---\n");
    setMtime(file("6-linked.md"), HOUR_AGO());
    await titlesListed(dir);
    // The entry as the previous version cached it: related was a user field then.
    const cache = JSON.parse(readFileSync(cachePath(), "utf8")) as { version: number; entries: Record<string, { file: { task: Record<string, unknown> } }> };
    const task = cache.entries["6-linked.md"]!.file.task;
    delete task.related;
    task.user = { related: [1] };
    writeFileSync(cachePath(), JSON.stringify({ ...cache, version: 1 }));
    expect(await cli(dir, ["list", "related.has:1"])).toContain("Linked task");
  });

  it("drops a removed file, and survives a corrupt cache file", async () => {
    writeFileSync(cachePath(), "{ not json");
    expect(await titlesListed(dir)).toContain("Alpha task");
    expect(() => JSON.parse(readFileSync(cachePath(), "utf8")) as unknown).not.toThrow();
    renameSync(file("5-fresh.md"), join(dir, "5-fresh.md.bak"));
    expect(await titlesListed(dir)).not.toContain("Frost task");
    const cache = JSON.parse(readFileSync(cachePath(), "utf8")) as { entries: Record<string, unknown> };
    expect(Object.keys(cache.entries)).not.toContain("5-fresh.md");
  });
});

describe("the stat cache of a larger backlog", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  const cachePath = (): string => join(dir, ".git", "backlog-stat-cache.json");
  const written = (): string => readFileSync(cachePath(), "utf8");

  beforeAll(() => {
    repo = backlogRepo();
    dir = repo.dir;
    for (let id = 1; id <= 300; id++) {
      const path = writeTask(dir, `${id}-task-${id}.md`, `---\nid: ${id}\ntitle: Task number ${id}\nstatus: pending\n---\n`);
      setMtime(path, HOUR_AGO());
    }
  });
  afterAll(() => repo.cleanup());

  it("is written again only once 1% of it is out of date; until then a changed file is still read fresh", async () => {
    await titlesListed(dir);
    const first = written();
    // One file of 300 changed: every command reads it again, and the 300-entry cache is left as it is.
    writeTask(dir, "7-task-7.md", "---\nid: 7\ntitle: Task seven renamed\nstatus: pending\n---\n");
    setMtime(join(dir, "backlog", "7-task-7.md"), HOUR_AGO() + 60);
    expect(await titlesListed(dir)).toContain("Task seven renamed");
    expect(await cli(dir, ["list", "7"])).toContain("Task seven renamed");
    expect(written()).toBe(first);
    // Three of 300 (1%): the next command writes it, with the new entries.
    for (const id of [8, 9]) {
      writeTask(dir, `${id}-task-${id}.md`, `---\nid: ${id}\ntitle: Task ${id} renamed\nstatus: pending\n---\n`);
      setMtime(join(dir, "backlog", `${id}-task-${id}.md`), HOUR_AGO() + 60);
    }
    expect(await titlesListed(dir)).toContain("Task 9 renamed");
    const cache = JSON.parse(written()) as { entries: Record<string, { file: { task: { title: string } } }> };
    expect(cache.entries["7-task-7.md"]?.file.task.title).toBe("Task seven renamed");
  });
});
