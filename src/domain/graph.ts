/**
 * The dependency graph: what the index computes from the whole backlog (docs/reference/filters.md, "Virtual tags").
 *
 * Decisions:
 * - A duplicated id (reported by the rules) stays visible: every copy has its own facts (its own
 *   status, dates and dependencies), all marked `duplicate`. A reference to that id (`depends`,
 *   `parent`) resolves to the first copy in input order until `doctor --fix` renumbers the others.
 * - BLOCKED/BLOCKING need both ends open (pending or active), as in Taskwarrior, where only
 *   pending tasks take part: a done task is never blocked, and a dependency that is missing
 *   (purged, archived, typo), done or deleted never blocks.
 * - WAITING is a pending task whose `wait` is in the future; READY is pending, not blocked, and
 *   neither `scheduled` nor `wait` in the future. An active task is not READY: someone holds it.
 * - A parent with open children is a container (a story): its work is its children's, so it is
 *   not READY until they are done or deleted (docs/reference/filters.md, "Virtual tags"). Occurrences of a recurring task, which
 *   point `parent` at the first one, are a series, not a story.
 * - OVERDUE and TODAY need an open task (as Taskwarrior). A due date without a time is 00:00 UTC,
 *   so a task due today is overdue from midnight on (Taskwarrior's reading, and the filter's).
 * - Cycles count every status: a cycle between done tasks is still wrong data. A self-dependency
 *   is not in `cycles` (it has its own rule); a task that is its own parent is in `parentCycles`.
 */
import type { UrgencyCoefficients } from "./config.js";
import { emptyFacts, NONE, type FactsLookup, type TaskFacts } from "./facts.js";
import { DAY_MS, parseIsoTime, utcDayNumber } from "./iso-time.js";
import { isOpen, isRecurrenceLink, type Task } from "./task.js";
import { MinHeap } from "./min-heap.js";
import { computeUrgency, nextAgeStep } from "./urgency.js";
import { adjacency, dependencyCycles, indexById, parentCyclesOf, sortedDeps } from "./cycles.js";

export interface BacklogGraph {
  facts: FactsLookup;
  /**
   * Until when (ms since the epoch) the facts stay true for the same tasks: the next moment a
   * `due`, `wait` or `scheduled` passes, a task's age reaches another whole day, or a UTC day
   * ends; and at most URGENCY_DRIFT_MS ahead (urgency's due term moves with the clock, by under
   * 0.001 a minute).
   */
  validUntil: number;
  /** One path per dependency cycle, from its smallest id back to it: `[4, 9, 4]`. Sorted by that id. */
  cycles: number[][];
  /** One path per parent cycle, following `parent` from its smallest id back to it. */
  parentCycles: number[][];
  /**
   * Brings the facts to a later clock without building the graph again: only the tasks whose
   * own time-bound facts changed since they were settled (a due, wait or scheduled time passed,
   * their age stepped, their urgency drifted) are settled again, and `validUntil` moves on.
   * False when it cannot (the clock went back, or into another UTC day): build afresh.
   */
  advance(now: Date): boolean;
}

/** How long urgency may be reused: its due term moves by under 0.001 in this time. */
export const URGENCY_DRIFT_MS = 60_000;

