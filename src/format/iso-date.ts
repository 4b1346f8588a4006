/**
 * The date forms a task file may hold (ISO 8601, UTC when they carry a time: docs/reference/file-format.md, "How values are read"), read by
 * the one ISO reader so a file's dates mean what the filter, sort and urgency read from them.
 * The string is kept as written; this only decides whether it is acceptable.
 */

import { readIsoTime } from "../domain/iso-time.js";

export type DateVerdict = "ok" | "no-zone" | "invalid";

/**
 * `2026-12-01`, `2026-12-01T10:02:11Z`, `2026-12-01T10:02:11.5+02:00`, and the same with a space
 * instead of `T` are ok. A time without a zone is refused: JavaScript would read it as local time,
 * so two machines would disagree about when it is. Surrounding space is refused too.
 */
export function checkIsoDate(value: string): DateVerdict {
  const read = readIsoTime(value);
  if (!read) return "invalid";
  return read.hasTime && !read.hasZone ? "no-zone" : "ok";
}

export function isIsoDate(value: string): boolean {
  return checkIsoDate(value) === "ok";
}
