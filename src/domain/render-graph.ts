/**
 * `graph [id] --format text|mermaid|dot [--up|--down]` (SPEC §7).
 *
 * Decisions:
 * - Which tasks: with `root`, the root, everything it transitively depends on ("up": what must
 *   happen first) and everything that transitively depends on it ("down": what waits for it);
 *   `direction` keeps one side. Without a root, every given task that takes part in a dependency
 *   (a backlog of 10,000 loose tasks is not a graph); a direction then means nothing and is refused.
 *   A dependency outside `tasks` (filtered out, archived, missing) is drawn as `#7 (not shown)`.
 *   Only edges between drawn tasks are drawn: a dependent's other dependencies are not its story.
 * - Text is a tree of what each task waits for: a task, then its dependencies indented below.
 *   Roots are tasks nothing depends on. Around a root, its two sides are two labelled branches,
 *   `depends on` and `required by`. A task met again is printed once more with `(see above)`
 *   and no subtree; a task met again on its own path is marked `(cycle)`.
 * - Mermaid and dot draw edges from the dependency to the dependent (`7 --> 12`: 7 comes first),
 *   so the drawing reads top-down in the order work can happen: "up" is above, "down" below.
 * - Colours by status (pending, active, done, deleted) and blocked tasks; cycle edges in red.
 * - Titles are escaped for each syntax, so no title can end a label or add a statement.
 */
import { BacklogError } from "./errors.js";
import type { BacklogGraph } from "./graph.js";
import type { Task } from "./task.js";

export type GraphFormat = "text" | "mermaid" | "dot";
/** Around a root: what it depends on (`up`), what depends on it (`down`), or both. */
export type GraphDirection = "up" | "down" | "both";

export interface RenderGraphOptions {
  /** Draw only this task and the tasks linked to it by dependencies, transitively. */
  root?: number;
  /** Which side of the root to draw; both by default. */
  direction?: GraphDirection;
}

type NodeStyle = Task["status"] | "blocked" | "missing";

interface Drawing {
  byId: ReadonlyMap<number, Task>;
  /** Drawn ids, ascending; includes dependencies that are not in `tasks`. */
  nodes: number[];
  /** Dependencies of each drawn task that exist among `nodes`, ascending, self-loops included. */
  deps: Map<number, number[]>;
  /** Around a root, its two sides as the text draws them: each an adjacency to follow from the root. */
  sides: { label: string; next: (id: number) => number[] }[];
  cycleEdges: Set<string>;
  cycleNodes: Set<number>;
}

const STYLES: Record<NodeStyle, { fill: string; stroke: string; text: string; dashed: boolean }> = {
  pending: { fill: "#ffffff", stroke: "#6b7280", text: "#111827", dashed: false },
  blocked: { fill: "#fef3c7", stroke: "#d97706", text: "#78350f", dashed: false },
  active: { fill: "#dbeafe", stroke: "#2563eb", text: "#1e3a8a", dashed: false },
  done: { fill: "#dcfce7", stroke: "#16a34a", text: "#14532d", dashed: false },
  deleted: { fill: "#f3f4f6", stroke: "#9ca3af", text: "#6b7280", dashed: true },
  missing: { fill: "#ffffff", stroke: "#9ca3af", text: "#6b7280", dashed: true },
};
const CYCLE_COLOUR = "#dc2626";

export function renderGraph(tasks: readonly Task[], graph: BacklogGraph, format: GraphFormat, options: RenderGraphOptions = {}): string {
  if (options.root === undefined && options.direction !== undefined && options.direction !== "both") {
    throw new BacklogError("usage", `drawing only ${options.direction === "up" ? "what a task depends on" : "what depends on a task"} needs a task id, e.g. graph 5 --${options.direction}.`);
  }
  const drawing = collect(tasks, graph, options.root, options.direction ?? "both");
  switch (format) {
    case "text":
      return renderText(drawing, options.root);
    case "mermaid":
      return renderMermaid(drawing, graph);
    case "dot":
      return renderDot(drawing, graph);
  }
}

