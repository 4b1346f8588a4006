import { BacklogError } from "../../domain/errors.js";
import { checkIsoDate } from "../../format/iso-date.js";
import { isTaskId, notATaskId } from "../../domain/task-id.js";
import { titleProblem } from "../../domain/title.js";
import { ID_LIST_FIELDS, isKnownField, isStatus, setKnownField, type IdListField, type Note, type Task, type UserValue } from "../../domain/task.js";

/** One task of an import, normalised from our JSON shape or Taskwarrior's export. */
export interface ImportItem {
  /** How other items refer to this one: its id or Taskwarrior uuid, as text. */
  key?: string;
  /** The id it asks for, when it has one. */
  id?: number;
  task: Omit<Task, "id" | "path">;
  /** References by key (`depends`, `related`, `parent`), resolved once every item has its id. */
  refs: Record<IdListField, string[]> & { parent?: string };
  /** The file name the task had where it was exported (`path`), kept when the task keeps its id. */
  fileName?: string;
}

const COMPUTED = new Set(["urgency", "blocked", "blocking", "ready", "path", "notes", "body"]);
const TASKWARRIOR_ONLY = new Set(["uuid", "description", "entry", "start", "end", "annotations", "imask", "mask", "recur", "rtype", "template", "urgency", "id"]);

export function fromImportItem(raw: unknown, index: number): ImportItem {
  const where = `import item ${index + 1}`;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new BacklogError("invalid", `${where} is not an object.`, { item: index + 1 });
  const item = raw as Record<string, unknown>;
  const taskwarrior = typeof item.description === "string" && item.title === undefined;
  const title = text(taskwarrior ? item.description : item.title);
  if (!title) throw new BacklogError("invalid", `${where}: a task needs a title${taskwarrior ? " (description)" : ""}.`, { item: index + 1 });
  const titleIssue = titleProblem(title);
  if (titleIssue) throw new BacklogError("invalid", `${where}: ${titleIssue}.`, { item: index + 1, field: "title" });
  const status = normaliseStatus(item.status, where);
  const task: Omit<Task, "id" | "path"> = { title, status, tags: stringList(item.tags), depends: [], related: [], user: {}, body: bodyText(item.body), notes: [] };
  for (const [name, value] of Object.entries(item)) {
    if (["id", "title", "status", "tags", ...ID_LIST_FIELDS, "parent", "body"].includes(name) || COMPUTED.has(name)) continue;
    if (taskwarrior && TASKWARRIOR_ONLY.has(name)) continue;
    if (isKnownField(name)) setKnownField(task, name, /^(due|scheduled|wait|until|created|modified|started|ended)$/.test(name) ? isoDate(value, `${where}: ${name}`) : value);
    else task.user[name] = value as UserValue;
  }
  if (taskwarrior) {
    for (const [from, to] of [["entry", "created"], ["start", "started"], ["end", "ended"], ["due", "due"], ["scheduled", "scheduled"], ["wait", "wait"], ["until", "until"], ["modified", "modified"]] as const) {
      if (item[from] !== undefined) setKnownField(task, to, isoDate(item[from], `${where}: ${from}`));
    }
    if (typeof item.recur === "string") task.recur = item.recur;
    task.notes = annotations(item.annotations);
    if (task.notes.length > 0) task.body = `## Notes\n${task.notes.map((note) => `- ${note.time} ${note.author}: ${note.text}`).join("\n")}\n`;
  }
  const key = taskwarrior ? text(item.uuid) : item.id === undefined ? undefined : scalar(item.id);
  // Taskwarrior's `id` is its working-set number (0 once done), not ours: only its uuid counts.
  if (!taskwarrior && typeof item.id === "number" && !isTaskId(item.id)) {
    throw new BacklogError("invalid", `${where} (${title}): id ${notATaskId(item.id)}; leave the id out to get the next free one.`, { item: index + 1, id: item.id });
  }
  const id = typeof item.id === "number" ? item.id : undefined;
  const fileName = typeof item.path === "string" ? item.path.slice(item.path.lastIndexOf("/") + 1) : undefined;
  return {
    ...(key !== undefined && { key }),
    ...(id !== undefined && !taskwarrior && { id }),
    ...(fileName && !taskwarrior && { fileName }),
    task,
    refs: { depends: refList(item.depends), related: refList(item.related), ...(item.parent !== undefined && item.parent !== null && { parent: scalar(item.parent) }) },
  };
}

/** A JSON value as text for a reference or a message: `{"id":3}` rather than `[object Object]`. */
function scalar(value: unknown): string {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** The body as exported, ending in one newline as a task file's body does (`text` would trim it away). */
function bodyText(value: unknown): string {
  if (typeof value !== "string") return "";
  const body = value.replace(/\s+$/, "");
  return body === "" ? "" : `${body}\n`;
}

function normaliseStatus(value: unknown, where: string): Task["status"] {
  if (value === undefined) return "pending";
  const lower = scalar(value).toLowerCase();
  const mapped = lower === "completed" ? "done" : lower === "waiting" || lower === "recurring" ? "pending" : lower;
  if (!isStatus(mapped)) throw new BacklogError("invalid", `${where}: status "${scalar(value)}" is not pending, active, done or deleted.`);
  return mapped;
}

function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "string") return value.split(/[,\s]+/).filter(Boolean);
  return [];
}

function refList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "string") return value.split(/[,\s]+/).filter(Boolean);
  if (typeof value === "number") return [String(value)];
  return [];
}

/** Accepts ISO dates and Taskwarrior's compact `20261121T100211Z`. */
function isoDate(value: unknown, where: string): string {
  const raw = String(value);
  const compact = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(raw);
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}T${compact[4]}:${compact[5]}:${compact[6]}Z`;
  const verdict = checkIsoDate(raw);
  if (verdict === "ok") return raw;
  if (verdict === "no-zone") throw new BacklogError("invalid", `${where}: "${raw}" has a time but no zone; add Z or an offset (+02:00).`);
  throw new BacklogError("invalid", `${where}: "${raw}" is not a date (ISO 8601 or Taskwarrior's 20261121T100211Z).`);
}

function annotations(value: unknown): Note[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    if (typeof entry !== "object" || entry === null) return [];
    const { entry: time, description } = entry as Record<string, unknown>;
    if (typeof description !== "string") return [];
    return [{ time: time === undefined ? "" : isoDate(time, "annotation"), author: "taskwarrior", text: description.replace(/\s*\n\s*/g, " ") }];
  });
}
