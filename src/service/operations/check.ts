import { BacklogError } from "../../domain/errors.js";
import type { Problem } from "../../domain/problem.js";
import { parseTaskFile } from "../../format/index.js";
import { changedTaskFiles, findBase, type ChangedTaskFile } from "../../git/index.js";
import type { Task } from "../../domain/task.js";
import type { Backlog } from "../backlog.js";
import { archivedIds } from "../ids.js";
import { diagnose, withLine } from "./doctor.js";

/** `check`'s answer (docs/reference/cli.md, "check"; the JSON shape is this object). */
export interface CheckResult {
  /** The branch the work merges into, when there is one to compare with. */
  against?: { name: string; oid: string; mergeBase: string };
  problems: Problem[];
  /** No problem of severity error: CI passes. */
  ok: boolean;
}

/**
 * What CI checks on a branch's task files (`git-backlog check`): every problem `doctor` finds in
 * them, and what only the merge with `against` (by default the upstream, else `main`, else
 * `master`) would bring: an id new on both sides, and a dependency or parent whose task the
 * other side deletes. The merge driver's setup is left out: a CI clone never registers it.
 */
export async function checkBranch(backlog: Backlog, against?: string): Promise<CheckResult> {
  const problems = (await diagnose(backlog)).filter((problem) => !problem.code.startsWith("merge-driver-"));
  const repo = backlog.repo;
  const base = repo ? await findBase(repo, against) : undefined;
  if (against !== undefined && !repo) throw new BacklogError("git", `check --against compares git branches, and ${backlog.root} is not in a git repository.`);
  if (!repo || !base?.mergeBase) return result(problems);
  const dir = backlog.config.dir;
  const onBase = sides(await changedTaskFiles(repo, dir, { spec: base.name, from: base.mergeBase, to: base.oid }));
  const onBranch = sides(await changedTaskFiles(repo, dir, { spec: "HEAD", from: base.mergeBase }));
  problems.push(...[...collisions(backlog, base.name, onBase, onBranch), ...brokenReferences(backlog, base.name, onBase, onBranch)].map((problem) => withLine(backlog, problem)));
  return result(problems.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0)), { name: base.name, oid: base.oid, mergeBase: base.mergeBase });
}

function result(problems: Problem[], against?: CheckResult["against"]): CheckResult {
  return { ...(against && { against }), problems, ok: !problems.some((problem) => problem.severity === "error") };
}

/** The tasks one side of the merge changed: as they were at the merge base, and as they are now. */
interface Sides {
  before: Task[];
  after: Task[];
  /** Ids the side brought in: on a task now, on none at the merge base. */
  added: Map<number, Task>;
  /** Ids the side took away: on a task at the merge base, on none now. */
  removed: Map<number, Task>;
}

function sides(files: readonly ChangedTaskFile[]): Sides {
  const before: Task[] = [];
  const after: Task[] = [];
  for (const file of files) {
    const was = file.before === undefined ? undefined : parseTaskFile(file.before, file.path).task;
    const now = file.after === undefined ? undefined : parseTaskFile(file.after, file.path).task;
    if (was) before.push(was);
    if (now) after.push(now);
  }
  const had = new Set(before.map((task) => task.id));
  const has = new Set(after.map((task) => task.id));
  return {
    before,
    after,
    added: new Map(after.filter((task) => !had.has(task.id)).map((task) => [task.id, task])),
    removed: new Map(before.filter((task) => !has.has(task.id)).map((task) => [task.id, task])),
  };
}

/** Ids new on both sides: after the merge two files would hold one id. */
function collisions(backlog: Backlog, baseName: string, onBase: Sides, onBranch: Sides): Problem[] {
  const clashing = [...onBranch.added.values()].filter((task) => onBase.added.has(task.id)).sort((a, b) => a.id - b.id);
  if (clashing.length === 0) return [];
  let next = Math.max(0, ...backlog.index.tasks().map((task) => task.id), ...onBase.after.map((task) => task.id), ...archivedIds(backlog)) + 1;
  return clashing.map((task) => {
    const theirs = onBase.added.get(task.id);
    return {
      file: task.path,
      code: "duplicate-id-after-merge",
      severity: "error",
      message: `id ${task.id} is new on ${baseName} too (${theirs?.path ?? "?"}, "${theirs?.title ?? ""}"): after the merge, \`git-backlog doctor --fix\` (or \`git-backlog sync\`) gives this branch's task #${next++} and points the references that meant it there; or renumber it here first.`,
    };
  });
}

/** A dependency or parent on one side whose task the other side deletes: it would point at nothing after the merge. */
function brokenReferences(backlog: Backlog, baseName: string, onBase: Sides, onBranch: Sides): Problem[] {
  const problems: Problem[] = [];
  const check = (tasks: readonly Task[], removed: Map<number, Task>, whose: string, remover: string): void => {
    for (const task of tasks) {
      const refs: [string, number][] = [...task.depends.map((id): [string, number] => ["depends", id]), ...(task.parent === undefined ? [] : [["parent", task.parent] as [string, number]])];
      for (const [field, id] of refs) {
        const gone = removed.get(id);
        if (!gone) continue;
        problems.push({
          file: task.path,
          code: field === "parent" ? "missing-parent-after-merge" : "missing-dependency-after-merge",
          severity: "error",
          message: `${whose}task #${task.id} ${field === "parent" ? "has parent" : "depends on"} #${id}, which ${remover} deletes (${gone.path}): after the merge it would point at nothing.`,
        });
      }
    }
  };
  // This branch's tasks against what the base deleted; the base's new and changed tasks against what this branch deletes.
  check(backlog.index.tasks(), onBase.removed, "", baseName);
  check(onBase.after, onBranch.removed, `${baseName}'s `, "this branch");
  return problems;
}

