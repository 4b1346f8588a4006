/**
 * What `graph` draws (docs/reference/cli.md, "`graph`"): which tasks, and which edges between them. The formats are
 * render-graph.ts (mermaid, dot) and render-graph-text.ts.
 *
 * - With `root`: the root, everything it transitively depends on ("up": what must happen first)
 *   and everything that transitively depends on it ("down": what waits for it); `direction`
 *   keeps one side. Without a root: every given task that takes part in a dependency (a backlog
 *   of 10,000 loose tasks is not a graph).
 * - A dependency outside `tasks` (filtered out, archived, missing) is drawn as `#7 (not shown)`.
 *   Only edges between drawn tasks are drawn: a dependent's other dependencies are not its story.
 * - `related` links never block, so they are drawn apart and never followed: without a root,
 *   every task that has one is drawn with the tasks it names; around a root, the tasks linked to
 *   it either way (its `related`, and the tasks whose `related` names it), whatever the direction.
 *   A link of a task to itself is not drawn.
 * - A duplicated id (two files, one id: SPEC §4) is one node, marked ⚠dup with every copy named,
 *   and drawn with the dependencies and links of all its copies: a reference to that id reaches
 *   them all.
 */
import { BacklogError } from "./errors.js";
import type { BacklogGraph } from "./graph.js";
import type { Task } from "./task.js";

/** Around a root: what it depends on (`up`), what depends on it (`down`), or both. */
export type GraphDirection = "up" | "down" | "both";

export interface Drawing {
  /** The first task of each id. */
  byId: ReadonlyMap<number, Task>;
  /** Every task of each id (more than one for a duplicated id), in the order given. */
  copies: ReadonlyMap<number, readonly Task[]>;
  /** Drawn ids, ascending; includes dependencies that are not in `tasks`. */
  nodes: number[];
  /** Dependencies of each drawn task that exist among `nodes`, ascending, self-loops included. */
  deps: Map<number, number[]>;
  /** Related links between drawn tasks, each pair once, ascending: `[smaller id, larger id]`. */
  links: [number, number][];
  /** Each drawn task's related tasks that are drawn, in its own order (the text tree's leaves). */
  related: (id: number) => number[];
  /** Around a root, its sides as the text draws them: each an adjacency to follow from the root, or its links. */
  sides: { label: string; next: (id: number) => number[]; links?: boolean }[];
  cycleEdges: Set<string>;
  cycleNodes: Set<number>;
}

