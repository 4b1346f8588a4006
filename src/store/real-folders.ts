import { lstatSync, readlinkSync, type Stats } from "node:fs";
import { join } from "node:path";
import { BacklogError } from "../domain/errors.js";

/**
 * The task folder, the folders on its way from the repository root and its `archive/`,
 * `templates/` and `prompts/` must be real folders of the working tree (docs/reference/file-format.md, "The files in your repository"). Through a
 * symbolic link, task files would be read from and written outside the repository, and git
 * refuses to index a path beyond a link, so every later commit would fail; in a submodule they
 * would belong to another repository. The root itself may be reached through links (`/tmp` is
 * one on macOS): only what lies below it is looked at.
 */

const SUBFOLDERS = ["archive", "templates", "prompts"];

/**
 * Refuses a task folder that is not a real folder, before anything is read or written. Cheap
 * enough for every cold command: one `lstat` per folder (absent folders end the walk, as the
 * first write creates them).
 */
export function assertRealTaskFolder(root: string, dir: string): void {
  const parts = dir.split("/");
  for (let depth = 1; depth <= parts.length; depth++) {
    if (!isRealFolder(root, parts.slice(0, depth).join("/"))) return;
  }
  if (lookUp(root, `${dir}/.git`)) {
    throw new BacklogError(
      "refused",
      `${dir} is a git submodule or a repository of its own (it has a .git): task files there would be committed to that repository, not this one. ` +
        "Keep the tasks in a plain folder of this repository (`dir` in .backlog names it), or run git-backlog inside that other repository.",
      { path: dir, kind: "submodule" },
    );
  }
  for (const sub of SUBFOLDERS) isRealFolder(root, `${dir}/${sub}`);
}

/** Refuses to write any of `paths` (relative to the root) when a folder on its way is a symbolic link or not a folder. */
export function assertRealParents(root: string, paths: readonly string[]): void {
  const checked = new Set<string>();
  for (const path of paths) {
    const parts = path.split("/");
    for (let depth = 1; depth < parts.length; depth++) {
      const folder = parts.slice(0, depth).join("/");
      if (checked.has(folder)) continue;
      checked.add(folder);
      if (!isRealFolder(root, folder)) break;
    }
  }
}

/** True for a real folder, false when absent; anything else is refused. */
function isRealFolder(root: string, rel: string): boolean {
  const stat = lookUp(root, rel);
  if (!stat) return false;
  if (stat.isDirectory()) return true;
  if (stat.isSymbolicLink()) {
    throw new BacklogError(
      "refused",
      `${rel} is a symbolic link (to ${linkTarget(join(root, rel))}): the task folder must be a real folder of this repository, and so must the folders ` +
        "on its way and its archive/, templates/ and prompts/; through a link, task files would be read and written outside the repository. " +
        `Replace the link with a folder (\`rm ${rel} && mkdir ${rel}\`, then move the files in), commit that, and retry.`,
      { path: rel, kind: "symlink" },
    );
  }
  throw new BacklogError(
    "refused",
    `${rel} is ${stat.isFile() ? "a file" : "a FIFO, socket or device"}, not a folder: the task folder and its archive/, templates/ and prompts/ must be folders. ` +
      "Move it out of the way, or name another task folder with `dir` in .backlog.",
    { path: rel, kind: "not-a-folder" },
  );
}

function lookUp(root: string, rel: string): Stats | undefined {
  try {
    return lstatSync(join(root, rel));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    throw new BacklogError("io", `cannot look at ${rel}: ${(error as Error).message}`, { path: rel });
  }
}

function linkTarget(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return "somewhere else";
  }
}
