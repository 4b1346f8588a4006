/**
 * Rules applied before a write; the service refuses the write when one returns an error.
 *
 * A write is refused only for what it introduces, judged against `before`. What the task already
 * carried (a dependency whose task was purged since, a forced done parent) comes back as a
 * warning, so that an unrelated edit (`modify 12 priority:H`) still goes through and `doctor`
 * keeps the full report. Relations are read from the backlog as it will be after the write, so a
 * batch that finishes a parent and its children together passes, and one that makes two tasks
 * depend on each other does not.
 * Unknown statuses, priorities and types cannot reach here: the model's types exclude them.
 */
import { findCycle, findParentCycle, type TaskById, type TaskSet } from "../cycles.js";
import type { Problem } from "../problem.js";
import { isOpen, isRecurrenceLink, type Task } from "../task.js";
import { titleProblem } from "../title.js";
import { fileNameMatchesId, formatIds, formatPath, overridable, problemFor } from "./problem-for.js";

export interface WriteContext {
  after: Task;
  /** The task as it was before the write; undefined for a new task. */
  before: Task | undefined;
  /** The backlog after the write, `after` included. */
  lookup: TaskById;
  /** Every task of the backlog after the write (`after` may or may not be in it). */
  all: TaskSet;
  archivedIds: ReadonlySet<number>;
  force: boolean;
}

export type WriteRule = (context: WriteContext) => Problem[];

const selfDependency: WriteRule = ({ after, before }) => {
  if (!after.depends.includes(after.id)) return [];
  const severity = before?.depends.includes(after.id) ? "warning" : "error";
  return [problemFor(after, "self-dependency", severity, `#${after.id} cannot depend on itself. Remove ${after.id} from its dependencies.`)];
};

const missingDependency: WriteRule = ({ after, before, lookup, archivedIds }) => {
  const missing = [...new Set(after.depends)].filter((dep) => dep !== after.id && !lookup.get(dep) && !archivedIds.has(dep));
  const added = missing.filter((dep) => !before?.depends.includes(dep));
  const carried = missing.filter((dep) => before?.depends.includes(dep));
  const problems: Problem[] = [];
  if (added.length > 0) {
    problems.push(
      problemFor(after, "missing-dependency", "error", `#${after.id} cannot depend on ${formatIds(added)}: no such task. Check the id, or add that task first.`),
    );
  }
  if (carried.length > 0) {
    problems.push(
      problemFor(after, "missing-dependency", "warning", `#${after.id} still depends on ${formatIds(carried)}, which no longer exist. Remove ${carried.join(", ")} from its dependencies.`),
    );
  }
  return problems;
};

const dependencyCycle: WriteRule = ({ after, before, lookup }) => {
  const added = after.depends.filter((dep) => dep !== after.id && !before?.depends.includes(dep));
  const cycle = added.length === 0 ? undefined : findCycle(lookup, after.id, added);
  if (cycle === undefined) return [];
  return [
    problemFor(
      after,
      "dependency-cycle",
      "error",
      `This would create the dependency cycle ${formatPath(cycle)}. Drop the dependency of #${after.id} on #${cycle[1]!}, or remove another link of the cycle first.`,
    ),
  ];
};

/** A link to itself says nothing: refused when a write adds it, a warning when the file already had it. */
const selfRelated: WriteRule = ({ after, before }) => {
  if (!after.related.includes(after.id)) return [];
  const severity = before?.related.includes(after.id) ? "warning" : "error";
  return [problemFor(after, "self-related", severity, `#${after.id} cannot be related to itself. Remove ${after.id} from its related tasks.`)];
};

/** A link never blocks, so one to a task that does not exist (yet, or any more) is only a warning. */
const missingRelated: WriteRule = ({ after, lookup, archivedIds }) => {
  const missing = after.related.filter((id) => id !== after.id && !lookup.get(id) && !archivedIds.has(id));
  if (missing.length === 0) return [];
  return [problemFor(after, "missing-related", "warning", `#${after.id} is related to ${formatIds(missing)}: no such task. Check the id.`)];
};

