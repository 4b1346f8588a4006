// The dependency graph view (docs/reference/board.md, "The graph"): a layered layout from dagre,
// drawn as SVG with DOM calls (task text only as text), cycles in red, ready tasks outlined.
import { graphlib, layout, type EdgeLabel, type GraphLabel, type NodeLabel } from "@dagrejs/dagre";
import type { GraphAnswer } from "../src/web/board-wire.js";


const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 200;
const HEIGHT = 44;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

/** Title cut to what a node holds. */
function fit(text: string, max = 26): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The graph as elements to put on the page; `open` is called with a node's id when it is clicked or Enter is pressed on it. */
export function drawGraph(data: GraphAnswer, open: (id: number) => void): Element[] {
  const legend = document.createElement("p");
  legend.className = "legend";
  legend.textContent = `${data.nodes.length} tasks, ${data.edges.length} links; an arrow points at what a task waits for (dashed: its parent); green: ready; red: a cycle (${data.cycles.length}).`;
  if (data.nodes.length === 0) {
    const empty = document.createElement("p");
    empty.className = "empty";
    empty.textContent = "No task of this filter depends on another.";
    return [legend, empty];
  }
  const graph = new graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>();
  graph.setGraph({ rankdir: "LR", nodesep: 16, ranksep: 56, marginx: 8, marginy: 8 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of data.nodes) graph.setNode(String(node.id), { width: WIDTH, height: HEIGHT });
  for (const edge of data.edges) graph.setEdge(String(edge.from), String(edge.to), { kind: edge.kind });
  layout(graph);
  const inCycle = new Set(data.cycles.flat());
  const cycleEdges = new Set(data.cycles.flatMap((cycle) => cycle.map((id, at) => `${id}>${cycle[(at + 1) % cycle.length]}`)));
  const size = graph.graph();
  const root = svg("svg", { width: Math.ceil(size.width ?? 0), height: Math.ceil(size.height ?? 0), role: "img" });
  const defs = svg("defs");
  const marker = svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" });
  marker.append(svg("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "currentColor" }));
  defs.append(marker);
  root.append(defs);
  for (const edge of data.edges) {
    const points: { x: number; y: number }[] = graph.edge(String(edge.from), String(edge.to))?.points ?? [];
    const d = points.map((point, at) => `${at === 0 ? "M" : "L"} ${point.x} ${point.y}`).join(" ");
    const cyclic = cycleEdges.has(`${edge.from}>${edge.to}`);
    root.append(svg("path", { d, class: `edge ${edge.kind}${cyclic ? " in-cycle" : ""}`, "marker-end": "url(#arrow)" }));
  }
  for (const node of data.nodes) {
    const place = graph.node(String(node.id));
    const group = svg("g", { class: `node ${node.status}${node.ready ? " ready" : ""}${node.blocked ? " blocked" : ""}${inCycle.has(node.id) ? " in-cycle" : ""}`, transform: `translate(${(place.x ?? 0) - WIDTH / 2}, ${(place.y ?? 0) - HEIGHT / 2})`, tabindex: 0, "data-id": node.id });
    const title = svg("title");
    title.textContent = `#${node.id} ${node.title} (${node.status})${node.duplicate ? "; another file has this id too: doctor --fix renumbers one" : ""}`;
    const label = svg("text", { x: 10, y: 18 });
    label.textContent = `#${node.id} ${fit(node.title)}`;
    const status = svg("text", { x: 10, y: 34 });
    status.textContent = `${node.status}${node.ready ? " · ready" : node.blocked ? " · blocked" : ""}${node.duplicate ? " · ⚠dup" : ""}`;
    group.append(title, svg("rect", { width: WIDTH, height: HEIGHT }), label, status);
    group.addEventListener("click", () => open(node.id));
    group.addEventListener("keydown", (event) => {
      if (event.key === "Enter") open(node.id);
    });
    root.append(group);
  }
  return [legend, root];
}
