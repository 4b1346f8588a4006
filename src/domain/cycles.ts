/**
 * Cycles in the dependencies (`depends`) and in the parents (`parent`): all of them for the graph
 * and the rules, and the one a write would close, for refusing it (docs/reference/file-format.md).
 * Dependency cycles are strongly connected components (Tarjan, iterative), each reported as a
 * shortest loop from its smallest id; a self-dependency is not one (it has its own rule).
 */
import type { Task } from "./task.js";

/** Tasks as a list (first of a duplicated id wins) or anything keyed by id, such as a Map. */
export type TaskLookup = readonly Task[] | TaskById;
export interface TaskById {
  get(id: number): Task | undefined;
}

/** Tasks by id that can also be walked: a ReadonlyMap, or a view over the index with a write's changes on top. */
export interface TaskSet extends TaskById {
  values(): Iterable<Task>;
}

/**
 * The cycle that giving `changedId` the dependencies `newDepends` would close, as a path from
 * `changedId` back to it (`[4, 9, 4]`), or undefined. Pass only the dependencies a write adds
 * to refuse what it introduces and not a cycle the backlog already had.
 */
export function findCycle(tasks: TaskLookup, changedId: number, newDepends: readonly number[]): number[] | undefined {
  if (newDepends.includes(changedId)) return [changedId, changedId];
  const byId = toLookup(tasks);
  // Breadth first, so the path reported is a shortest one.
  const previous = new Map<number, number>();
  const queue: number[] = [];
  for (const dep of [...new Set(newDepends)].sort((a, b) => a - b)) {
    previous.set(dep, changedId);
    queue.push(dep);
  }
  for (let head = 0; head < queue.length; head++) {
    const current = queue[head]!;
    for (const next of sortedDeps(byId.get(current))) {
      if (next === changedId) return [...pathTo(current, changedId, previous), changedId];
      if (previous.has(next)) continue;
      previous.set(next, current);
      queue.push(next);
    }
  }
  return undefined;
}

/** The parent cycle that setting `changedId`'s parent to `newParent` would close, or undefined. */
export function findParentCycle(tasks: TaskLookup, changedId: number, newParent: number | undefined): number[] | undefined {
  const byId = toLookup(tasks);
  const path = [changedId];
  const seen = new Set<number>();
  for (let current = newParent; current !== undefined; current = byId.get(current)?.parent) {
    path.push(current);
    if (current === changedId) return path;
    // A parent cycle that does not pass through `changedId` is not this change's doing.
    if (seen.has(current)) return undefined;
    seen.add(current);
  }
  return undefined;
}

/** Every dependency cycle, as `buildGraph` reports them (for the rules, without facts or urgency). */
export function findDependencyCycles(tasks: readonly Task[]): number[][] {
  const byId = indexById(tasks);
  const ids = [...byId.keys()].sort((a, b) => a - b);
  return dependencyCycles(adjacency(byId, ids), ids);
}

/** Every parent cycle, as `buildGraph` reports them. */
export function findParentCycles(tasks: readonly Task[]): number[][] {
  const byId = indexById(tasks);
  return parentCyclesOf(byId, [...byId.keys()].sort((a, b) => a - b));
}

function toLookup(tasks: TaskLookup): TaskById {
  return isTaskList(tasks) ? indexById(tasks) : tasks;
}

function isTaskList(tasks: TaskLookup): tasks is readonly Task[] {
  return Array.isArray(tasks);
}

/** First task of each id, in input order; the other copies of a duplicated id go to `copies`. */
export function indexById(tasks: readonly Task[], copies?: Task[]): Map<number, Task> {
  const byId = new Map<number, Task>();
  for (const task of tasks) {
    if (!byId.has(task.id)) byId.set(task.id, task);
    else copies?.push(task);
  }
  return byId;
}

/** A task's dependencies, each once, ascending. */
export function sortedDeps(task: Pick<Task, "depends"> | undefined): number[] {
  return task === undefined ? [] : [...new Set(task.depends)].sort((a, b) => a - b);
}

function pathTo(end: number, start: number, previous: ReadonlyMap<number, number>): number[] {
  const path = [end];
  for (let node = previous.get(end); node !== undefined && path.length <= previous.size + 1; node = previous.get(node)) {
    path.push(node);
    if (node === start) break;
  }
  return path.reverse();
}