export function collectDrawing(tasks: readonly Task[], graph: BacklogGraph, root: number | undefined, direction: GraphDirection): Drawing {
  const byId = new Map<number, Task>();
  const copies = new Map<number, Task[]>();
  for (const task of tasks) {
    if (!byId.has(task.id)) byId.set(task.id, task);
    const list = copies.get(task.id);
    if (list) list.push(task);
    else copies.set(task.id, [task]);
  }
  const depsOf = (id: number): number[] => [...new Set((copies.get(id) ?? []).flatMap((task) => task.depends))].sort((a, b) => a - b);
  const relatedOf = (id: number): number[] => [...new Set((copies.get(id) ?? []).flatMap((task) => task.related))].filter((other) => other !== id);

  const drawn = new Set<number>();
  const sides: Drawing["sides"] = [];
  if (root !== undefined) {
    if (!byId.has(root)) throw new BacklogError("not-found", `no task #${root} to draw`, { id: root }, [{ use: "list", does: "finds ids" }]);
    drawn.add(root);
    if (direction !== "down") {
      reach(root, depsOf, drawn);
      sides.push({ label: "depends on", next: depsOf });
    }
    if (direction !== "up") {
      const dependents = dependentsOf(copies);
      const dependentsOfId = (id: number): number[] => dependents.get(id) ?? [];
      reach(root, dependentsOfId, drawn);
      sides.push({ label: "required by", next: dependentsOfId });
    }
    const near = [...relatedOf(root)];
    for (const task of tasks) if (task.id !== root && task.related.includes(root) && !near.includes(task.id)) near.push(task.id);
    near.sort((a, b) => a - b);
    for (const id of near) drawn.add(id);
    sides.push({ label: "related", next: (id) => (id === root ? near : []), links: true });
  } else {
    for (const id of byId.keys()) {
      const dependencies = depsOf(id);
      const links = relatedOf(id);
      if (dependencies.length === 0 && links.length === 0) continue;
      drawn.add(id);
      for (const dep of dependencies) drawn.add(dep);
      for (const other of links) drawn.add(other);
    }
  }

  const nodes = [...drawn].sort((a, b) => a - b);
  const deps = new Map(nodes.map((id) => [id, depsOf(id).filter((dep) => drawn.has(dep))]));
  const cycleEdges = new Set<string>();
  const cycleNodes = new Set<number>();
  for (const cycle of graph.cycles) {
    for (let i = 0; i + 1 < cycle.length; i++) {
      cycleEdges.add(`${cycle[i]!}>${cycle[i + 1]!}`);
      cycleNodes.add(cycle[i]!);
    }
  }
  for (const [id, list] of deps) {
    if (list.includes(id)) {
      cycleEdges.add(`${id}>${id}`);
      cycleNodes.add(id);
    }
  }
  const links: [number, number][] = [];
  const linked = new Set<string>();
  for (const id of nodes) {
    for (const other of relatedOf(id)) {
      const pair: [number, number] = id < other ? [id, other] : [other, id];
      if (!drawn.has(other) || linked.has(`${pair[0]}-${pair[1]}`)) continue;
      linked.add(`${pair[0]}-${pair[1]}`);
      links.push(pair);
    }
  }
  const related = (id: number): number[] => relatedOf(id).filter((other) => drawn.has(other));
  return { byId, copies, nodes, deps, links, related, sides, cycleEdges, cycleNodes };
}

/** Adds to `drawn` every task reachable from `start` through `next`. */
function reach(start: number, next: (id: number) => number[], drawn: Set<number>): void {
  const queue = [start];
  const seen = new Set(queue);
  for (let head = 0; head < queue.length; head++) {
    for (const id of next(queue[head]!)) {
      if (seen.has(id)) continue;
      seen.add(id);
      drawn.add(id);
      queue.push(id);
    }
  }
}

/** For each id, the ids of the given tasks that depend on it (any copy), ascending. */
function dependentsOf(copies: ReadonlyMap<number, readonly Task[]>): Map<number, number[]> {
  const dependents = new Map<number, number[]>();
  for (const id of [...copies.keys()].sort((a, b) => a - b)) {
    for (const dep of new Set(copies.get(id)!.flatMap((task) => task.depends))) {
      const list = dependents.get(dep);
      if (list) list.push(id);
      else dependents.set(dep, [id]);
    }
  }
  return dependents;
}

/** The other copies of a duplicated id, as the labels name them (`Auth [pending]`); empty for an id of one task. */
export function otherCopies(drawing: Drawing, id: number): string[] {
  return (drawing.copies.get(id) ?? []).slice(1).map((task) => `${plainText(task.title)} [${task.status}]`);
}

/** A node's one-line label: `#12 Title [status]`, with ` ⚠dup (also #12 Other [status])` for a duplicated id. */
export function nodeLabel(drawing: Drawing, id: number): string {
  const task = drawing.byId.get(id);
  if (!task) return `#${id} (not shown)`;
  const others = otherCopies(drawing, id);
  const dup = others.length > 0 ? ` ⚠dup (also ${others.map((other) => `#${id} ${other}`).join(", ")})` : "";
  return `#${id} ${plainText(task.title)} [${task.status}]${dup}`;
}

/** One line of plain text: newlines and other control characters become spaces. */
export function plainText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ");
}
