/** A problem found in a task file or across the backlog: reported by the index and `doctor`, never thrown. */

export type ProblemCode =
  | "no-frontmatter"
  | "yaml-syntax"
  | "missing-id"
  | "bad-id"
  | "missing-title"
  | "bad-field"
  | "bad-status"
  | "bad-priority"
  | "bad-type"
  | "bad-date"
  | "missing-dependency"
  | "self-dependency"
  | "dependency-cycle"
  | "missing-related"
  | "self-related"
  | "missing-parent"
  | "parent-cycle"
  | "duplicate-id"
  | "file-name"
  | "done-parent-open-child"
  | "conflict-markers"
  | "unreadable"
  | "not-utf8"
  | "not-a-regular-file"
  | "merge-driver-missing"
  | "merge-driver-outdated";

export interface Problem {
  /** Path relative to the repository root. */
  file: string;
  line?: number;
  column?: number;
  code: ProblemCode;
  message: string;
  /** Errors keep a file out of the index; warnings leave it in. */
  severity: "error" | "warning";
  /** The task the problem is about, when its id is known. */
  id?: number;
  /** A write rule that `force` overrides. */
  overridable?: boolean;
}
