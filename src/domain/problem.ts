import { describeRemedies, type Action, type Remedy } from "./errors.js";

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
  | "merge-driver-outdated"
  // What only a merge with the base branch would bring (`check`):
  | "duplicate-id-after-merge"
  | "missing-dependency-after-merge"
  | "missing-parent-after-merge";

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

/**
 * What gets past a problem, by its code: each front end names the action in its own words, as
 * for errors (`describeRemedies`). Problems without one are fixed in the file itself.
 */
const REMEDIES: Partial<Record<ProblemCode, Remedy>> = {
  "missing-id": { use: "doctor-fix", does: "adds it" },
  "duplicate-id": { use: "doctor-fix", does: "gives the newer task a new id (references to it are updated)" },
  "file-name": { use: "doctor-fix", does: "renames the file (the id in the frontmatter is what counts)" },
  "merge-driver-missing": { use: "init", does: "sets it up" },
  "merge-driver-outdated": { use: "init", does: "registers this installation by absolute path" },
};

export function problemRemedies(problem: Pick<Problem, "code">): readonly Remedy[] {
  const remedy = REMEDIES[problem.code];
  return remedy ? [remedy] : [];
}

/** A problem's message followed by its remedy, the action named by the front end's `name`. */
export function describeProblem(problem: Pick<Problem, "code" | "message">, name: (action: Action, id: number | undefined) => string): string {
  const remedies = problemRemedies(problem);
  if (remedies.length === 0) return problem.message;
  return `${problem.message.replace(/\.$/, "")}; ${describeRemedies(remedies, name)}.`;
}
