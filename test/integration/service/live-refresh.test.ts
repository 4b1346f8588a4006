import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLiveBacklog, type LiveBacklog } from "../../../src/service/live-backlog.js";
import { addTask } from "../../../src/service/operations/add.js";
import type { SyncCounters } from "../../../src/store/folder-sync.js";
import { runCli } from "../../helpers/cli.js";
import { eventually } from "../../helpers/eventually.js";
import { GIT_TEST_ENV, git, gitRepo } from "../../helpers/git-repo.js";

const TASKS = 2000;
const ENV = { ...GIT_TEST_ENV, BACKLOG_NOW: "2026-11-18T10:00:00Z" };
const task = (id: number, title: string): string => `---\nid: ${id}\ntitle: ${title}\nstatus: pending\n---\nBody of ${id}.\n`;

/**
 * Waits until the watcher has nothing more to say (the events of an earlier test's writes may
 * still be on their way on a busy machine): the counters hold still across a few refreshes.
 */
async function quiet(live: LiveBacklog): Promise<void> {
  let last = "";
  for (let still = 0; still < 3; ) {
    await live.refresh();
    const now = JSON.stringify(live.syncCounters());
    still = now === last ? still + 1 : 0;
    last = now;
    await sleep(30);
  }
}

/** What the live index spent between two readings of its counters. */
function spent(before: SyncCounters, after: SyncCounters): SyncCounters {
  return { stats: after.stats - before.stats, reads: after.reads - before.reads, fullSyncs: after.fullSyncs - before.fullSyncs };
}

describe("the live index after the branch moved (2,000 tasks)", () => {
  let repo: { dir: string; cleanup: () => void };
  let live: LiveBacklog;
  beforeAll(async () => {
    repo = gitRepo();
    mkdirSync(join(repo.dir, "backlog"));
    // Written an hour ago as far as their stamps say: a file this fresh is re-read at every look (racy).
    const past = new Date(Date.now() - 3_600_000);
    for (let id = 1; id <= TASKS; id++) {
      const path = join(repo.dir, "backlog", `${id}-task-${id}.md`);
      writeFileSync(path, task(id, `Task ${id}`));
      utimesSync(path, past, past);
    }
    git(repo.dir, "add", "-A");
    git(repo.dir, "commit", "-q", "-m", "tasks");
    live = await openLiveBacklog({ cwd: repo.dir, env: ENV });
    await live.ensureBodies();
    // Loaded from the stat cache, every file is read once more in the background (which gives the
    // live index each file's stamp): the work counted below starts after that.
    await eventually(() => (live.syncCounters().reads >= TASKS ? true : undefined), 20_000);
    await live.refresh();
  });
  afterAll(async () => {
    await live.close();
    repo.cleanup();
  });

  it("before this process has written anything, a refresh with nothing moved costs nothing", async () => {
    const before = live.syncCounters();
    await live.refresh();
    await live.refresh();

    expect(spent(before, live.syncCounters())).toEqual({ stats: 0, reads: 0, fullSyncs: 0 });
  });

  // The counters are read around the refresh alone (git runs synchronously, so the watcher has
  // not looked yet): events it delivers later are not this refresh's work.
  it("re-reads only the file another commit changed, not the folder", async () => {
    await quiet(live);
    writeFileSync(join(repo.dir, "backlog", "17-task-17.md"), task(17, "Changed and committed"));
    git(repo.dir, "commit", "-q", "-am", "edit 17");
    const before = live.syncCounters();
    await live.refresh();

    expect(live.index.get(17)?.title).toBe("Changed and committed");
    const cost = spent(before, live.syncCounters());
    expect(cost.fullSyncs).toBe(0);
    expect(cost.stats).toBeLessThanOrEqual(6);
    expect(cost.reads).toBeLessThanOrEqual(3);
  });

  it("a commit that leaves the task folder alone costs no stat at all", async () => {
    await quiet(live);
    git(repo.dir, "commit", "-q", "--allow-empty", "-m", "nothing");
    writeFileSync(join(repo.dir, "README.md"), "elsewhere\n");
    git(repo.dir, "add", "README.md");
    git(repo.dir, "commit", "-q", "-m", "outside the task folder");
    const before = live.syncCounters();
    await live.refresh();

    expect(spent(before, live.syncCounters())).toEqual({ stats: 0, reads: 0, fullSyncs: 0 });
  });

  it("another process's add is taken in by its path, and this process's next write re-reads no more", async () => {
    await quiet(live);
    const before = live.syncCounters();
    expect((await runCli(repo.dir, ["add", "Added elsewhere"])).code).toBe(0);
    await eventually(() => live.index.get(TASKS + 1));
    const { task: own } = await addTask(live, { title: "Added here" });

    expect(own.id).toBe(TASKS + 2);
    expect(live.index.get(TASKS + 1)?.title).toBe("Added elsewhere");
    const cost = spent(before, live.syncCounters());
    expect(cost.fullSyncs).toBe(0);
    expect(cost.stats).toBeLessThanOrEqual(20); // of 2,000 files; a file written just now is re-read once more (racy stamps)
    expect(cost.reads).toBeLessThanOrEqual(10);
  });

  it("a checkout of another branch re-stats the whole folder", async () => {
    git(repo.dir, "checkout", "-q", "-b", "elsewhere");
    writeFileSync(join(repo.dir, "backlog", "5-task-5.md"), task(5, "On the other branch"));
    git(repo.dir, "commit", "-q", "-am", "elsewhere");
    git(repo.dir, "checkout", "-q", "main");
    await live.refresh();
    git(repo.dir, "checkout", "-q", "elsewhere");
    const before = live.syncCounters();
    await live.refresh();

    expect(live.index.get(5)?.title).toBe("On the other branch");
    expect(spent(before, live.syncCounters()).fullSyncs).toBe(1);
  });
});
