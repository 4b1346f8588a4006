import { isIdListField, isKnownField, type FieldChanges, type Task } from "./task.js";

/** Applies field values to a task model (`null` removes). Known fields become properties, the rest user fields. */
export function applyFields(task: Task, fields: FieldChanges): Task {
  const next: Task = { ...task, user: { ...task.user } };
  const record = next as unknown as Record<string, unknown>;
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (!isKnownField(name)) {
      if (value === null) delete next.user[name];
      else next.user[name] = value;
    } else if (value === null) {
      if (name === "tags" || isIdListField(name)) record[name] = [];
      else delete record[name];
    } else {
      record[name] = value;
    }
  }
  return next;
}
