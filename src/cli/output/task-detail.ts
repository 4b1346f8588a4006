import type { TaskFacts } from "../../domain/facts.js";
import { isIdListField, KNOWN_FIELDS, type Task } from "../../domain/task.js";
import type { Story, TaskRef } from "../../service/task-detail.js";
import type { Style } from "../io.js";
import { statusStyle } from "./task-table.js";

/** What `show` names besides the task itself: its story, and the tasks it links to by id. */
export interface DetailLinks {
  story: Story | undefined;
  /** A linked task (parent, dependency, related) by its title; undefined when it is not in the backlog. */
  ref(id: number): TaskRef | undefined;
}

/** `show`: every field that is set, the computed state, the story, then the document and the notes. */
export function renderTaskDetail(task: Task, facts: TaskFacts | undefined, links: DetailLinks, paint: (style: Style, text: string) => string): string {
  const lines: string[] = [paint("bold", `#${task.id} ${task.title}`)];
  const rows: [string, string][] = [];
  const refText = (ref: TaskRef): string => `#${ref.id} ${ref.title} ${paint(statusStyle(ref.status), `[${ref.status}]`)}`;
  const linked = (id: number): string => {
    const ref = links.ref(id);
    return ref ? refText(ref) : `#${id} (not in the backlog)`;
  };
  for (const field of KNOWN_FIELDS) {
    if (field === "id" || field === "title") continue;
    const value = task[field];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    if (field === "parent") {
      rows.push([field, linked(task.parent!)]);
      continue;
    }
    // One line per linked task, named under the field, so a list of links reads like the story's children.
    if (isIdListField(field)) {
      task[field].forEach((id, index) => rows.push([index === 0 ? field : "", linked(id)]));
      continue;
    }
    const text = Array.isArray(value) ? value.join(", ") : typeof value === "string" || typeof value === "number" ? String(value) : JSON.stringify(value);
    rows.push([field, field === "status" ? paint(statusStyle(task.status), text) : text]);
  }
  for (const [name, value] of Object.entries(task.user)) rows.push([name, typeof value === "string" ? value : JSON.stringify(value)]);
  if (facts) {
    const state = [facts.duplicate && paint("yellow", "⚠dup: another file has this id (git-backlog doctor --fix)"), facts.ready && "ready", facts.blocked && `blocked by ${facts.blockedBy.join(", ")}`, facts.blocking && `blocking ${facts.blocks.join(", ")}`, facts.waiting && "waiting", facts.overdue && "overdue"].filter(Boolean);
    if (state.length > 0) rows.push(["state", state.join("; ")]);
    rows.push(["urgency", facts.urgency.toFixed(2)]);
  }
  if (links.story) {
    const { children, progress } = links.story;
    rows.push(["children", `${progress.done}/${progress.total} done`]);
    for (const child of children) rows.push(["", refText(child)]);
  }
  rows.push(["file", task.path]);
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, value] of rows) lines.push(`${paint("gray", name.padEnd(width))}  ${value}`);
  const body = task.body.trim();
  if (body) lines.push("", body);
  return lines.join("\n") + "\n";
}
