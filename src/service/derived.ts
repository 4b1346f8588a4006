import type { Config } from "../domain/config.js";
import type { TaskFacts } from "../domain/facts.js";
import { buildGraph, type BacklogGraph } from "../domain/graph.js";
import { createFieldIndex, createTextIndex, type FieldIndex, type TextIndex, type TextIndexBuilder } from "../domain/filter/index.js";
import type { Task } from "../domain/task.js";
import type { Backlog } from "./backlog.js";

/** What the graph and its facts are computed from: a backlog's tasks, clock and urgency coefficients. */
export type DerivedSource = Pick<Backlog, "index" | "now"> & { readonly config: Pick<Config, "urgency"> };

interface Cached {
  version: number;
  at: number;
  graph: BacklogGraph;
}

const cache = new WeakMap<DerivedSource, Cached>();

/**
 * The dependency graph and computed facts of the backlog as it is now, recomputed when the index
 * changed or the clock passed the moment a fact would change (`validUntil`: a due, wait or
 * scheduled time, the end of the day, or a minute of urgency drift). An agent querying every few
 * seconds then reuses the graph instead of rebuilding it for 10,000 tasks each time; when the
 * clock passed such a moment, only the tasks it concerns are settled again (`advance`), and the
 * graph is built afresh only for another day or a changed index.
 */
export function graphOf(backlog: DerivedSource): BacklogGraph {
  const now = backlog.now();
  const hit = cache.get(backlog);
  const ms = now.getTime();
  if (hit && hit.version === backlog.index.version && ms >= hit.at) {
    if (ms < hit.graph.validUntil) return hit.graph;
    // The clock passed a task's moment of change: settle those tasks again, not all of them.
    if (hit.graph.advance(now)) {
      hit.at = ms;
      return hit.graph;
    }
  }
  const graph = buildGraph(backlog.index.tasks(), now, backlog.config.urgency);
  cache.set(backlog, { version: backlog.index.version, at: now.getTime(), graph });
  return graph;
}

/**
 * One task's facts as the whole graph gives them, from its neighbourhood only, for the answer of
 * a write (the whole graph is rebuilt by the next read, once). A task's facts depend on no more
 * than: every file holding its id (`duplicate`, and which copy is the first), its dependencies
 * (open or not), its parent (a recurring series), and the tasks that depend on it or name it as
 * their parent (every copy of them). The graph of those alone, in the index's order so the same
 * copy of an id comes first, gives the task the facts of the whole
 * (test/unit/service/near-facts.test.ts holds it to that).
 */
export function nearFacts(backlog: DerivedSource, task: Task): TaskFacts | undefined {
  const named = new Set<number>([task.id, ...task.depends, ...(task.parent === undefined ? [] : [task.parent])]);
  const near = backlog.index.tasks().filter((other) => named.has(other.id) || other.parent === task.id || other.depends.includes(task.id));
  // The task as the caller has it, which the index may hold as another object.
  const at = near.findIndex((other) => other.path === task.path && other.id === task.id);
  if (at >= 0) near[at] = task;
  else near.unshift(task);
  return buildGraph(near, backlog.now(), backlog.config.urgency).facts.get(task);
}

/** A derived index kept per backlog: built from the backlog's second use, then updated per change of the index. */
interface SecondUse<T> {
  value: T | undefined;
  version: number;
  uses: number;
}

/**
 * A one-shot CLI call scans once (building an index costs about a scan or more); a long-running
 * process builds the index on its second use and then brings it up to date (`update`, given the
 * previous value) whenever the index's version has moved.
 */
function fromSecondUse<T>(entries: WeakMap<Backlog, SecondUse<T>>, backlog: Backlog, update: (previous: T | undefined) => T): T | undefined {
  let entry = entries.get(backlog);
  if (!entry) entries.set(backlog, (entry = { value: undefined, version: -1, uses: 0 }));
  entry.uses += 1;
  if (entry.uses < 2) return undefined;
  if (entry.version !== backlog.index.version || entry.value === undefined) {
    entry.value = update(entry.value);
    entry.version = backlog.index.version;
  }
  return entry.value;
}

const texts = new WeakMap<Backlog, SecondUse<TextIndexBuilder>>();

/**
 * The word index for bare-word search, from this backlog's second text query on, re-reading only
 * the tasks that changed since. Call after the bodies are loaded.
 */
export function textIndexOf(backlog: Backlog): TextIndex | undefined {
  return fromSecondUse(texts, backlog, (previous) => {
    const index = previous ?? createTextIndex();
    index.sync(backlog.index.tasks());
    return index;
  });
}

/** Builds the word index now (a long-running process, once its bodies are in), so no query waits for it. */
export function prepareTextIndex(backlog: Backlog): void {
  const entry = texts.get(backlog);
  if (!entry) texts.set(backlog, { value: undefined, version: -1, uses: 1 });
  else entry.uses = Math.max(entry.uses, 1);
  textIndexOf(backlog);
}

const fields = new WeakMap<Backlog, SecondUse<FieldIndex>>();

/** Posting lists of tags, projects and statuses for narrowing a query, from this backlog's second query on. */
export function fieldIndexOf(backlog: Backlog): FieldIndex | undefined {
  return fromSecondUse(fields, backlog, () => createFieldIndex(backlog.index.tasks()));
}
