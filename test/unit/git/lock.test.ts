import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acquireLock, readLockHolder, withLock } from "../../../src/store/lock.js";
import { cleanupAfterEach, tempDir } from "../../helpers/git-repo.js";

const track = cleanupAfterEach();

function lockPath(): string {
  const folder = tempDir("git-backlog-lock-");
  track(folder);
  return join(folder.dir, "backlog.lock");
}

/** A pid that existed and is gone now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe("acquireLock", () => {
  it("holds pid, host and time, and releases", async () => {
    const path = lockPath();
    const release = await acquireLock(path);
    expect(readLockHolder(path)).toMatchObject({ pid: process.pid, host: hostname(), time: expect.any(String) });
    await release();
    expect(existsSync(path)).toBe(false);
    await release(); // twice is harmless
  });

  it("excludes: holders never overlap", async () => {
    const path = lockPath();
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withLock(path, async () => {
          inside++;
          most = Math.max(most, inside);
          await new Promise((resolve) => setTimeout(resolve, 3));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
  });

  it("times out with a conflict that names the holder", async () => {
    const path = lockPath();
    const release = await acquireLock(path);
    await expect(acquireLock(path, { timeoutMs: 50 })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(new RegExp(`pid ${process.pid} on ${hostname()}`)),
    });
    await release();
  });

  it("takes over a dead holder's lock within a second, and cleans its leftovers", async () => {
    const path = lockPath();
    const pid = deadPid();
    writeFileSync(path, JSON.stringify({ pid, host: hostname(), time: new Date().toISOString(), token: "dead" }));
    writeFileSync(`${path}.${pid}.abcdef.tmp`, "left by a killed process");
    const started = performance.now();
    const release = await acquireLock(path, { timeoutMs: 5_000 });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(readLockHolder(path)?.pid).toBe(process.pid);
    expect(readdirSync(join(path, "..")).filter((name) => name.includes(String(pid)))).toEqual([]);
    await release();
  });

  it("lets exactly one of many waiters break a stale lock at a time", async () => {
    const path = lockPath();
    writeFileSync(path, JSON.stringify({ pid: deadPid(), host: hostname(), time: "", token: "dead" }));
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        withLock(path, async () => {
          inside++;
          most = Math.max(most, inside);
          await new Promise((resolve) => setTimeout(resolve, 2));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
  });

  it("treats a live pid with another start time as a reused pid: stale", async () => {
    const path = lockPath();
    writeFileSync(path, JSON.stringify({ pid: process.ppid, host: hostname(), time: "", token: "old", start: "1" }));
    const release = await acquireLock(path, { timeoutMs: 2_000 });
    // Taken over at once: the lock now names this process, not the old holder.
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ pid: process.pid });
    await release();
  });

  it("never breaks another host's lock", async () => {
    const path = lockPath();
    writeFileSync(path, JSON.stringify({ pid: deadPid(), host: "elsewhere.example", time: "", token: "remote" }));
    await expect(acquireLock(path, { timeoutMs: 60 })).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/on elsewhere\.example/) });
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ token: "remote" });
  });

  it("waits for an unreadable lock while it is fresh, and breaks it once it is old", async () => {
    const path = lockPath();
    writeFileSync(path, "");
    await expect(acquireLock(path, { timeoutMs: 60 })).rejects.toMatchObject({ code: "conflict" });
    const old = new Date(Date.now() - 10_000);
    const { utimesSync } = await import("node:fs");
    utimesSync(path, old, old);
    const release = await acquireLock(path, { timeoutMs: 1_000 });
    await release();
  });

  it("release leaves a lock that is no longer ours", async () => {
    const path = lockPath();
    const release = await acquireLock(path);
    writeFileSync(path, JSON.stringify({ pid: 1, host: "other", time: "", token: "someone-else" }));
    await release();
    expect(existsSync(path)).toBe(true);
  });
});
