import { buildGraph, type BacklogGraph } from "../domain/graph.js";
import { createFieldIndex, createTextIndex, type FieldIndex, type TextIndex, type TextIndexBuilder } from "../domain/filter/index.js";
import type { Backlog } from "./backlog.js";

interface Cached {
  version: number;
  at: number;
  graph: BacklogGraph;
}

const cache = new WeakMap<Backlog, Cached>();

/**
 * The dependency graph and computed facts of the backlog as it is now, recomputed when the index
 * changed or the clock passed the moment a fact would change (`validUntil`: a due, wait or
 * scheduled time, the end of the day, or a minute of urgency drift). An agent querying every few
 * seconds then reuses the graph instead of rebuilding it for 10,000 tasks each time.
 */
export function graphOf(backlog: Backlog): BacklogGraph {
  const now = backlog.now();
  const hit = cache.get(backlog);
  const ms = now.getTime();
  if (hit && hit.version === backlog.index.version && ms >= hit.at && ms < hit.graph.validUntil) return hit.graph;
  const graph = buildGraph(backlog.index.tasks(), now, backlog.config.urgency);
  cache.set(backlog, { version: backlog.index.version, at: now.getTime(), graph });
  return graph;
}

interface TextEntry {
  index: TextIndexBuilder;
  version: number;
  queries: number;
}

const texts = new WeakMap<Backlog, TextEntry>();

/**
 * The word index for bare-word search, from this backlog's second text query on: a one-shot CLI
 * call scans once (building the index costs more than one scan); a long-running process builds it
 * and then keeps it in step, re-reading only the tasks that changed. Call after the bodies are loaded.
 */
export function textIndexOf(backlog: Backlog): TextIndex | undefined {
  let entry = texts.get(backlog);
  if (!entry) texts.set(backlog, (entry = { index: createTextIndex(), version: -1, queries: 0 }));
  entry.queries += 1;
  if (entry.queries < 2) return undefined;
  if (entry.version !== backlog.index.version) {
    entry.index.sync(backlog.index.tasks());
    entry.version = backlog.index.version;
  }
  return entry.index;
}

/** Builds the word index now (a long-running process, once its bodies are in), so no query waits for it. */
export function prepareTextIndex(backlog: Backlog): void {
  const entry = texts.get(backlog);
  if (!entry) texts.set(backlog, { index: createTextIndex(), version: -1, queries: 1 });
  else entry.queries = Math.max(entry.queries, 1);
  textIndexOf(backlog);
}

interface FieldEntry {
  index: FieldIndex | undefined;
  version: number;
  queries: number;
}

const fields = new WeakMap<Backlog, FieldEntry>();

/**
 * Posting lists of tags, projects and statuses for narrowing a query, from this backlog's second
 * query on (a one-shot CLI call scans once; building the lists costs about a scan), rebuilt once
 * per change of the index.
 */
export function fieldIndexOf(backlog: Backlog): FieldIndex | undefined {
  let entry = fields.get(backlog);
  if (!entry) fields.set(backlog, (entry = { index: undefined, version: -1, queries: 0 }));
  entry.queries += 1;
  if (entry.queries < 2) return undefined;
  if (entry.version !== backlog.index.version || !entry.index) {
    entry.index = createFieldIndex(backlog.index.tasks());
    entry.version = backlog.index.version;
  }
  return entry.index;
}