export function buildGraph(tasks: readonly Task[], now: Date, coefficients: UrgencyCoefficients): BacklogGraph {
  const copies: Task[] = [];
  const byId = indexById(tasks, copies);
  const ids = [...byId.keys()].sort((a, b) => a - b);
  const graph = adjacency(byId, ids);
  const open = ids.map((id) => isOpen(byId.get(id)!));
  const facts = new Map<number, TaskFacts>();
  const list = ids.map((id) => {
    const own = emptyFacts();
    facts.set(id, own);
    return own;
  });

  // Visiting in ascending id order keeps `children`, `blockedBy` and `blocks` sorted without a sort.
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const task = byId.get(id)!;
    if (task.parent !== undefined && task.parent !== id) {
      const of = facts.get(task.parent);
      if (of) {
        of.children = appended(of.children, id);
        if (!isRecurrenceLink(task, byId.get(task.parent)!)) {
          if (open[i]) of.openChildren++;
          else if (task.status === "done") of.doneChildren++;
        }
      }
    }
    if (!open[i]) continue;
    for (let e = graph.offsets[i]!; e < graph.offsets[i + 1]!; e++) {
      const j = graph.targets[e]!;
      if (!open[j]) continue;
      list[i]!.blockedBy = appended(list[i]!.blockedBy, ids[j]!);
      list[j]!.blocks = appended(list[j]!.blocks, id);
    }
  }

  /** The clock the facts were last settled at; facts hold until `validUntil`. */
  let nowMs = now.getTime();
  const today = utcDayNumber(nowMs);
  const dayEnd = (today + 1) * DAY_MS;
  /** Each task's own next moment of change, earliest first: what `advance` settles again. */
  const timed = new MinHeap<Timed>();
  let taskUntil = Number.POSITIVE_INFINITY;
  const passes = (ms: number | undefined): boolean => {
    if (ms === undefined || ms <= nowMs) return false;
    if (ms < taskUntil) taskUntil = ms;
    return true;
  };
  /** The facts that follow from the task's own fields once its blockers are known, at `nowMs`. */
  const settle = (task: Task, own: TaskFacts, open: boolean): void => {
    taskUntil = Number.POSITIVE_INFINITY;
    const dueMs = parseIsoTime(task.due);
    const scheduledMs = parseIsoTime(task.scheduled);
    // OVERDUE and urgency's scheduled term count a time strictly before now: they turn a
    // millisecond after it, even for a time equal to now.
    passes(dueMs === undefined ? undefined : dueMs + 1);
    passes(scheduledMs === undefined ? undefined : scheduledMs + 1);
    passes(nextAgeStep(task.created, nowMs, coefficients.ageMax));
    const scheduledLater = passes(scheduledMs);
    own.blocked = own.blockedBy.length > 0;
    own.blocking = own.blocks.length > 0;
    own.waiting = passes(parseIsoTime(task.wait)) && task.status === "pending";
    own.ready = task.status === "pending" && !own.blocked && !scheduledLater && !own.waiting && own.openChildren === 0;
    own.overdue = open && dueMs !== undefined && dueMs < nowMs;
    own.today = open && dueMs !== undefined && utcDayNumber(dueMs) === today;
    own.urgency = computeUrgency(task, own, coefficients, new Date(nowMs));
    // Urgency's due term moves with the clock (by under 0.001 a minute).
    if (open && dueMs !== undefined) taskUntil = Math.min(taskUntil, nowMs + URGENCY_DRIFT_MS);
    if (taskUntil < Number.POSITIVE_INFINITY) timed.push({ until: taskUntil, task, own, open });
  };
  const nextChange = (): number => Math.min(timed.peek()?.until ?? Number.POSITIVE_INFINITY, dayEnd, nowMs + URGENCY_DRIFT_MS);
  // The other copies of a duplicated id: each blocked by its own dependencies, and blocking them
  // in turn; what refers to the id counts under the first copy.
  const copyFacts = new Map<string, TaskFacts>();
  for (const copy of copies) {
    const own = emptyFacts();
    own.duplicate = true;
    facts.get(copy.id)!.duplicate = true;
    copyFacts.set(copy.path, own);
    const parent = copy.parent !== undefined && copy.parent !== copy.id ? byId.get(copy.parent) : undefined;
    if (parent) {
      // A copy is a child of its parent too: a story never looks done while one is open.
      const of = facts.get(parent.id)!;
      if (!of.children.includes(copy.id)) of.children = [...of.children, copy.id].sort((a, b) => a - b);
      if (!isRecurrenceLink(copy, parent)) {
        if (isOpen(copy)) of.openChildren++;
        else if (copy.status === "done") of.doneChildren++;
      }
    }
    if (!isOpen(copy)) continue;
    for (const dep of sortedDeps(copy)) {
      const target = byId.get(dep);
      if (dep === copy.id || !target || !isOpen(target)) continue;
      own.blockedBy = appended(own.blockedBy, dep);
      const of = facts.get(dep)!;
      if (!of.blocks.includes(copy.id)) of.blocks = [...of.blocks, copy.id].sort((a, b) => a - b);
    }
  }
  for (let i = 0; i < ids.length; i++) settle(byId.get(ids[i]!)!, list[i]!, open[i]!);
  for (const copy of copies) settle(copy, copyFacts.get(copy.path)!, isOpen(copy));

  // Cycles are read by doctor, graph and the write rules only; a plain `list` never pays for them.
  let cycles: number[][] | undefined;
  let parentCycles: number[][] | undefined;
  const built: BacklogGraph = {
    facts: { get: (task) => (copyFacts.size === 0 ? facts.get(task.id) : (copyFacts.get(task.path) ?? facts.get(task.id))) },
    validUntil: nextChange(),
    get cycles() {
      return (cycles ??= dependencyCycles(graph, ids));
    },
    get parentCycles() {
      return (parentCycles ??= parentCyclesOf(byId, ids));
    },
    advance(later) {
      const ms = later.getTime();
      if (ms < nowMs || ms >= dayEnd) return false;
      nowMs = ms;
      for (let next = timed.peek(); next && next.until <= ms; next = timed.peek()) {
        timed.pop();
        settle(next.task, next.own, next.open);
      }
      built.validUntil = nextChange();
      return true;
    },
  };
  return built;
}

/** A settled task with the moment its own facts next change. */
interface Timed {
  until: number;
  task: Task;
  own: TaskFacts;
  open: boolean;
}

/** Most tasks have no children, blockers or dependents: they share one empty list until they get one. */
function appended(list: number[], id: number): number[] {
  if (list === NONE) return [id];
  list.push(id);
  return list;
}