/**
 * Dependency edges between existing tasks, by position in `ids` (compressed rows: the targets of
 * node i are targets[offsets[i] .. offsets[i+1]]), without self-loops or repeats, ascending.
 * Typed arrays instead of maps keep a 10,000-task build in a few milliseconds.
 */
export interface Adjacency {
  offsets: Int32Array;
  targets: Int32Array;
}

export function adjacency(byId: ReadonlyMap<number, Task>, ids: readonly number[]): Adjacency {
  const position = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) position.set(ids[i]!, i);
  const offsets = new Int32Array(ids.length + 1);
  const targets: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const start = targets.length;
    for (const dep of byId.get(ids[i]!)!.depends) {
      const j = position.get(dep);
      if (j === undefined || j === i || targets.includes(j, start)) continue;
      targets.push(j);
    }
    if (targets.length - start > 1) {
      const sorted = targets.splice(start).sort((a, b) => a - b);
      targets.push(...sorted);
    }
    offsets[i + 1] = targets.length;
  }
  return { offsets, targets: Int32Array.from(targets) };
}

/** Every dependency cycle: Tarjan's strongly connected components, iterative (a 10,000-task chain must not overflow the stack). */
export function dependencyCycles({ offsets, targets }: Adjacency, ids: readonly number[]): number[][] {
  const n = ids.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const work = new Int32Array(n); // the node of each frame
  const next = new Int32Array(n); // the next edge each frame will follow
  let stackTop = 0;
  let counter = 0;
  const components: number[][] = [];

  for (let root = 0; root < n; root++) {
    // A task without dependencies is its own component: skip the bookkeeping.
    if (index[root] !== -1 || offsets[root] === offsets[root + 1]) continue;
    let depth = 0;
    work[0] = root;
    next[0] = offsets[root]!;
    index[root] = low[root] = counter++;
    stack[stackTop++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const node = work[depth]!;
      if (next[depth]! < offsets[node + 1]!) {
        const target = targets[next[depth]!++]!;
        if (index[target] === -1) {
          index[target] = low[target] = counter++;
          stack[stackTop++] = target;
          onStack[target] = 1;
          depth++;
          work[depth] = target;
          next[depth] = offsets[target]!;
        } else if (onStack[target]) {
          low[node] = Math.min(low[node]!, index[target]!);
        }
        continue;
      }
      depth--;
      if (depth >= 0) low[work[depth]!] = Math.min(low[work[depth]!]!, low[node]!);
      if (low[node] !== index[node]) continue;
      const component: number[] = [];
      let member: number;
      do {
        member = stack[--stackTop]!;
        onStack[member] = 0;
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component);
    }
  }

  return components
    .map((component) => shortestLoop(Math.min(...component), new Set(component), offsets, targets).map((i) => ids[i]!))
    .sort((a, b) => a[0]! - b[0]!);
}

/** A shortest path from `start` back to itself inside one strongly connected component. */
function shortestLoop(start: number, members: ReadonlySet<number>, offsets: Int32Array, targets: Int32Array): number[] {
  const previous = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const current = queue[head]!;
    for (let e = offsets[current]!; e < offsets[current + 1]!; e++) {
      const target = targets[e]!;
      if (!members.has(target)) continue;
      if (target === start) return [...pathTo(current, start, previous), start];
      if (previous.has(target)) continue;
      previous.set(target, current);
      queue.push(target);
    }
  }
  return [start, start]; // unreachable for a real component; keeps the type honest
}

/** Every parent cycle, following `parent` from its smallest id back to it. */
export function parentCyclesOf(byId: ReadonlyMap<number, Task>, ids: readonly number[]): number[][] {
  const state = new Map<number, "walking" | "done">();
  const cycles: number[][] = [];
  for (const id of ids) {
    const walk: number[] = [];
    let current: number | undefined = id;
    while (current !== undefined && byId.has(current) && !state.has(current)) {
      state.set(current, "walking");
      walk.push(current);
      current = byId.get(current)!.parent;
    }
    if (current !== undefined && state.get(current) === "walking") {
      const loop = walk.slice(walk.indexOf(current));
      const smallest = Math.min(...loop);
      const from = loop.indexOf(smallest);
      cycles.push([...loop.slice(from), ...loop.slice(0, from), smallest]);
    }
    for (const node of walk) state.set(node, "done");
  }
  return cycles.sort((a, b) => a[0]! - b[0]!);
}
