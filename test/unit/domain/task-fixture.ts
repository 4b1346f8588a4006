import type { Task } from "../../../src/domain/task.js";

/** A task with the defaults a fresh file would have; `path` follows the canonical name unless given. */
export function task(id: number, fields: Partial<Task> = {}): Task {
  return {
    id,
    title: `Task ${id}`,
    status: "pending",
    tags: [],
    depends: [],
    related: [],
    user: {},
    body: "",
    notes: [],
    path: `backlog/${id}-task-${id}.md`,
    ...fields,
  };
}

/** The fixed clock of these tests: a Saturday noon, UTC. */
export const NOW = new Date("2026-11-21T12:00:00Z");

export function daysFrom(date: Date, days: number): string {
  return new Date(date.getTime() + days * 86_400_000).toISOString();
}
