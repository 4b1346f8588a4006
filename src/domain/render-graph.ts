/**
 * `graph [id] --format text|mermaid|dot [--up|--down]` (docs/reference/cli.md, "`graph`"). What is drawn is
 * graph-drawing.ts; the text tree is render-graph-text.ts.
 *
 * - Mermaid and dot draw edges from the dependency to the dependent (`7 --> 12`: 7 comes first),
 *   so the drawing reads top-down in the order work can happen: "up" is above, "down" below.
 * - A related link is one dashed line without an arrow (`-.-`; dot: `style=dashed, dir=none`),
 *   once for a pair of tasks that name each other, and does not rank the drawing.
 * - Colours by status (pending, active, done, deleted) and blocked tasks; cycle edges in red.
 * - Titles are escaped for each syntax, so no title can end a label or add a statement.
 */
import { BacklogError } from "./errors.js";
import { collectDrawing, nodeLabel, otherCopies, plainText, type Drawing, type GraphDirection } from "./graph-drawing.js";
import type { BacklogGraph } from "./graph.js";
import { renderGraphText } from "./render-graph-text.js";
import type { Task } from "./task.js";

export type { GraphDirection } from "./graph-drawing.js";

export type GraphFormat = "text" | "mermaid" | "dot";

export interface RenderGraphOptions {
  /** Draw only this task and the tasks linked to it by dependencies, transitively. */
  root?: number;
  /** Which side of the root to draw; both by default. */
  direction?: GraphDirection;
}

type NodeStyle = Task["status"] | "blocked" | "missing";

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
    throw new BacklogError("usage", `drawing only ${options.direction === "up" ? "what a task depends on" : "what depends on a task"} needs a task id.`, { direction: options.direction });
  }
  const drawing = collectDrawing(tasks, graph, options.root, options.direction ?? "both");
  switch (format) {
    case "text":
      return renderGraphText(drawing, options.root);
    case "mermaid":
      return renderMermaid(drawing, graph);
    case "dot":
      return renderDot(drawing, graph);
  }
}

function renderMermaid(drawing: Drawing, graph: BacklogGraph): string {
  const lines = ["graph TD"];
  const byStyle = new Map<NodeStyle, number[]>();
  for (const id of drawing.nodes) {
    const task = drawing.byId.get(id);
    lines.push(`  t${id}["${mermaidText(nodeLabel(drawing, id))}"]`);
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
  // After the dependencies, so the cycle edges keep their positions.
  for (const [a, b] of drawing.links) lines.push(`  t${a} -.- t${b}`);
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
    const others = otherCopies(drawing, id);
    const dup = others.length > 0 ? `\\n⚠dup, also: ${others.map(dotText).join(", ")}` : "";
    const label = task ? `#${id} ${dotText(task.title)}\\n[${task.status}]${dup}` : `#${id} (not shown)`;
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
  for (const [a, b] of drawing.links) lines.push(`  t${a} -> t${b} [style=dashed, dir=none, constraint=false];`);
  lines.push("}");
  return lines.join("\n") + "\n";
}

function styleOf(task: Task | undefined, graph: BacklogGraph): NodeStyle {
  if (task === undefined) return "missing";
  if (task.status === "pending" && graph.facts.get(task)?.blocked) return "blocked";
  return task.status;
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