const missingParent: WriteRule = ({ after, before, lookup, archivedIds }) => {
  const parent = after.parent;
  if (parent === undefined || parent === after.id || lookup.get(parent) || archivedIds.has(parent)) return [];
  const carried = before?.parent === parent;
  return [
    problemFor(
      after,
      "missing-parent",
      carried ? "warning" : "error",
      carried
        ? `#${after.id} still has parent #${parent}, which no longer exists. Remove its parent or set another one.`
        : `#${after.id} cannot have parent #${parent}: no such task. Check the id.`,
    ),
  ];
};

const parentCycle: WriteRule = ({ after, before, lookup }) => {
  if (after.parent === undefined || after.parent === before?.parent) return [];
  const cycle = findParentCycle(lookup, after.id, after.parent);
  if (cycle === undefined) return [];
  const what = cycle.length === 2 ? `#${after.id} cannot be its own parent` : `This would create the parent cycle ${formatPath(cycle)}`;
  return [problemFor(after, "parent-cycle", "error", `${what}. Choose a parent that is not one of its descendants.`)];
};

/** Finishing a parent while children are open, unless forced (docs/reference/changes.md, "Parents and children"). */
const doneWithOpenChildren: WriteRule = ({ after, before, all, force }) => {
  if (after.status !== "done" || before?.status === "done") return [];
  const open: number[] = [];
  for (const child of all.values()) {
    // `all` may hold the old version of `after` itself; it is never its own child.
    if (child.parent === after.id && child.id !== after.id && isOpen(child) && !isRecurrenceLink(child, after)) open.push(child.id);
  }
  if (open.length === 0) return [];
  open.sort((a, b) => a - b);
  return [
    overridable(
      problemFor(
        after,
        "done-parent-open-child",
        force ? "warning" : "error",
        force
          ? `#${after.id} is done while ${formatIds(open)} ${open.length === 1 ? "is" : "are"} still open (forced).`
          : `#${after.id} cannot be done while its ${open.length === 1 ? "child" : "children"} ${formatIds(open)} ${open.length === 1 ? "is" : "are"} open. Finish or delete ${open.length === 1 ? "it" : "them"} first.`,
      ),
    ),
  ];
};

/** Opening a task (new, restored, reparented) under a parent that is already done, unless forced. */
const openChildOfDoneParent: WriteRule = ({ after, before, lookup, force }) => {
  const parent = after.parent === undefined ? undefined : lookup.get(after.parent);
  if (parent?.status !== "done" || parent.id === after.id || !isOpen(after) || isRecurrenceLink(after, parent)) return [];
  const alreadyThere = before !== undefined && isOpen(before) && before.parent === after.parent;
  if (alreadyThere) return [];
  return [
    overridable(
      problemFor(
        after,
        "done-parent-open-child",
        force ? "warning" : "error",
        force ? `#${after.id} is open under #${parent.id}, which is done (forced).` : `#${after.id} cannot be open under #${parent.id}, which is done. Reopen #${parent.id} first, or choose another parent.`,
      ),
    ),
  ];
};

/** One line of at most 500 characters; a title a hand edit left otherwise is carried until it is changed. */
const oneLineTitle: WriteRule = ({ after, before }) => {
  const problem = titleProblem(after.title);
  if (!problem) return [];
  return [problemFor(after, "bad-field", before?.title === after.title ? "warning" : "error", `#${after.id}: ${problem}.`)];
};

const fileName: WriteRule = ({ after }) => {
  if (after.path === "" || fileNameMatchesId(after.path, after.id)) return [];
  return [problemFor(after, "file-name", "warning", `The file name does not match id ${after.id}: expected ${after.id}-<slug>.md`)];
};

/** The table `checkWrite` runs. */
export const WRITE_RULES: readonly WriteRule[] = [
  selfDependency,
  missingDependency,
  dependencyCycle,
  selfRelated,
  missingRelated,
  missingParent,
  parentCycle,
  doneWithOpenChildren,
  openChildOfDoneParent,
  oneLineTitle,
  fileName,
];
