import { BacklogError, type Remedy } from "../domain/errors.js";
import { parseTrailers, trailerValues } from "./commit-message.js";
import { runGit, repoEnv } from "./git-cli.js";
import { HAND_EDIT_OP, readLog, type LogEntry } from "./history.js";
import type { RepoPaths } from "./repo-paths.js";
import { isOwnedBy, type Owner, type Stacks } from "./undo-stacks.js";

/**
 * Why undo or redo refuses, in words that say what the user can do about it: whose operations
 * were left out, which arrived through a merge, and which later commit changed a file.
 * These run only when refusing, so they may read more history than planning does.
 */

/** Who made a commit, as answers and refusals name it. */
function byWhom(entry: { author: string; agent?: string | undefined }): string {
  return entry.agent ? `${entry.author}, agent ${entry.agent}` : entry.author;
}

function ownerText(owner: Exclude<Owner, "any">): string {
  return `${owner.email}, ${owner.agent ? `agent ${owner.agent}` : "no agent"}`;
}

export async function tooFewToUndo(paths: RepoPaths, firstParentLog: readonly LogEntry[], stacks: Stacks, owner: Owner, count: number): Promise<BacklogError> {
  const mine = stacks.undoable.filter((entry) => isOwnedBy(entry, owner));
  const others = stacks.undoable.length - mine.length;
  let message: string;
  if (stacks.undoable.length === 0) message = "There is no backlog operation to undo on this branch.";
  else if (owner === "any") message = `Only ${mine.length} of the backlog operations on this branch can be undone, not ${count}.`;
  else if (mine.length === 0) {
    const newest = stacks.undoable[stacks.undoable.length - 1]!;
    message =
      `None of the ${plural(others, "backlog operation")} on this branch that can be undone is yours (${ownerText(owner)}); ` +
      `the newest is "${newest.message}" by ${byWhom(newest)}.`;
  } else {
    message = `Only ${mine.length} of your backlog operations (${ownerText(owner)}) can be undone on this branch, not ${count}.`;
    if (others > 0) message += ` ${plural(others, "operation")} by others ${others === 1 ? "is" : "are"} passed over.`;
  }
  message += await mergedIn(paths, firstParentLog);
  const remedies: Remedy[] = owner !== "any" && others > 0 ? [{ use: "any", does: "includes everyone's" }] : [];
  return new BacklogError("refused", message, { available: mine.length, others }, remedies);
}

export function nothingToRedo(stacks: Stacks, owner: Owner): BacklogError {
  if (owner === "any") return new BacklogError("refused", "There is nothing to redo on this branch: no undo since the last operation.");
  const others = stacks.redoable.length;
  const message = `There is nothing of yours (${ownerText(owner)}) to redo on this branch: no undo of yours since your last operation.`;
  if (others === 0) return new BacklogError("refused", message, { others });
  return new BacklogError("refused", `${message} ${plural(others, "undo")} by others can be redone.`, { others }, [{ use: "any", does: "redoes them" }]);
}

/**
 * Operations in the branch's history that are not on its first-parent line: they came in
 * through a merge, and undo does not reach them (their files may have been merged with others').
 */
async function mergedIn(paths: RepoPaths, firstParentLog: readonly LogEntry[]): Promise<string> {
  const own = new Set(firstParentLog.map((entry) => entry.sha));
  const merged = (await readLog({ root: paths.root })).filter((entry) => !own.has(entry.sha) && entry.op !== HAND_EDIT_OP);
  const newest = merged[0];
  if (!newest) return "";
  const merge = await runGit(["log", "--first-parent", "--merges", "-1", "--format=%H%x1f%s", "HEAD", "--"], { cwd: paths.root, env: repoEnv(paths) });
  const [sha = "", subject = ""] = merge.stdout.toString("utf8").trim().split("\x1f");
  const more = merged.length > 1 ? ` and ${merged.length - 1} more` : "";
  return (
    ` ${plural(merged.length, "operation")} came in through a merge: "${newest.message}" by ${byWhom(newest)}${more} (the newest merge: ${sha.slice(0, 12)} "${subject}"). ` +
    "Undo follows this branch's own line, the first parent of each merge, so an operation merged in can be undone only on the branch or in the clone that made it."
  );
}

/** A file of the reverted commits was changed in the working tree since the last of them that touched it. */
export function changedInWorkingTree(path: string, since: LogEntry): BacklogError {
  return new BacklogError(
    "conflict",
    `${path} was changed in the working tree since ${quote(since)}; undoing or redoing it would overwrite that change, so nothing was changed. Commit or revert that change by hand first.`,
    { path, sha: since.sha },
  );
}

/**
 * A file of the reverted commits was changed by a commit after the last of them that touched it
 * (`since`) and before `until`: another's operation, a hand edit, a merge. Names that commit.
 */
export async function changedByCommit(paths: RepoPaths, path: string, since: LogEntry, until: string): Promise<BacklogError> {
  const after = quote(since);
  const data = { path, sha: since.sha };
  const args = ["--literal-pathspecs", "log", "--first-parent", "-1", "--format=%H%x1f%an <%ae>%x1f%B", `${since.sha}..${until}`, "--", path];
  const found = await runGit(args, { cwd: paths.root, env: repoEnv(paths) });
  const [sha, author, body] = found.stdout.toString("utf8").split("\x1f");
  if (!sha || author === undefined || body === undefined) {
    return new BacklogError("conflict", `${path} was changed by a later commit since ${after}; undoing or redoing it would overwrite that change, so nothing was changed.`, data);
  }
  const trailers = parseTrailers(body);
  const op = trailerValues(trailers, "Backlog-Op")[0];
  const agent = trailerValues(trailers, "Backlog-Agent")[0];
  const operation = op !== undefined && op !== HAND_EDIT_OP;
  const fix = operation ? "Undo that operation first, or change the file by hand instead." : "Change the file by hand instead, or revert that commit with git first if it should go.";
  return new BacklogError(
    "conflict",
    `${path} was changed by a later commit, "${body.split("\n")[0]}" (${sha.slice(0, 12)} by ${byWhom({ author, agent })}), since ${after}; ` +
      `undoing or redoing it would overwrite that change, so nothing was changed. ${fix}`,
    { ...data, changedBy: sha },
    operation ? [{ use: "any", does: "lets you undo it when it is not yours" }] : [],
  );
}

function quote(entry: LogEntry): string {
  return `"${entry.message}" (${entry.sha.slice(0, 12)})`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
