/**
 * Field defaults for new tasks (config `defaults`), read as the change words they stand for
 * (`priority: H` is `priority:H`), so a default can set nothing a change could not, passes the
 * same checks, and is then judged by the same write rules. Read once when the config loads (so a
 * bad one is a config error in every command) and again at each `add`, against its clock.
 */
import { applyChange, emptyChanges, USER_FIELD, type TaskChanges } from "./changes.js";
import { TASKWARRIOR_NAMES } from "./field-names.js";
import { BacklogError, isBacklogError } from "./errors.js";
import { settingRefusal } from "./field-policy.js";
import { isKnownField } from "./task.js";

export type DefaultValue = string | number | boolean | (string | number)[];

/** The changes the defaults make to a new task; a refusal names the config file and the key. */
export function defaultChanges(defaults: Readonly<Record<string, DefaultValue>>, now: Date, file = ".backlog"): TaskChanges {
  const changes = emptyChanges();
  for (const [key, value] of Object.entries(defaults)) {
    const lower = key.toLowerCase();
    const name = TASKWARRIOR_NAMES[lower] ?? (isKnownField(lower) ? lower : key);
    const fail = (message: string): never => {
      throw new BacklogError("invalid", `${file}: ${message}`, { file, key: `defaults.${key}` });
    };
    const refusal = settingRefusal(name, "default");
    if (refusal) fail(`defaults.${key}: ${refusal.message.replace(/\.$/, "")}; remove it from defaults.`);
    if (!isKnownField(name)) {
      if (!USER_FIELD.test(name)) fail(`defaults.${key}: "${key}" is not a field name; your own fields are lower-case words (a-z, 0-9, _).`);
      // A user field keeps the type YAML gave it, as it would in a task file.
      changes.set[name] = value;
      continue;
    }
    const text = Array.isArray(value) ? value.join(",") : String(value);
    try {
      applyChange(changes, name, text, `defaults.${key}: ${text}`, now, "add");
    } catch (error) {
      if (!isBacklogError(error)) throw error;
      fail(error.message);
    }
  }
  return changes;
}
