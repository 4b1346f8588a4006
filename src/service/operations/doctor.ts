import { basename, join } from "node:path";
import { BacklogError } from "../../domain/errors.js";
import { checkBacklog } from "../../domain/rules/index.js";
import { taskFileName } from "../../domain/slug.js";
import type { Problem } from "../../domain/problem.js";
import { editTaskFile } from "../../format/edit-task-file.js";
import { parseTaskFile } from "../../format/parse-task-file.js";
import { checkMergeDriver } from "../../git/merge-driver-check.js";
import { fieldLine } from "../../format/frontmatter.js";
import { missingIdMessage } from "../../format/read-fields.js";
import { checkSubfolders } from "../../store/check-subfolders.js";
import { readTextFile } from "../../store/read-text-file.js";
import type { FileChange } from "../../store/writer.js";
import type { Backlog } from "../backlog.js";
import { allocateId, archivedIds, nextLocalId } from "../ids.js";
import { readTaskText } from "../task-file.js";
import { transact } from "../transact.js";
import { duplicateSides, renumberDuplicates } from "./renumber-duplicates.js";

/** Every problem in the backlog, by file: the task files, the rules across them, and the merge driver's setup. */
export async function diagnose(backlog: Backlog): Promise<Problem[]> {
  const fileProblems = [...withNextId(backlog, backlog.index.fileProblems()), ...checkSubfolders(backlog.root, backlog.config.dir)];
  const relational = checkBacklog(backlog.index.tasks(), { dir: backlog.config.dir, archivedIds: archivedIds(backlog) }).map((problem) => withLine(backlog, problem));
  const setup = backlog.repo ? await checkMergeDriver(backlog.repo, backlog.config.dir) : [];
  return [...fileProblems, ...relational, ...setup].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
}

/** The missing-id hint names the id doctor --fix would give, so a hand fix does not pick a taken one. */
function withNextId(backlog: Backlog, problems: readonly Problem[]): Problem[] {
  if (!problems.some((problem) => problem.code === "missing-id")) return [...problems];
  const message = missingIdMessage(nextLocalId(backlog));
  return problems.map((problem) => (problem.code === "missing-id" ? { ...problem, message } : problem));
}

/** The field each rule across files is about, so the problem can point at its line. */
const FIELD_OF: Partial<Record<Problem["code"], string>> = {
  "missing-dependency": "depends",
  "self-dependency": "depends",
  "dependency-cycle": "depends",
  "missing-related": "related",
  "self-related": "related",
  "missing-parent": "parent",
  "parent-cycle": "parent",
  "duplicate-id": "id",
  "file-name": "id",
  "done-parent-open-child": "status",
  "duplicate-id-after-merge": "id",
  "missing-dependency-after-merge": "depends",
  "missing-parent-after-merge": "parent",
};

/** The problem with the line of the field it is about, read from the working tree's file (none when the file is not there). */
export function withLine(backlog: Backlog, problem: Problem): Problem {
  const field = FIELD_OF[problem.code];
  if (problem.line !== undefined || !field) return problem;
  try {
    const line = fieldLine(readTextFile(join(backlog.root, problem.file), { file: problem.file }), field);
    return line === undefined ? problem : { ...problem, line };
  } catch {
    return problem;
  }
}

export interface DoctorFix {
  path: string;
  action: string;
}

/**
 * Repairs what is safe to repair without asking: files without an id get the next id and their
 * canonical name; of two files with one id (from a merge with another clone), the one that
 * arrived through the merge (else the newer by `created`, unless `keep` names a file) gets the
 * next id, and the references meant for it follow; files whose name does not match their id are
 * renamed. Nothing else changes, and all of it is one commit.
 */
export async function fixBacklog(backlog: Backlog, options: { keep?: readonly string[] } = {}): Promise<{ fixed: DoctorFix[]; problems: Problem[]; sha?: string }> {
  let fixed: DoctorFix[] = [];
  let sha: string | undefined;
  for (const path of options.keep ?? []) {
    const task = backlog.index.file(path)?.task;
    if (!task || backlog.index.tasks().filter((other) => other.id === task.id).length < 2) {
      throw new BacklogError("usage", `--keep ${path}: not a task file whose id another file has too; give its path from the repository root, as doctor prints it.`, { token: path });
    }
  }
  const needed = (await diagnose(backlog)).some((problem) => ["missing-id", "file-name", "duplicate-id"].includes(problem.code));
  if (needed) {
    const outcome = await transact(backlog, async () => {
      const changes: FileChange[] = [];
      const actions: DoctorFix[] = [];
      const moves: Record<string, string> = {};
      const taken = new Set(backlog.index.files().map((file) => file.path));
      let nextId = await allocateId(backlog);
      for (const file of backlog.index.files()) {
        const codes = new Set(file.problems.map((problem) => problem.code));
        // Only a file whose one problem is its missing id is read: a FIFO or a file in another
        // encoding is reported and left as it is.
        if (!file.task && codes.has("missing-id") && [...codes].every((code) => code === "missing-id")) {
          const id = nextId++;
          const content = editTaskFile(readTaskText(backlog, file), { id });
          const title = parseTaskFile(content, file.path).task?.title ?? "";
          const target = freePath(backlog, taskFileName(id, title), taken, file.path);
          changes.push({ path: file.path, content: null }, { path: target, content });
          moves[target] = file.path;
          actions.push({ path: file.path, action: `gave it id ${id} and renamed it to ${target}` });
        }
      }
      const sideOf = await duplicateSides(backlog);
      const renumber = renumberDuplicates(backlog, nextId, (name, current) => freePath(backlog, name, taken, current), { ...(sideOf && { sideOf }), ...(options.keep && { keep: options.keep }) });
      changes.push(...renumber.changes);
      Object.assign(moves, renumber.moves);
      actions.push(...renumber.actions);
      const changed = new Set(changes.map((change) => change.path));
      for (const problem of checkBacklog(backlog.index.tasks(), { dir: backlog.config.dir })) {
        if (problem.code !== "file-name" || problem.id === undefined || changed.has(problem.file)) continue;
        const task = backlog.index.file(problem.file)?.task;
        if (!task) continue;
        const target = freePath(backlog, taskFileName(task.id, task.title), taken, task.path);
        if (target === task.path) continue;
        changes.push({ path: task.path, content: null }, { path: target, content: readTaskText(backlog, task) });
        moves[target] = task.path;
        actions.push({ path: task.path, action: `renamed to ${target}` });
      }
      return { changes, moves, record: { op: "doctor", subject: `doctor --fix ${actions.length} ${actions.length === 1 ? "file" : "files"}`, taskIds: renumber.ids, trailers: renumber.trailers }, result: { actions } };
    });
    fixed = outcome.actions;
    sha = outcome.sha;
  }
  return { fixed, problems: await diagnose(backlog), ...(sha && { sha }) };
}

/** A path in the task folder for `name` that no file in `taken` holds (`-2`, `-3` … added), kept as taken. */
export function freePath(backlog: Backlog, name: string, taken: Set<string>, current: string): string {
  const path = `${backlog.config.dir}/${name}`;
  if (path === current || !taken.has(path)) {
    taken.add(path);
    return path;
  }
  const stem = basename(name, ".md");
  for (let n = 2; ; n++) {
    const candidate = `${backlog.config.dir}/${stem}-${n}.md`;
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
}
