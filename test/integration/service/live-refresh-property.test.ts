import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBacklog } from "../../../src/service/backlog.js";
import { openLiveBacklog, type LiveBacklog } from "../../../src/service/live-backlog.js";
import { addTask } from "../../../src/service/operations/add.js";
import type { LoadedFile } from "../../../src/store/loaded-file.js";
import { runCli } from "../../helpers/cli.js";
import { eventually } from "../../helpers/eventually.js";
import { assertAsyncProperty } from "../../helpers/property.js";
import { GIT_TEST_ENV, git, gitRepo, tempDir } from "../../helpers/git-repo.js";

/**
 * Whatever moves the branch or the files (another writer's commits, a user's commits of task
 * files and of other files, hand edits, checkouts, hard and soft resets, pulls from another
 * clone, this process's own writes), the live index, once brought up to date, holds what a
 * fresh full load of the folder holds: the same files, tasks and problems.
 */

const ENV = { ...GIT_TEST_ENV, BACKLOG_NOW: "2026-11-18T10:00:00Z" };
const NAMES = ["1-one.md", "2-two.md", "3-three.md", "4-four.md", "7-seven.md", "notes.txt"] as const;
const TITLES = ["Alpha", "Beta", "Gamma", "Delta"] as const;

type Edit = { name: (typeof NAMES)[number] | "outside"; content: "task" | "broken" | "delete"; title: (typeof TITLES)[number] };
type Step =
  | { kind: "commit"; edits: Edit[] }
  | { kind: "hand"; edit: Edit }
  | { kind: "cli-add"; title: string }
  | { kind: "own-add"; title: string }
  | { kind: "switch" }
  | { kind: "reset-hard"; back: number }
  | { kind: "reset-soft" }
  | { kind: "pull"; edit: Edit };

const edit: fc.Arbitrary<Edit> = fc.record({
  name: fc.constantFrom(...NAMES, "outside" as const),
  content: fc.constantFrom("task" as const, "task" as const, "broken" as const, "delete" as const),
  title: fc.constantFrom(...TITLES),
});
const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("commit" as const), edits: fc.array(edit, { maxLength: 3 }) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("hand" as const), edit }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("cli-add" as const), title: fc.constantFrom(...TITLES) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("own-add" as const), title: fc.constantFrom(...TITLES) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("switch" as const) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("reset-hard" as const), back: fc.integer({ min: 1, max: 3 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("reset-soft" as const) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("pull" as const), edit }), weight: 1 },
);

const idOf = (name: string): number => Number(/^(\d+)-/.exec(name)?.[1] ?? 0);

function write(root: string, change: Edit): void {
  const path = change.name === "outside" ? join(root, "README.md") : join(root, "backlog", change.name);
  if (change.content === "delete") rmSync(path, { force: true });
  else mkdirSync(dirname(path), { recursive: true }); // a reset may have taken the folder away
  if (change.content === "delete") return;
  if (change.content === "broken") writeFileSync(path, "---\nid: [unclosed\n---\n");
  else writeFileSync(path, `---\nid: ${idOf(change.name)}\ntitle: ${change.title}\nstatus: pending\n---\n${change.title} body.\n`);
}

/** A git command that may refuse (a merge with local changes, a reset with nothing behind): true when it ran. */
function tryGit(dir: string, ...args: string[]): boolean {
  try {
    git(dir, ...args);
    return true;
  } catch {
    return false;
  }
}

async function run(dir: string, clone: string, live: LiveBacklog, action: Step): Promise<void> {
  switch (action.kind) {
    case "commit":
      for (const change of action.edits) write(dir, change);
      git(dir, "add", "-A");
      git(dir, "commit", "-q", "--allow-empty", "-m", "by hand");
      break;
    case "hand":
      write(dir, action.edit);
      break;
    case "cli-add":
      await runCli(dir, ["add", action.title]); // refused on some states (a broken file is fine, a merge is not): either way
      break;
    case "own-add":
      await addTask(live, { title: action.title }).catch(() => undefined);
      break;
    case "switch":
      git(dir, "checkout", "-q", "-f", git(dir, "rev-parse", "--abbrev-ref", "HEAD") === "main" ? "other" : "main");
      break;
    case "reset-hard": {
      const behind = Math.min(action.back, Number(git(dir, "rev-list", "--count", "HEAD")) - 1);
      if (behind > 0) git(dir, "reset", "-q", "--hard", `HEAD~${behind}`);
      break;
    }
    case "reset-soft":
      tryGit(dir, "reset", "-q", "--soft", "HEAD~1");
      break;
    case "pull":
      write(clone, action.edit);
      git(clone, "add", "-A");
      git(clone, "commit", "-q", "--allow-empty", "-m", "in the other clone");
      if (!tryGit(dir, "pull", "-q", "--no-rebase", "--no-edit", "-X", "theirs", clone, "main")) tryGit(dir, "merge", "--abort");
      break;
  }
}

function snapshot(files: readonly LoadedFile[]): unknown[] {
  return files.map(({ path, task, problems }) => ({ path, task, problems })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Brings the live index up to date (its events may still be on their way) and compares it with a full load. */
async function expectInStep(dir: string, live: LiveBacklog, after: string): Promise<void> {
  let last: { live: unknown[]; full: unknown[] } = { live: [], full: [] };
  try {
    await eventually(
      async () => {
        await live.refresh();
        const full = await openBacklog({ cwd: dir, env: ENV, bodies: true });
        last = { live: snapshot(live.index.files()), full: snapshot(full.index.files()) };
        return isDeepStrictEqual(last.live, last.full) ? true : undefined;
      },
      3000,
      20,
    );
  } catch {
    expect(last.live, `the live index after ${after}`).toEqual(last.full);
  }
}

describe("the live index", () => {
  /** A repository with tasks on main and on another branch, and a clone to pull from: copied for each run. */
  let template: { dir: string; cleanup: () => void };
  beforeAll(() => {
    template = tempDir();
    const repo = gitRepo();
    const origin = join(template.dir, "repo");
    cpSync(repo.dir, origin, { recursive: true });
    repo.cleanup();
    mkdirSync(join(origin, "backlog"));
    for (const name of NAMES.slice(0, 3)) write(origin, { name, content: "task", title: "Alpha" });
    git(origin, "add", "-A");
    git(origin, "commit", "-q", "-m", "tasks");
    git(origin, "checkout", "-q", "-b", "other");
    write(origin, { name: "2-two.md", content: "task", title: "Beta" });
    write(origin, { name: "4-four.md", content: "task", title: "Beta" });
    write(origin, { name: "1-one.md", content: "delete", title: "Beta" });
    git(origin, "add", "-A");
    git(origin, "commit", "-q", "-m", "other");
    git(origin, "checkout", "-q", "main");
    git(template.dir, "clone", "-q", origin, "clone");
  });
  afterAll(() => template.cleanup());

  it("equals a full load after any sequence of commits, hand edits, checkouts, resets and pulls", async () => {
    await assertAsyncProperty(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const scratch = tempDir();
        cpSync(template.dir, scratch.dir, { recursive: true });
        const dir = join(scratch.dir, "repo");
        const clone = join(scratch.dir, "clone");
        const live = await openLiveBacklog({ cwd: dir, env: ENV });
        try {
          await live.ensureBodies();
          for (const [at, action] of steps.entries()) {
            await run(dir, clone, live, action);
            await expectInStep(dir, live, `step ${at + 1}, ${JSON.stringify(action)}`);
          }
        } finally {
          await live.close();
          scratch.cleanup();
        }
      }),
      { runs: 6 },
    );
  }, 600_000);
});
