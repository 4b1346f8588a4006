/** Id lists and ranges (`12`, `12,15`, `3-5`) as the filter reads, tests and prints them. */

import { isTaskId, notATaskId } from "../task-id.js";
import type { IdRange } from "./ast.js";

/**
 * `12,15,3-5` as ranges; a reversed range is an error rather than a silent empty match, and so is
 * a number no task id can be (`out-of-range`, so a bare number can suggest searching it as text).
 */
export function parseIdRanges(text: string, onError: (message: string, problem: "out-of-range" | "reversed") => never): IdRange[] {
  return text.split(",").map((part) => {
    const [from, to = from] = part.split("-").map(Number) as [number, number?];
    if (!isTaskId(from) || !isTaskId(to)) onError(notATaskId(part), "out-of-range");
    if (to < from) onError(`Reversed id range "${part}": write it low to high (${to}-${from})`, "reversed");
    return [from, to] as const;
  });
}

export function idInRanges(id: number, ranges: readonly IdRange[]): boolean {
  for (const [from, to] of ranges) if (id >= from && id <= to) return true;
  return false;
}

export function formatIdRanges(ranges: readonly IdRange[]): string {
  return ranges.map(([from, to]) => (from === to ? `${from}` : `${from}-${to}`)).join(",");
}
