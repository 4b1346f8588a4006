/** Archive segments: `archive/<year>-Q<n>/`, by the UTC quarter a task ended (docs/reference/file-format.md, "The archive folder"). */
import { BacklogError } from "./errors.js";
import { parseIsoTime } from "./iso-time.js";

const SEGMENT = /^\d{4}-Q[1-4]$/;

/** `2026-11-21T10:02:11Z` → `2026-Q4`. A value that is not an ISO date is an "invalid" error. */
export function archiveSegment(endedIso: string): string {
  const ms = parseIsoTime(endedIso);
  if (ms === undefined) {
    throw new BacklogError("invalid", `Cannot archive by the end date "${endedIso}": it is not an ISO date. Fix \`ended\` in the task file.`, {
      field: "ended",
      value: endedIso,
    });
  }
  const date = new Date(ms);
  return `${String(date.getUTCFullYear()).padStart(4, "0")}-Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
}

/** Segment names become folder names (`archive load <segment>`): only `YYYY-Qn` may pass. */
export function isArchiveSegment(name: string): boolean {
  return SEGMENT.test(name);
}
