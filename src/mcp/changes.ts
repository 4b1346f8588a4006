import { z } from "zod";
import { emptyChanges, normaliseValue, USER_FIELD, type TaskChanges } from "../domain/changes.js";
import { TASKWARRIOR_NAMES } from "../domain/field-names.js";
import { BacklogError } from "../domain/errors.js";
import { assertSettable } from "../domain/field-policy.js";
import { ID_LIST_FIELDS, isKnownField } from "../domain/task.js";
import { isTaskId, notATaskId } from "../domain/task-id.js";

/** The fields a tool may set on a task: the common ones by name, anything else (type, parent, your own) through `set`. */
export const fieldsShape = {
  priority: z.enum(["H", "M", "L"]).optional(),
  project: z.string().optional(),
  assignee: z.string().optional(),
  due: z.string().optional().describe("2026-12-01, friday, eow, +3d"),
  // Strings only (an empty one clears): a `string | null` type is not portable to every model's schema dialect.
  set: z.record(z.string(), z.string()).optional().describe('{"type":"bug"}; "" clears'),
};

export interface FieldsInput {
  priority?: string | undefined;
  project?: string | undefined;
  assignee?: string | undefined;
  due?: string | undefined;
  set?: Record<string, string> | undefined;
  tags?: string[] | undefined;
  depends?: number[] | undefined;
  related?: number[] | undefined;
}

/** Fields with an argument of their own, so `set` does not take them. */
const OWN_ARGUMENT: ReadonlySet<string> = new Set(["title", "tags", "depends", "related"]);

/**
 * Turns a tool's structured input into the service's TaskChanges, validating names and values at
 * the boundary. On `modify`, tags and id lists are edits: `"-wip"` removes a tag, `-7` an id from `depends` or `related`.
 */
export function changesFrom(input: FieldsInput, now: Date, mode: "add" | "modify"): TaskChanges {
  const changes = emptyChanges();
  const named: Record<string, string> = {
    ...(input.priority !== undefined && { priority: input.priority }),
    ...(input.project !== undefined && { project: input.project }),
    ...(input.assignee !== undefined && { assignee: input.assignee }),
    ...(input.due !== undefined && { due: input.due }),
  };
  for (const [raw, value] of Object.entries({ ...input.set, ...named })) {
    const lower = raw.toLowerCase();
    const name = TASKWARRIOR_NAMES[lower] ?? (isKnownField(lower) ? lower : raw);
    if (OWN_ARGUMENT.has(name)) throw new BacklogError("usage", `"${raw}" is not given in set: give \`${name}\`.`, { field: raw });
    // What no change may set is refused here; the service refuses the rest per operation (`domain/field-policy.ts`).
    assertSettable(name, undefined, value);
    if (!isKnownField(name) && !USER_FIELD.test(name)) {
      throw new BacklogError("usage", `"${raw}" is not a field name; your own fields are lower-case words (a-z, 0-9, _).`, { field: raw });
    }
    if (value.trim() === "") changes.set[name] = null;
    else changes.set[name] = normaliseValue(name, value.trim(), `${raw}: ${value}`, now);
  }
  for (const tag of input.tags ?? []) {
    const clean = tag.trim().replace(/^\+/, "");
    if (mode === "modify" && clean.startsWith("-")) changes.removeTags.push(clean.slice(1));
    else if (clean !== "") changes.addTags.push(clean);
  }
  for (const name of ID_LIST_FIELDS) {
    for (const id of input[name] ?? []) {
      if (!isTaskId(Math.abs(id)) || (id < 0 && mode === "add")) throw new BacklogError("usage", `${name}: ${notATaskId(id)}.`, { field: name });
      (id < 0 ? changes.ids[name].remove : changes.ids[name].add).push(Math.abs(id));
    }
  }
  return changes;
}
