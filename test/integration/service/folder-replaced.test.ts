import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, it } from "vitest";
import { openLiveBacklog, type LiveBacklog } from "../../../src/service/live-backlog.js";
import { eventually } from "../../helpers/eventually.js";
import { GIT_TEST_ENV, cleanupAfterEach, git, gitRepo } from "../../helpers/git-repo.js";

const track = cleanupAfterEach();
const ENV = { ...GIT_TEST_ENV, BACKLOG_NOW: "2026-11-18T10:00:00Z" };
const task = (id: number, title: string): string => `---\nid: ${id}\ntitle: ${title}\nstatus: pending\n---\n`;

/**
 * The task folder removed and made again between two looks of the watcher (a `git reset --hard`
 * to a commit without it, then a command that creates it; a checkout there and back). The file
 * system often gives the new folder the old one's inode number: the live index must still watch
 * the new folder, and see hand edits in it. The waits are bounds for a loaded machine (a missed
 * folder never shows the edit at all); how fast an edit shows is the benchmark's to measure.
 */
describe("the live index when the task folder is removed and made again", () => {
  let live: LiveBacklog | undefined;
  afterEach(async () => {
    await live?.close();
    live = undefined;
  });

  /** A repository with one committed task, and a live backlog on it. */
  async function openOnOneTask(): Promise<{ folder: string; opened: LiveBacklog }> {
    const { dir } = track(gitRepo());
    const folder = join(dir, "backlog");
    mkdirSync(folder);
    writeFileSync(join(folder, "1-one.md"), task(1, "One"));
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "one");
    live = await openLiveBacklog({ cwd: dir, env: ENV });
    return { folder, opened: live };
  }

  it("sees hand edits in the new folder, whatever inode it got", async () => {
    const { folder, opened } = await openOnOneTask();

    for (let round = 0; round < 5; round++) {
      rmSync(folder, { recursive: true });
      mkdirSync(folder);
      writeFileSync(join(folder, "1-one.md"), task(1, `One, round ${round}`));
      await eventually(() => (opened.index.get(1)?.title === `One, round ${round}` ? true : undefined), 10_000);
      // A while later, once the watcher has settled on the new folder: a hand edit in it.
      await sleep(50);
      writeFileSync(join(folder, "2-two.md"), task(2, `Two, round ${round}`));
      await eventually(() => (opened.index.get(2)?.title === `Two, round ${round}` ? true : undefined), 10_000);
    }
  });

  it("sees a folder made again after the index saw it gone, and hand edits in it", async () => {
    const { folder, opened } = await openOnOneTask();

    rmSync(folder, { recursive: true });
    await eventually(() => (opened.index.get(1) === undefined ? true : undefined), 10_000);
    mkdirSync(folder);
    await sleep(50);
    writeFileSync(join(folder, "2-two.md"), task(2, "Two"));
    await eventually(() => (opened.index.get(2)?.title === "Two" ? true : undefined), 10_000);
    await sleep(50);
    writeFileSync(join(folder, "2-two.md"), task(2, "Two, edited"));
    await eventually(() => (opened.index.get(2)?.title === "Two, edited" ? true : undefined), 10_000);
  });
});
