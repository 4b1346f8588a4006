/** Small in-memory backlogs and a fixed clock for the filter tests. */

import { emptyFacts, type TaskFacts } from "../../../../src/domain/facts.js";
import type { Task } from "../../../../src/domain/task.js";
import { compileFilter, parseFilter } from "../../../../src/domain/filter/index.js";

/** Friday 2026-11-20, noon UTC. */
export const NOW = new Date("2026-11-20T12:00:00Z");

export function makeTask(fields: Partial<Task> & { id: number }): Task {
  return {
    title: `Task ${fields.id}`,
    status: "pending",
    tags: [],
    depends: [],
    related: [],
    user: {},
    body: "",
    notes: [],
    path: `backlog/${fields.id}-task.md`,
    ...fields,
  };
}

export function makeFacts(fields: Partial<TaskFacts> = {}): TaskFacts {
  return { ...emptyFacts(), ...fields };
}

export interface Entry {
  task: Task;
  facts: TaskFacts;
}

export function entry(fields: Partial<Task> & { id: number }, facts: Partial<TaskFacts> = {}): Entry {
  return { task: makeTask(fields), facts: makeFacts(facts) };
}

/** Ids of the entries the filter selects, in order. */
export function select(filter: string | readonly string[], entries: readonly Entry[], now: Date = NOW): number[] {
  const test = compileFilter(parseFilter(filter), now);
  return entries.filter(({ task, facts }) => test(task, facts)).map(({ task }) => task.id);
}
