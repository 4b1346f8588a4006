import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runCli, runJson, snapshot } from "../helpers/cli.js";
import { cleanupAfterEach, GIT_TEST_ENV } from "../helpers/git-repo.js";
import { seededRandom } from "../helpers/seeded-random.js";
import { team } from "../helpers/team.js";

/**
 * docs/reference/git.md, "Sync with a remote": three clones of one remote work on the same backlog
 * for many rounds, adding, changing, completing and annotating tasks (some the same tasks, some
 * with new ids that collide), each round syncing in a random order, some syncs racing. In the end
 * every clone holds the same task files, and nothing anyone did is lost.
 */

const track = cleanupAfterEach();
const ROUNDS = Number(process.env.BACKLOG_SYNC_ROUNDS ?? 20);
const SEED = Number(process.env.BACKLOG_TEST_SEED ?? Date.now() % 1_000_000);

interface Exported {
  id: number;
  title: string;
  status: string;
  notes: { text: string }[];
}

describe("three clones syncing through one remote", () => {
  it(`${ROUNDS} rounds of concurrent work lose no task and no note, and end identical`, async () => {
    console.log(`sync rounds: seed ${SEED} (BACKLOG_TEST_SEED=${SEED} replays them)`);
    const random = seededRandom(SEED);
    const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
    const { clones, remote } = track(await team(3));
    const titles: string[] = [];
    const notes: string[] = [];
    let syncs = 0;
    let retried = 0;
    let renumbered = 0;

    const ids = async (clone: string, filter: string[]): Promise<number[]> => ((await runJson<Exported[]>(clone, ["list", ...filter])).json ?? []).map((task) => task.id);
    const sync = async (clone: string): Promise<void> => {
      const result = await runJson<{ attempts: number; renumbered: unknown[] }>(clone, ["sync"]);
      expect(result.code, result.stderr).toBe(0);
      syncs++;
      if (result.json.attempts > 1) retried++;
      renumbered += result.json.renumbered.length;
    };

    for (let round = 1; round <= ROUNDS; round++) {
      for (const [at, clone] of clones.entries()) {
        const operations = 1 + Math.floor(random() * 3);
        for (let n = 0; n < operations; n++) {
          const kind = random();
          const open = await ids(clone, ["status:pending"]);
          if (kind < 0.4 || open.length === 0) {
            const title = `round ${round} clone ${at} task ${n}`;
            titles.push(title);
            const added = await runCli(clone, ["add", "--", title]);
            expect(added.code, added.stderr).toBe(0);
          } else if (kind < 0.6) {
            const modified = await runCli(clone, ["modify", String(pick(open)), `priority:${pick(["H", "M", "L"])}`]);
            // The same priority again is refused as a change of nothing; anything else must pass.
            if (modified.code !== 0) expect(modified.stderr).toMatch(/nothing to change/);
          } else if (kind < 0.75) {
            const done = await runCli(clone, ["done", String(pick(open))]);
            expect(done.code, done.stderr).toBe(0);
          } else {
            const text = `note from clone ${at} in round ${round} (${n})`;
            notes.push(text);
            const annotated = await runCli(clone, ["annotate", String(pick(open)), "--", text]);
            expect(annotated.code, annotated.stderr).toBe(0);
          }
        }
      }
      // Each clone syncs once, in a random order; now and then two at the same moment.
      const order = [...clones].sort(() => random() - 0.5);
      while (order.length > 0) {
        const racing = order.length >= 2 && random() < 0.4 ? order.splice(0, 2) : order.splice(0, 1);
        await Promise.all(racing.map(sync));
      }
    }
    // Twice round: the last syncs bring everything everywhere.
    for (let pass = 0; pass < 2; pass++) for (const clone of clones) await sync(clone);

    const [first = "", ...others] = clones;
    for (const other of others) expect(snapshot(other)).toEqual(snapshot(first));
    const tasks = (await runJson<Exported[]>(first, ["export"])).json;
    const lostTitles = titles.filter((title) => tasks.filter((task) => task.title === title).length !== 1);
    const allNotes = new Set(tasks.flatMap((task) => task.notes.map((note) => note.text)));
    const lostNotes = notes.filter((text) => !allNotes.has(text));
    console.log(
      `${ROUNDS} rounds, 3 clones: ${titles.length} tasks added, ${notes.length} notes, ${syncs} syncs (${retried} pushed again after the remote moved), ${renumbered} tasks renumbered; lost: ${lostTitles.length} tasks, ${lostNotes.length} notes`,
    );
    expect(lostTitles).toEqual([]);
    expect(lostNotes).toEqual([]);
    expect(new Set(tasks.map((task) => task.id)).size).toBe(tasks.length);
    expect(tasks).toHaveLength(titles.length);
    for (const clone of clones) {
      expect((await runCli(clone, ["check"])).code).toBe(0);
      expect(execFileSync("git", ["status", "--porcelain"], { cwd: clone, env: GIT_TEST_ENV, encoding: "utf8" })).toBe("");
      execFileSync("git", ["fsck", "--strict", "--no-progress"], { cwd: clone, env: GIT_TEST_ENV });
    }
    execFileSync("git", ["fsck", "--strict", "--no-progress"], { cwd: remote, env: GIT_TEST_ENV });
  }, 600_000);
});
