import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BacklogError } from "../domain/errors.js";
import { runGit } from "./git-cli.js";

/**
 * git's own line merge (`git merge-file`), for what a field merge cannot decide: the document part
 * of a task's body, or a whole file that is not a task. Needs no repository.
 */

export interface TextMerge {
  text: string;
  /** Conflict markers were written into `text`. */
  conflicted: boolean;
}

/** The labels on conflict markers: `<<<<<<< ours`, `>>>>>>> theirs`. */
const LABELS = ["-L", "ours", "-L", "base", "-L", "theirs"] as const;

/** Three-way merges three texts in a private temp folder; the inputs are never touched. */
export async function mergeText(base: string, ours: string, theirs: string): Promise<TextMerge> {
  const folder = await mkdtemp(join(tmpdir(), "git-backlog-merge-"));
  try {
    const [o, a, b] = ["base", "ours", "theirs"].map((name) => join(folder, name)) as [string, string, string];
    await Promise.all([writeFile(o, base), writeFile(a, ours), writeFile(b, theirs)]);
    const result = await runGit(["merge-file", "-p", ...LABELS, a, o, b], { cwd: folder });
    return { text: result.stdout.toString("utf8"), conflicted: checkExit(result.code, result.stderr) > 0 };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** `git merge-file` on the driver's own files: the result replaces `ours`, as git expects of a driver. */
export async function mergeFileInPlace(basePath: string, oursPath: string, theirsPath: string, cwd: string): Promise<boolean> {
  const result = await runGit(["merge-file", ...LABELS, oursPath, basePath, theirsPath], { cwd });
  return checkExit(result.code, result.stderr) > 0;
}

/** merge-file exits with the number of conflicts (capped at 127), or a negative number on failure. */
function checkExit(code: number, stderr: string): number {
  if (code >= 0 && code < 128) return code;
  throw new BacklogError("git", `git merge-file failed: ${stderr || `exit code ${code}`}`, { stderr });
}
