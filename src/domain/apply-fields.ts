import { isIdListField, isKnownField, setKnownField, type FieldChanges, type Task } from "./task.js";

/** Applies field values to a task model (`null` removes). Known fields become properties, the rest user fields. */
export function applyFields(task: Task, fields: FieldChanges): Task {
  const next: Task = { ...task, user: { ...task.user } };
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (!isKnownField(name)) {
      if (value === null) delete next.user[name];
      else next.user[name] = value;
    } else if (value === null) {
      setKnownField(next, name, name === "tags" || isIdListField(name) ? [] : undefined);
    } else {
      setKnownField(next, name, value);
    }
  }
  return next;
}
