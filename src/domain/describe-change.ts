import type { FieldDelta, TaskChange } from "./backlog-diff.js";

/**
 * One wording of a task's change, for every front end (the CLI's text and pull-request comment,
 * the MCP tool's summary): `priority M → H; status pending → active (claimed by claude);
 * +security; depends +7; 1 note added; body +12 −3 lines`: its parts, in the order a reviewer
 * reads them.
 */
export function describe(change: TaskChange): string[] {
  const parts: string[] = [];
  switch (change.kind) {
    case "renumbered":
      parts.push(`renumbered #${change.previousId ?? "?"} → #${change.id}`);
      break;
    case "renamed":
      parts.push(`renamed from ${change.previousPath ?? "?"}`);
      break;
    case "archived":
      parts.push(`moved to the archive (${segmentOf(change.path)})`);
      break;
    case "unarchived":
      parts.push("restored from the archive");
      break;
    case "deleted":
      parts.push("file deleted");
      break;
    case "added":
    case "changed":
      break;
  }
  if (change.kind === "added" || change.kind === "deleted") {
    const fields = change.fields.map((delta) => wholeField(delta.field, delta.after ?? delta.before));
    if (change.kind === "added") parts.push(change.status === "pending" ? "new" : `new, ${change.status}`, ...fields);
  } else {
    const status = change.fields.find((delta) => delta.field === "status");
    const claimedBy = status?.after === "active" ? change.fields.find((delta) => delta.field === "assignee")?.after : undefined;
    for (const delta of change.fields) {
      if (delta.field === "assignee" && claimedBy !== undefined) continue;
      parts.push(fieldChange(delta) + (delta === status && claimedBy !== undefined ? ` (claimed by ${text(claimedBy)})` : ""));
    }
  }
  const { added, removed } = change.notes;
  if (change.kind !== "deleted") {
    if (added.length > 0) parts.push(`${added.length} note${added.length === 1 ? "" : "s"} added`);
    if (removed.length > 0) parts.push(`${removed.length} note${removed.length === 1 ? "" : "s"} removed`);
    if (change.kind !== "added" && (change.body.added > 0 || change.body.removed > 0)) parts.push(`body +${change.body.added} −${change.body.removed} lines`);
  }
  return parts;
}

function fieldChange(delta: FieldDelta): string {
  const { field, before, after } = delta;
  if (Array.isArray(before) || Array.isArray(after)) {
    const was = new Set((Array.isArray(before) ? before : []).map(String));
    const now = new Set((Array.isArray(after) ? after : []).map(String));
    const added = [...now].filter((value) => !was.has(value));
    const removed = [...was].filter((value) => !now.has(value));
    const moves = [...added.map((value) => `+${value}`), ...removed.map((value) => `−${value}`)].join(" ");
    return field === "tags" ? moves : `${field} ${moves}`;
  }
  if (before === undefined) return `${field} ${text(after)}`;
  if (after === undefined) return `${field} ${text(before)} removed`;
  return `${field} ${text(before)} → ${text(after)}`;
}

function wholeField(field: string, value: unknown): string {
  if (field === "tags" && Array.isArray(value)) return value.map((tag) => `+${String(tag)}`).join(" ");
  return `${field} ${text(value)}`;
}

function text(value: unknown): string {
  if (Array.isArray(value)) return value.map(text).join(",");
  if (typeof value === "string") return value.replace(/T00:00:00Z$/, "");
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

function segmentOf(path: string): string {
  const parts = path.split("/");
  return parts[parts.length - 2] ?? "";
}

