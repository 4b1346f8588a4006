/**
 * Which fields a change may set, and when (docs/reference/changes.md, "Fields a change cannot
 * set"): the one policy the command line's change words, the MCP server's field arguments, the
 * config's defaults and the service's `add` and `modify` all consult. A refusal names the field,
 * says why, and gives the way past it as remedies, which each front end names in its own words.
 */
import { BacklogError, type Remedy } from "./errors.js";

/**
 * Where a value for a field comes from: a change to a new task (`add`, `duplicate`, `log`), a
 * change to existing tasks (`modify`), or the config's defaults for every new task.
 */
export type SettingMode = "add" | "modify" | "default";

/** Why a field cannot be set in a mode; a mode a rule does not name may set it. */
interface FieldRule {
  /** Set by nothing: the backlog stamps or gives it. */
  never?: string;
  /** Given to a new task only. */
  modify?: string;
  /** Each task has its own, so no default may give it. */
  default?: string;
  /** How to get past the refusal, given the value asked for. */
  remedies?: (value: unknown) => readonly Remedy[];
}

/** The lifecycle step that moves a task to each status (docs/reference/changes.md, "Lifecycle"). */
function statusSteps(value: unknown): readonly Remedy[] {
  switch (typeof value === "string" ? value.trim().toLowerCase() : "") {
    case "active":
      return [{ use: "start", does: "moves it there" }];
    case "done":
    case "completed":
      return [{ use: "done", does: "moves it there" }];
    case "deleted":
      return [{ use: "delete", does: "moves it there" }];
    case "pending":
      return [{ use: ["stop", "restore"], does: "moves it back" }];
    default:
      return [{ use: ["start", "stop", "done", "delete", "restore"], does: "move it" }];
  }
}

const RULES: Readonly<Record<string, FieldRule>> = {
  id: { never: "a task keeps the id it was given" },
  created: { never: "it is stamped when a task is added" },
  modified: { never: "it is stamped on every change" },
  status: {
    modify: "a task moves through its lifecycle, which also stamps started and ended",
    default: "a new task is pending unless it is given a status",
    remedies: statusSteps,
  },
  started: { modify: "it is stamped when a task starts", default: "it is stamped when a task starts" },
  ended: { modify: "it is stamped when a task is done or deleted", default: "it is stamped when a task is done or deleted" },
  title: { default: "each task is given its own" },
  branch: { default: "a task started in a worktree of its own gets it" },
  worktree: { default: "a task started in a worktree of its own gets it" },
};

/**
 * The refusal of setting `field` (a field's own name, after aliases) in `mode`, or undefined when
 * it may be set. Without a mode, only what no mode may set is refused: a front end checks that
 * as it reads its input, and the service checks the rest once it knows the operation.
 */
export function settingRefusal(field: string, mode: SettingMode | undefined, value?: unknown): BacklogError | undefined {
  const rule = RULES[field];
  if (!rule) return undefined;
  const data = { field };
  const remedies = rule.remedies?.(value) ?? [];
  const noDefault = rule.default ?? rule.never;
  if (mode === "default" && noDefault) return new BacklogError("usage", `${field} cannot have a default (${noDefault}).`, data);
  if (rule.never) return new BacklogError("usage", `${field} cannot be set: ${rule.never}.`, data, remedies);
  if (mode === "modify" && rule.modify) return new BacklogError("usage", `${field} is given only to a new task: ${rule.modify}.`, data, remedies);
  return undefined;
}

/** Throws the refusal of setting `field` in `mode`, if there is one. */
export function assertSettable(field: string, mode: SettingMode | undefined, value?: unknown): void {
  const refusal = settingRefusal(field, mode, value);
  if (refusal) throw refusal;
}

/** Throws the refusal of the first field of `set` that cannot be set in `mode`. */
export function assertAllSettable(set: Readonly<Record<string, unknown>>, mode: SettingMode): void {
  for (const [field, value] of Object.entries(set)) assertSettable(field, mode, value);
}
