/**
 * `graph [id] --format text|mermaid|dot` (SPEC §7).
 *
 * Decisions:
 * - Which tasks: with `root`, the root and everything it transitively depends on; without, every
 *   given task that takes part in a dependency (a backlog of 10,000 loose tasks is not a graph).
 *   A dependency outside `tasks` (filtered out, archived, missing) is drawn as `#7 (not shown)`.
 * - Text is a tree of what each task waits for: a task, then its dependencies indented below.
 *   Roots are tasks nothing depends on. A task met again is printed once more with `(see above)`
 *   and no subtree; a task met again on its own path is marked `(cycle)`.
 * - Mermaid and dot draw edges from the dependency to the dependent (`7 --> 12`: 7 comes first),
 *   so the drawing reads top-down in the order work can happen.
 * - Colours by status (pending, active, done, deleted) and blocked tasks; cycle edges in red.
 * - Titles are escaped for each syntax, so no title can end a label or add a statement.
 */
import { BacklogError } from "./errors.js";
import type { BacklogGraph } from "./graph.js";
import type { Task } from "./task.js";

export type GraphFormat = "text" | "mermaid" | "dot";

export interface RenderGraphOptions {
  /** Draw only this task and what it depends on, transitively. */
  root?: number;
}

type NodeStyle = Task["status"] | "blocked" | "missing";

interface Drawing {
  byId: ReadonlyMap<number, Task>;
  /** Drawn ids, ascending; includes dependencies that are not in `tasks`. */
  nodes: number[];
  /** Dependencies of each drawn task that exist among `nodes`, ascending, self-loops included. */
  deps: Map<number, number[]>;
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
  const drawing = collect(tasks, graph, options.root);
  switch (format) {
    case "text":
      return renderText(drawing, options.root);
    case "mermaid":
      return renderMermaid(drawing, graph);
    case "dot":
      return renderDot(drawing, graph);
  }
}

function collect(tasks: readonly Task[], graph: BacklogGraph, root: number | undefined): Drawing {
  const byId = new Map<number, Task>();
  for (const task of tasks) if (!byId.has(task.id)) byId.set(task.id, task);
  const depsOf = (id: number): number[] => [...new Set(byId.get(id)?.depends ?? [])].sort((a, b) => a - b);

  const drawn = new Set<number>();
  if (root !== undefined) {
    if (!byId.has(root)) throw new BacklogError("not-found", `no task #${root} to draw`, { id: root }, [{ use: "list", does: "finds ids" }]);
    const queue = [root];
    drawn.add(root);
    for (let head = 0; head < queue.length; head++) {
      for (const dep of depsOf(queue[head]!)) {
        if (drawn.has(dep)) continue;
        drawn.add(dep);
        queue.push(dep);
      }
    }
  } else {
    for (const task of byId.values()) {
      if (task.depends.length === 0) continue;
      drawn.add(task.id);
      for (const dep of task.depends) drawn.add(dep);
    }
  }

  const nodes = [...drawn].sort((a, b) => a - b);
  const deps = new Map(nodes.map((id) => [id, depsOf(id)]));
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
  return { byId, nodes, deps, cycleEdges, cycleNodes };
}

function renderText(drawing: Drawing, root: number | undefined): string {
  const { byId, nodes, deps } = drawing;
  if (nodes.length === 0) return "No dependencies.\n";
  const dependedOn = new Set(nodes.flatMap((id) => (deps.get(id) ?? []).filter((dep) => dep !== id)));
  const starts = root !== undefined ? [root] : nodes.filter((id) => byId.has(id) && !dependedOn.has(id));
  // Tasks that only sit in cycles have no root above them: start from them too, smallest first.
  const rest = nodes.filter((id) => byId.has(id) && !starts.includes(id));

  const lines: string[] = [];
  const printed = new Set<number>();
  const onPath = new Set<number>();
  type Item = { kind: "enter"; id: number; prefix: string; childPrefix: string } | { kind: "leave"; id: number };
  for (const start of [...starts, ...rest]) {
    if (printed.has(start)) continue;
    const stack: Item[] = [{ kind: "enter", id: start, prefix: "", childPrefix: "" }];
    while (stack.length > 0) {
      const item = stack.pop()!;
      if (item.kind === "leave") {
        onPath.delete(item.id);
        continue;
      }
      const task = byId.get(item.id);
      const label = task ? `#${task.id} ${plainText(task.title)} [${task.status}]` : `#${item.id} (not shown)`;
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
      if (!task) continue;
      onPath.add(item.id);
      stack.push({ kind: "leave", id: item.id });
      const children = deps.get(item.id) ?? [];
      for (let i = children.length - 1; i >= 0; i--) {
        const last = i === children.length - 1;
        stack.push({
          kind: "enter",
          id: children[i]!,
          prefix: item.childPrefix + (last ? "└── " : "├── "),
          childPrefix: item.childPrefix + (last ? "    " : "│   "),
        });
      }
    }
  }
  return lines.join("\n") + "\n";
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
