import { basename } from "node:path";
import { archiveSegment } from "../../domain/archive-segment.js";
import { BacklogError } from "../../domain/errors.js";
import type { Task } from "../../domain/task.js";
import { findArchived } from "../archived.js";
import type { Backlog } from "../backlog.js";
import { selectTasks, type FilterInput } from "../query.js";
import type { FileChange } from "../../store/writer.js";
import { batchRecord, readTaskText } from "../task-file.js";
import { transact } from "../transact.js";

/** Closed tasks whose end is this old are archived when no filter is given. */
export const DEFAULT_ARCHIVE_FILTER = "( status:done or status:deleted ) and end.before:now-90d";

export interface ArchiveResult {
  archived: Task[];
  sha?: string;
}

/**
 * Moves closed tasks into `archive/<year>-Q<n>/` by the quarter they ended, as one operation.
 * Only done or deleted tasks move; references to them from tasks that stay count as satisfied
 * (the rules know the archived ids), and `restore <id>` brings one back.
 */
export async function archiveTasks(backlog: Backlog, filter?: FilterInput): Promise<ArchiveResult> {
  const outcome = await transact(backlog, async () => {
    const selected = await selectTasks(backlog, filter && filter.length > 0 ? filter : DEFAULT_ARCHIVE_FILTER, { purpose: "write", statuses: "all" });
    const moving = selected.filter((task) => task.status === "done" || task.status === "deleted");
    if (moving.length === 0) throw new BacklogError("not-found", "nothing to archive: no done or deleted task matches (the default takes tasks ended 90+ days ago).");
    const changes = moving.flatMap((task) => {
      const content = readTaskText(backlog, task);
      const target = `${backlog.config.dir}/archive/${archiveSegment(task.ended ?? task.modified ?? backlog.now().toISOString())}/${basename(task.path)}`;
      return [
        { path: task.path, content: null },
        { path: target, content },
      ];
    });
    return { changes, record: batchRecord("archive", moving), result: { archived: moving } };
  });
  return outcome;
}

/** The changes that bring an archived task back into the task folder, unchanged (`restore`, one operation with the rest). */
export function unarchiveChanges(backlog: Backlog, id: number): { task: Task; changes: FileChange[] } {
  const task = findArchived(backlog, id);
  if (!task) throw new BacklogError("not-found", `no task ${id} in the archive.`, { id });
  if (backlog.index.get(id)) throw new BacklogError("conflict", `task ${id} exists both in the folder and in the archive`, { id }, [{ use: "doctor", does: "names both files" }]);
  // Read as the operation's read, so the writer knows the archived file it removes is expected there.
  const content = readTaskText(backlog, task);
  const target = `${backlog.config.dir}/${basename(task.path)}`;
  // A file there that is not a task (a broken one, a FIFO) is the user's: never written over.
  if (backlog.index.file(target)) {
    throw new BacklogError("conflict", `${target} is taken by a file that is not a usable task; move it away, then restore ${id}`, { id, path: target }, [{ use: "doctor", does: "says why" }]);
  }
  return {
    task,
    changes: [
      { path: task.path, content: null },
      { path: target, content },
    ],
  };
}
