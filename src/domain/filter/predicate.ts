/** The compiled form of a filter: a plain function over a task and what the index knows of it. */

import type { Task } from "../task.js";
import type { TaskFacts } from "../facts.js";

export type Predicate = (task: Task, facts: TaskFacts) => boolean;

export function not(test: Predicate): Predicate {
  return (task, facts) => !test(task, facts);
}

/** For values the parser already validated: reaching this is a bug, not a user error. */
export function unreachable(message: string): never {
  throw new Error(`filter compiler: ${message}`);
}

export function lower(text: string | undefined): string | undefined {
  return text === undefined || text === "" ? undefined : text.toLowerCase();
}
