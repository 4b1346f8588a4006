/**
 * Virtual tags: `+READY`, `+OVERDUE`… State the index computes (blocked, ready, waiting,
 * overdue, today) comes from TaskFacts so the filter and the index never disagree; the rest
 * reads the task, with period boundaries resolved once against the injected clock.
 */

import { resolveDate, startOfUtcDay } from "../dates.js";
import { DAY_MS } from "../iso-time.js";
import { isOpen } from "../task.js";
import type { VirtualTag } from "./ast.js";
import type { Predicate } from "./predicate.js";
import { dateIndexOf, dateOf } from "./task-cache.js";

/** Taskwarrior's `rc.due`: +DUE means due within this many days. */
const DUE_SOON_DAYS = 7;

export function compileVirtualTag(tag: VirtualTag, now: Date): Predicate {
  const due = dateIndexOf("due");
  const dueIn = (from: number, to: number): Predicate => (task) => {
    const time = dateOf(task, due);
    return time >= from && time < to;
  };
  const duePeriod = (first: string, next: string): Predicate =>
    dueIn(resolveDate(first, now)?.start ?? Number.NaN, resolveDate(next, now)?.start ?? Number.NaN);
  const today = startOfUtcDay(now.getTime());
  switch (tag) {
    case "READY":
      return (_task, facts) => facts.ready;
    case "BLOCKED":
      return (_task, facts) => facts.blocked;
    case "UNBLOCKED":
      return (_task, facts) => !facts.blocked;
    case "BLOCKING":
      return (_task, facts) => facts.blocking;
    case "OVERDUE":
      return (_task, facts) => facts.overdue;
    case "WAITING":
      return (_task, facts) => facts.waiting;
    case "TODAY":
      return (_task, facts) => facts.today;
    case "PARENT":
      return (_task, facts) => facts.children.length > 0;
    case "ACTIVE":
      return (task) => task.status === "active";
    case "PENDING":
      return (task) => task.status === "pending";
    case "COMPLETED":
      return (task) => task.status === "done";
    case "DELETED":
      return (task) => task.status === "deleted";
    case "TOMORROW":
      return dueIn(today + DAY_MS, today + 2 * DAY_MS);
    case "YESTERDAY":
      return dueIn(today - DAY_MS, today);
    case "WEEK":
      return duePeriod("sow", "sonw");
    case "MONTH":
      return duePeriod("som", "sonm");
    case "QUARTER":
      return duePeriod("soq", "sonq");
    case "YEAR":
      return duePeriod("soy", "sony");
    case "DUE": {
      // Taskwarrior's +DUE: open and due from the start of today to DUE_SOON_DAYS from now.
      const soon = dueIn(today, now.getTime() + DUE_SOON_DAYS * DAY_MS + 1);
      return (task, facts) => isOpen(task) && soon(task, facts);
    }
    case "TAGGED":
      return (task) => task.tags.length > 0;
    case "ANNOTATED":
      return (task) => task.notes.length > 0;
    case "CHILD":
      return (task) => task.parent !== undefined;
    case "PROJECT":
      return (task) => task.project !== undefined && task.project !== "";
    case "PRIORITY":
      return (task) => task.priority !== undefined;
    case "SCHEDULED":
      return (task) => task.scheduled !== undefined && task.scheduled !== "";
    case "RECURRING":
      return (task) => task.recur !== undefined && task.recur !== "";
  }
}
