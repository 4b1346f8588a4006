import { BacklogError } from "../../domain/errors.js";
import { diffBacklogs, type SideTask, type TaskChange } from "../../domain/backlog-diff.js";
import type { Problem } from "../../domain/problem.js";
import { parseTaskFile, splitBody } from "../../format/index.js";
import { changedTaskFiles, resolveDiffRange, type ChangedTaskFile, type DiffRange } from "../../git/index.js";
import type { BacklogLocation } from "../locate-backlog.js";

/** A task file that does not parse on one side of the range: named, never skipped. */
export interface UnreadableSide {
  path: string;
  side: "before" | "after";
  problems: Problem[];
}

/** `diff`'s answer (docs/reference/cli.md, "diff"; the JSON shape is this object). */
export interface BacklogDiff {
  range: { spec: string; from: string; to: string | null };
  tasks: TaskChange[];
  unreadable: UnreadableSide[];
}

/**
 * What happened to the tasks between two points of history: a range `a..b`, `a...b` or one
 * commit, by default from where this branch left its upstream (or `main`) to the working tree.
 * It reads the two sides from git and the files, never the task index: `where` is enough (an
 * opened backlog is one).
 */
export async function diffBacklog(where: BacklogLocation, spec?: string): Promise<BacklogDiff> {
  const { repo } = where;
  if (!repo) throw new BacklogError("git", `diff compares git history, and ${where.root} is not in a git repository.`);
  const range = await resolveDiffRange(repo, spec);
  return diffFiles(range, await changedTaskFiles(repo, where.config.dir, range));
}

/** The task changes of a set of changed files (also what `sync` reports of a merge). */
export function diffFiles(range: DiffRange, files: readonly ChangedTaskFile[]): BacklogDiff {
  const before: SideTask[] = [];
  const after: SideTask[] = [];
  const unreadable: UnreadableSide[] = [];
  for (const file of files) {
    const sides = (["before", "after"] as const).map((side) => {
      const text = file[side];
      if (text === undefined) return undefined;
      const parsed = parseTaskFile(text, file.path);
      if (!parsed.task) unreadable.push({ path: file.path, side, problems: parsed.problems.filter((problem) => problem.severity === "error") });
      return parsed.task ? { path: file.path, task: parsed.task, doc: splitBody(parsed.task.body).doc } : null;
    });
    // A file unreadable on one side is named as such, not shown as added or deleted.
    if (sides.includes(null)) continue;
    if (sides[0]) before.push(sides[0]);
    if (sides[1]) after.push(sides[1]);
  }
  return { range: { spec: range.spec, from: range.from, to: range.to ?? null }, tasks: diffBacklogs(before, after), unreadable };
}
