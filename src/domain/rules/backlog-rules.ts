/**
 * Relational rules over the whole loaded backlog (`doctor`, and the index after a load).
 * Each rule is a small function that returns the problems it sees; none throws
 * (the changesets way), so one bad file never hides the others.
 *
 * Severity: wrong data is an error (a dangling reference, a cycle, a duplicated id); a state
 * the tool allows on purpose (a done parent with open children, via --force), a cosmetic
 * mismatch (the file name) or a `related` link that leads nowhere (it never blocks) is a warning.
 */
import { findDependencyCycles, findParentCycles } from "../cycles.js";
import type { Problem } from "../problem.js";
import { isOpen, isRecurrenceLink, type Task } from "../task.js";
import { fileNameMatchesId, formatIds, formatPath, problemFor } from "./problem-for.js";

export interface BacklogContext {
  tasks: readonly Task[];
  /** First task of each id. */
  byId: ReadonlyMap<number, Task>;
  /** Ids that exist outside the loaded tasks (the archive): references to them are not missing. */
  archivedIds: ReadonlySet<number>;
  /** The task folder, relative to the repository root. */
  dir: string;
}

export type BacklogRule = (context: BacklogContext) => Problem[];

const duplicateId: BacklogRule = ({ tasks }) => {
  const files = new Map<number, Task[]>();
  for (const task of tasks) files.set(task.id, [...(files.get(task.id) ?? []), task]);
  const problems: Problem[] = [];
  for (const [id, group] of files) {
    if (group.length < 2) continue;
    const names = group.map((task) => task.path).join(", ");
    for (const task of group) {
      problems.push(
        problemFor(
          task,
          "duplicate-id",
          "error",
          `Id ${id} is used by ${group.length} files: ${names}; change one id by hand`,
        ),
      );
    }
  }
  return problems;
};

const fileName: BacklogRule = ({ tasks, dir }) =>
  tasks
    .filter((task) => !fileNameMatchesId(task.path, task.id))
    .map((task) => {
      const folder = task.path.includes("/") ? task.path.slice(0, task.path.lastIndexOf("/")) : dir;
      return problemFor(
        task,
        "file-name",
        "warning",
        `The file name does not match id ${task.id}: expected ${folder}/${task.id}-<slug>.md`,
      );
    });

const selfDependency: BacklogRule = ({ tasks }) =>
  tasks
    .filter((task) => task.depends.includes(task.id))
    .map((task) =>
      problemFor(task, "self-dependency", "error", `#${task.id} depends on itself. Remove ${task.id} from \`depends\` in ${task.path}.`),
    );

const missingDependency: BacklogRule = ({ tasks, byId, archivedIds }) =>
  tasks.flatMap((task) => {
    const missing = [...new Set(task.depends)].filter((dep) => dep !== task.id && !byId.has(dep) && !archivedIds.has(dep));
    if (missing.length === 0) return [];
    const which = missing.length === 1 ? "which does not exist" : "which do not exist";
    return [
      problemFor(
        task,
        "missing-dependency",
        "error",
        `#${task.id} depends on ${formatIds(missing)}, ${which}. Remove ${missing.join(", ")} from \`depends\` in ${task.path}, or restore the missing task.`,
      ),
    ];
  });

const selfRelated: BacklogRule = ({ tasks }) =>
  tasks
    .filter((task) => task.related.includes(task.id))
    .map((task) => problemFor(task, "self-related", "warning", `#${task.id} is related to itself. Remove ${task.id} from \`related\` in ${task.path}.`));

const missingRelated: BacklogRule = ({ tasks, byId, archivedIds }) =>
  tasks.flatMap((task) => {
    const missing = task.related.filter((id) => id !== task.id && !byId.has(id) && !archivedIds.has(id));
    if (missing.length === 0) return [];
    const which = missing.length === 1 ? "which does not exist" : "which do not exist";
    return [
      problemFor(
        task,
        "missing-related",
        "warning",
        `#${task.id} is related to ${formatIds(missing)}, ${which}. Remove ${missing.join(", ")} from \`related\` in ${task.path}, or restore the missing task.`,
      ),
    ];
  });

const dependencyCycle: BacklogRule = ({ tasks, byId }) =>
  findDependencyCycles(tasks).map((cycle) =>
    problemFor(
      byId.get(cycle[0]!)!,
      "dependency-cycle",
      "error",
      `Dependency cycle ${formatPath(cycle)}: none of these tasks can ever be ready. Remove one of the dependencies, e.g. ${cycle[1]!} from \`depends\` of #${cycle[0]!}.`,
    ),
  );

const missingParent: BacklogRule = ({ tasks, byId, archivedIds }) =>
  tasks
    .filter((task) => task.parent !== undefined && task.parent !== task.id && !byId.has(task.parent) && !archivedIds.has(task.parent))
    .map((task) =>
      problemFor(
        task,
        "missing-parent",
        "error",
        `#${task.id} has parent #${task.parent!}, which does not exist. Remove \`parent\` from ${task.path} or point it at an existing task.`,
      ),
    );

const parentCycle: BacklogRule = ({ tasks, byId }) =>
  findParentCycles(tasks).map((cycle) => {
    const task = byId.get(cycle[0]!)!;
    const what = cycle.length === 2 ? `#${task.id} is its own parent` : `Parent cycle ${formatPath(cycle)}`;
    return problemFor(
      task,
      "parent-cycle",
      "error",
      `${what}: a task cannot contain itself. Remove \`parent\` from ${task.path} or from another task of the cycle.`,
    );
  });

const doneParentOpenChild: BacklogRule = ({ tasks, byId }) => {
  const openChildren = new Map<number, number[]>();
  for (const child of tasks) {
    const parent = child.parent === undefined ? undefined : byId.get(child.parent);
    if (parent?.status !== "done" || parent.id === child.id || !isOpen(child) || isRecurrenceLink(child, parent)) continue;
    openChildren.set(parent.id, [...(openChildren.get(parent.id) ?? []), child.id]);
  }
  return [...openChildren].map(([parentId, children]) =>
    problemFor(
      byId.get(parentId)!,
      "done-parent-open-child",
      "warning",
      `#${parentId} is done but its ${children.length === 1 ? "child" : "children"} ${formatIds(children.sort((a, b) => a - b))} ${children.length === 1 ? "is" : "are"} still open. Finish or delete ${children.length === 1 ? "it" : "them"}, or reopen #${parentId}.`,
    ),
  );
};

/** The table `checkBacklog` runs, in the order their problems are listed. */
export const BACKLOG_RULES: readonly BacklogRule[] = [
  duplicateId,
  fileName,
  selfDependency,
  missingDependency,
  dependencyCycle,
  selfRelated,
  missingRelated,
  missingParent,
  parentCycle,
  doneParentOpenChild,
];