function collect(tasks: readonly Task[], graph: BacklogGraph, root: number | undefined, direction: GraphDirection): Drawing {
  const byId = new Map<number, Task>();
  for (const task of tasks) if (!byId.has(task.id)) byId.set(task.id, task);
  const depsOf = (id: number): number[] => [...new Set(byId.get(id)?.depends ?? [])].sort((a, b) => a - b);

  const drawn = new Set<number>();
  const sides: Drawing["sides"] = [];
  if (root !== undefined) {
    if (!byId.has(root)) throw new BacklogError("not-found", `No task #${root} to draw. Check the id with \`git-backlog list\`.`, { id: root });
    drawn.add(root);
    if (direction !== "down") {
      reach(root, depsOf, drawn);
      sides.push({ label: "depends on", next: depsOf });
    }
    if (direction !== "up") {
      const dependents = dependentsOf(byId);
      const dependentsOfId = (id: number): number[] => dependents.get(id) ?? [];
      reach(root, dependentsOfId, drawn);
      sides.push({ label: "required by", next: dependentsOfId });
    }
  } else {
    for (const task of byId.values()) {
      if (task.depends.length === 0) continue;
      drawn.add(task.id);
      for (const dep of task.depends) drawn.add(dep);
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
  return { byId, nodes, deps, sides, cycleEdges, cycleNodes };
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

/** For each id, the given tasks that depend on it, ascending. */
function dependentsOf(byId: ReadonlyMap<number, Task>): Map<number, number[]> {
  const dependents = new Map<number, number[]>();
  for (const id of [...byId.keys()].sort((a, b) => a - b)) {
    for (const dep of new Set(byId.get(id)!.depends)) dependents.set(dep, [...(dependents.get(dep) ?? []), id]);
  }
  return dependents;
}

function renderText(drawing: Drawing, root: number | undefined): string {
  const { byId, nodes, deps } = drawing;
  if (root !== undefined) return renderAround(drawing, root);
  if (nodes.length === 0) return "No dependencies.\n";
  const dependedOn = new Set(nodes.flatMap((id) => (deps.get(id) ?? []).filter((dep) => dep !== id)));
  const starts = nodes.filter((id) => byId.has(id) && !dependedOn.has(id));
  // Tasks that only sit in cycles have no root above them: start from them too, smallest first.
  const rest = nodes.filter((id) => byId.has(id) && !starts.includes(id));

  const lines: string[] = [];
  const printed = new Set<number>();
  const next = (id: number): number[] => deps.get(id) ?? [];
  for (const start of [...starts, ...rest]) {
    if (!printed.has(start)) walkTree(drawing, lines, [{ kind: "enter", id: start, prefix: "", childPrefix: "" }], next, printed, new Set());
  }
  return lines.join("\n") + "\n";
}

/** A root, then one labelled branch per side (`depends on`, `required by`) that has any task. */
function renderAround(drawing: Drawing, root: number): string {
  const lines = [labelOf(drawing, root)];
  const sides = drawing.sides.filter((side) => side.next(root).some((id) => id !== root));
  sides.forEach((side, index) => {
    const last = index === sides.length - 1;
    lines.push(`${last ? "└── " : "├── "}${side.label}`);
    walkTree(drawing, lines, branches(side.next(root), last ? "    " : "│   "), side.next, new Set([root]), new Set([root]));
  });
  return lines.join("\n") + "\n";
}

type TreeItem = { kind: "enter"; id: number; prefix: string; childPrefix: string } | { kind: "leave"; id: number };

/** Stack items for `ids` drawn as branches under `prefix`, first on top. */
function branches(ids: readonly number[], prefix: string): TreeItem[] {
  const items: TreeItem[] = [];
  for (let i = ids.length - 1; i >= 0; i--) {
    const last = i === ids.length - 1;
    items.push({ kind: "enter", id: ids[i]!, prefix: prefix + (last ? "└── " : "├── "), childPrefix: prefix + (last ? "    " : "│   ") });
  }
  return items;
}

/** Depth first without recursion (a 10,000-task chain must not overflow the stack). */
function walkTree(drawing: Drawing, lines: string[], stack: TreeItem[], next: (id: number) => number[], printed: Set<number>, onPath: Set<number>): void {
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.kind === "leave") {
      onPath.delete(item.id);
      continue;
    }
    const label = labelOf(drawing, item.id);
    if (onPath.has(item.id)) {
      lines.push(`${item.prefix}${label} (cycle)`);
      continue;
    }
    if (printed.has(item.id)) {
      lines.push(`${item.prefix}${label} (see above)`);
      continue;
    }
    lines.push(item.prefix + label);
    printed.add(item.id);
    if (!drawing.byId.has(item.id)) continue;
    onPath.add(item.id);
    stack.push({ kind: "leave", id: item.id }, ...branches(next(item.id), item.childPrefix));
  }
}

function labelOf(drawing: Drawing, id: number): string {
  const task = drawing.byId.get(id);
  return task ? `#${task.id} ${plainText(task.title)} [${task.status}]` : `#${id} (not shown)`;
}

function renderMermaid(drawing: Drawing, graph: BacklogGraph): string {
  const lines = ["graph TD"];
  const byStyle = new Map<NodeStyle, number[]>();
  for (const id of drawing.nodes) {
    const task = drawing.byId.get(id);
    const label = task ? `#${id} ${task.title} [${task.status}]` : `#${id} (not shown)`;
    lines.push(`  t${id}["${mermaidText(label)}"]`);
    const style = styleOf(task, graph);
    byStyle.set(style, [...(byStyle.get(style) ?? []), id]);
  }
  // linkStyle addresses edges by their position among all edges.
  const red: number[] = [];
  let edge = 0;
  for (const [id, deps] of drawing.deps) {
    for (const dep of deps) {
      if (drawing.cycleEdges.has(`${id}>${dep}`)) red.push(edge);
      lines.push(`  t${dep} --> t${id}`);
      edge++;
    }
  }
  for (const [style, ids] of byStyle) {
    const s = STYLES[style];
    lines.push(`  classDef ${style} fill:${s.fill},stroke:${s.stroke},color:${s.text}${s.dashed ? ",stroke-dasharray:4 3" : ""}`);
    lines.push(`  class ${ids.map((id) => `t${id}`).join(",")} ${style}`);
  }
  if (red.length > 0) lines.push(`  linkStyle ${red.join(",")} stroke:${CYCLE_COLOUR},stroke-width:2px`);
  return lines.join("\n") + "\n";
}

function renderDot(drawing: Drawing, graph: BacklogGraph): string {
  const lines = [
    "digraph backlog {",
    "  rankdir=TB;",
    '  node [shape=box, style="rounded,filled", fontname="Helvetica"];',
  ];
  for (const id of drawing.nodes) {
    const task = drawing.byId.get(id);
    const s = STYLES[styleOf(task, graph)];
    const label = task ? `#${id} ${dotText(task.title)}\\n[${task.status}]` : `#${id} (not shown)`;
    const style = s.dashed ? ', style="rounded,filled,dashed"' : "";
    const stroke = drawing.cycleNodes.has(id) ? CYCLE_COLOUR : s.stroke;
    lines.push(`  t${id} [label="${label}", fillcolor="${s.fill}", color="${stroke}", fontcolor="${s.text}"${style}];`);
  }
  for (const [id, deps] of drawing.deps) {
    for (const dep of deps) {
      const cycle = drawing.cycleEdges.has(`${id}>${dep}`) ? ` [color="${CYCLE_COLOUR}", penwidth=2]` : "";
      lines.push(`  t${dep} -> t${id}${cycle};`);
    }
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}

function styleOf(task: Task | undefined, graph: BacklogGraph): NodeStyle {
  if (task === undefined) return "missing";
  if (task.status === "pending" && graph.facts.get(task.id)?.blocked) return "blocked";
  return task.status;
}

/** One line of plain text: newlines and other control characters become spaces. */
function plainText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ");
}

/**
 * Mermaid label text inside `"…"`: every character that could close the label, start an entity,
 * a comment, markdown or HTML becomes Mermaid's numeric entity (`#35;` for `#`).
 */
export function mermaidText(text: string): string {
  return plainText(text).replace(/[^\p{L}\p{M}\p{N} .,:_\-!?'/+*=@$%()[\]]/gu, (char) => `#${char.codePointAt(0)!};`);
}

/** DOT double-quoted string: backslashes and quotes escaped, so `\N`, `\l` and `"` stay literal. */
export function dotText(text: string): string {
  return plainText(text).replace(/[\\"]/g, (char) => `\\${char}`);
}
