import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BacklogError } from "../domain/errors.js";
import { readTextFile } from "./read-text-file.js";
import { assertRealParents } from "./real-folders.js";

/** The package's own `templates/` folder (beside `dist/`). */
export const PACKAGE_TEMPLATES = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "templates");

const NAME = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * Reads a template by name: the repository's `<dir>/<kind>/<name>.md` overrides the built-in
 * `templates/<kind>/<name>.md`. Names are checked so they can never leave their folder, and the
 * repository's file must be a regular file in real folders of the task folder: a symbolic link
 * is refused, never followed, so a prompt can never serve a file from outside the repository.
 * An override that is there but cannot be used (a FIFO, a link, not UTF-8) is an error naming
 * it, not a silent fall-back to the built-in.
 */
export function readTemplate(options: { root: string; dir: string; kind: "tasks" | "prompts"; name: string }): string {
  const { root, dir, kind, name } = options;
  if (!NAME.test(name)) throw new BacklogError("usage", `template name "${name}" may hold only a-z, 0-9, "-" and "_".`, { name });
  const userFolder = kind === "tasks" ? "templates" : "prompts";
  const own = `${dir}/${userFolder}/${name}.md`;
  assertRealParents(root, [own]);
  const places = [
    { path: join(root, own), file: own },
    { path: join(PACKAGE_TEMPLATES, kind, `${name}.md`), follow: true },
  ];
  for (const { path, ...how } of places) {
    try {
      return readTextFile(path, how);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") throw error;
    }
  }
  const known = listTemplates(options).join(", ");
  throw new BacklogError("usage", `no ${kind === "tasks" ? "task" : "prompt"} template "${name}"; known: ${known || "none"}.`, { name });
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
