import { HAND_EDIT_OP, type LogEntry } from "./history.js";

/**
 * What undo and redo may take, from replaying this branch's operations (first-parent line)
 * oldest first. Pure: the log is read by the caller.
 *
 * An operation or a redo goes on the undo stack; an undo takes its operations off it and goes
 * on the redo stack; a redo takes its undo off that. A new operation ends the redo of its own
 * author's undos only: another agent's work does not take your redo away (the file check
 * still refuses a redo whose files were changed since). Hand-edit commits are on neither
 * stack: they are never reverted and never end a run of operations.
 */

/** Whose operations a call takes: one author email and agent's (docs/reference/git.md, "Undo and redo"), or everyone's. */
export type Owner = { email: string; agent: string | undefined } | "any";

export interface Stacks {
  /** Operations and redos not undone, everyone's, oldest first. */
  undoable: LogEntry[];
  /** Undos not redone and not ended by a new operation of their author, everyone's, oldest first. */
  redoable: LogEntry[];
  /** The shas of commits whose effect was reversed by an undo or redo since. */
  reversed: Set<string>;
}

export function replayStacks(newestFirst: readonly LogEntry[]): Stacks {
  let undoable: LogEntry[] = [];
  let redoable: LogEntry[] = [];
  const reversed = new Set<string>();
  for (const entry of [...newestFirst].reverse()) {
    if (entry.op === HAND_EDIT_OP) continue;
    if (entry.op === "undo") {
      for (const sha of entry.undoes ?? []) reversed.add(sha);
      undoable = undoable.filter((candidate) => !reversed.has(candidate.sha));
      redoable.push(entry);
    } else if (entry.op === "redo") {
      if (entry.redoes) reversed.add(entry.redoes);
      redoable = redoable.filter((candidate) => candidate.sha !== entry.redoes);
      undoable.push(entry);
    } else {
      undoable.push(entry);
      const author = ownerKey(entry);
      redoable = redoable.filter((candidate) => ownerKey(candidate) !== author);
    }
  }
  return { undoable, redoable, reversed };
}

export function isOwnedBy(entry: LogEntry, owner: Owner): boolean {
  return owner === "any" || ownerKey(entry) === ownerKey(owner);
}

/**
 * The commits after the oldest of `reverted` that stay in place although the call walked past
 * them: others' operations, undos and redos still in effect, and hand edits. Newest first.
 */
export function passedOver(newestFirst: readonly LogEntry[], stacks: Stacks, reverted: readonly LogEntry[], owner: Owner): LogEntry[] {
  const taken = new Set(reverted.map((entry) => entry.sha));
  const oldest = Math.max(...newestFirst.map((entry, at) => (taken.has(entry.sha) ? at : -1)));
  return newestFirst
    .slice(0, Math.max(oldest, 0))
    .filter((entry) => !taken.has(entry.sha) && !stacks.reversed.has(entry.sha) && (entry.op === HAND_EDIT_OP || !isOwnedBy(entry, owner)));
}

/**
 * Emails compare without case (hosts do, and git users rarely mean two people by case alone);
 * agents as their trailer holds them, whitespace folded.
 */
function ownerKey(who: { email: string; agent?: string | undefined }): string {
  return `${who.email.trim().toLowerCase()}\0${(who.agent ?? "").replace(/\s+/g, " ").trim()}`;
}
