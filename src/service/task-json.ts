import { KNOWN_FIELDS, type Task } from "../domain/task.js";
import type { TaskFacts } from "../domain/facts.js";

/**
 * The stable JSON shape of a task (SPEC §9), for `--json` and MCP `structuredContent`: every
 * frontmatter field present in the file (user fields too), then `body`, `notes`, `path`, and the
 * computed `urgency`, `blocked`, `blocking`, `ready`, and `duplicate: true` only while another file
 * holds the same id (SPEC §4). Computed names win over a user field of the same name.
 */
export function taskToJson(task: Task, facts: TaskFacts | undefined, options: { body?: boolean } = {}): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  const record = task as unknown as Record<string, unknown>;
  for (const field of KNOWN_FIELDS) {
    const value = record[field];
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    json[field] = value;
  }
  for (const [name, value] of Object.entries(task.user)) json[name] = value;
  if (options.body !== false) json.body = task.body;
  json.notes = task.notes;
  json.path = task.path;
  json.urgency = Math.round((facts?.urgency ?? 0) * 1000) / 1000;
  json.blocked = facts?.blocked ?? false;
  json.blocking = facts?.blocking ?? false;
  json.ready = facts?.ready ?? false;
  if (facts?.duplicate) json.duplicate = true;
  return json;
}
