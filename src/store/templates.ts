import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BacklogError } from "../domain/errors.js";
import { assertRealParents } from "./real-folders.js";

/** The package's own `templates/` folder (beside `dist/`). */
export const PACKAGE_TEMPLATES = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "templates");

const NAME = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * Reads a template by name: the repository's `<dir>/<kind>/<name>.md` overrides the built-in
 * `templates/<kind>/<name>.md`. Names are checked so they can never leave their folder, and the
 * repository's file must be a regular file there: a symbolic link is refused, never followed, so
 * a prompt can never serve a file from outside the repository.
 */
export function readTemplate(options: { root: string; dir: string; kind: "tasks" | "prompts"; name: string }): string {
  const { root, dir, kind, name } = options;
  if (!NAME.test(name)) throw new BacklogError("usage", `template name "${name}" may hold only a-z, 0-9, "-" and "_".`, { name });
  const own = readOwnTemplate(root, `${dir}/${kind === "tasks" ? "templates" : "prompts"}/${name}.md`);
  if (own !== undefined) return own;
  try {
    return readFileSync(join(PACKAGE_TEMPLATES, kind, `${name}.md`), "utf8");
  } catch {
    // not a built-in either
  }
  const known = listTemplates(options).join(", ");
  throw new BacklogError("usage", `no ${kind === "tasks" ? "task" : "prompt"} template "${name}"; known: ${known || "none"}.`, { name });
}

/** The repository's own template at `rel`, undefined when there is none. */
function readOwnTemplate(root: string, rel: string): string | undefined {
  assertRealParents(root, [rel]);
  let fd: number;
  try {
    // O_NOFOLLOW: a link is refused by the open itself, so it cannot be swapped in after a check;
    // O_NONBLOCK: a FIFO put there does not hang the open.
    fd = openSync(join(root, rel), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    if (code === "ELOOP") throw notRegular(rel, "a symbolic link");
    throw new BacklogError("io", `cannot read ${rel}: ${(error as Error).message}`, { path: rel });
  }
  try {
    if (!fstatSync(fd).isFile()) throw notRegular(rel, "not a regular file");
    return readFileSync(fd, "utf8");
  } finally {
    closeSync(fd);
  }
}

function notRegular(rel: string, what: string): BacklogError {
  return new BacklogError(
    "refused",
    `${rel} is ${what}, so it is not used: templates and prompts must be regular files in the task folder (a link could serve a file from outside the repository). Replace it with a copy of the file.`,
    { path: rel },
  );
}

/** Template names available to this repository, built-in and its own. */
export function listTemplates(options: { root: string; dir: string; kind: "tasks" | "prompts" }): string[] {
  const { root, dir, kind } = options;
  const names = new Set<string>();
  for (const folder of [join(PACKAGE_TEMPLATES, kind), join(root, dir, kind === "tasks" ? "templates" : "prompts")]) {
    try {
      for (const file of readdirSync(folder)) if (file.endsWith(".md") && NAME.test(file.slice(0, -3))) names.add(file.slice(0, -3));
    } catch {
      // folder absent
    }
  }
  return [...names].sort();
}
