import { buildGraph, type BacklogGraph } from "../domain/graph.js";
import type { Backlog } from "./backlog.js";

/** Time-dependent facts (overdue, ready after `scheduled`) go stale; recompute at most this often when nothing changed. */
const FRESH_MS = 1000;

interface Cached {
  version: number;
  at: number;
  graph: BacklogGraph;
}

const cache = new WeakMap<Backlog, Cached>();

/** The dependency graph and computed facts of the backlog as it is now, recomputed only when the index or the clock moved. */
export function graphOf(backlog: Backlog): BacklogGraph {
  const now = backlog.now();
  const hit = cache.get(backlog);
  if (hit && hit.version === backlog.index.version && Math.abs(now.getTime() - hit.at) < FRESH_MS) return hit.graph;
  const graph = buildGraph(backlog.index.tasks(), now, backlog.config.urgency);
  cache.set(backlog, { version: backlog.index.version, at: now.getTime(), graph });
  return graph;
}
