/** Id lists and ranges (`12`, `12,15`, `3-5`) as the filter reads, tests and prints them. */

import type { IdRange } from "./ast.js";

/** `12,15,3-5` as ranges; a reversed range is an error rather than a silent empty match. */
export function parseIdRanges(text: string, onError: (message: string) => never): IdRange[] {
  return text.split(",").map((part) => {
    const [from, to = from] = part.split("-").map(Number) as [number, number?];
    if (!Number.isSafeInteger(to)) onError(`"${part}" is too large for a task id: quote it ("${text}") to search for it as text`);
    if (to < from) onError(`Reversed id range "${part}": write it low to high (${to}-${from})`);
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
