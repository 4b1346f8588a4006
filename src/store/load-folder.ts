import { lstatSync, readdirSync } from "node:fs";
import { join, sep } from "node:path";
import { faultyFile, type LoadedFile } from "./loaded-file.js";
import { kindOf, notRegularFault } from "./read-text-file.js";
import { stampOf, type FileStamp } from "./file-stamp.js";
import type { StatCache } from "./stat-cache.js";

export interface LoadFolderOptions {
  /** Repository (working tree) root. */
  root: string;
  /** Task folder relative to the root. */
  dir: string;
  /** Read and keep every body (text search, JSON output); otherwise cached tasks come without one. */
  bodies: boolean;
  cache?: StatCache;
}

/** Task files are the `.md` files directly in the task folder; subfolders (archive, templates, prompts) are not tasks. */
export function isTaskFileName(name: string): boolean {
  return name.endsWith(".md") && !name.startsWith(".") && name.toLowerCase() !== "readme.md";
}

/** Lists the task files of the folder, sorted by name so every load sees the same order. */
export function listTaskFiles(root: string, dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(root, dir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return names.filter(isTaskFileName).sort();
}

/**
 * Loads every task file of the folder. A file that cannot be read or parsed becomes a
 * LoadedFile with problems; it never stops the others.
 */
export async function loadFolder(options: LoadFolderOptions): Promise<LoadedFile[]> {
  const { root, dir, cache, bodies } = options;
  // Joined once: normalising 10,000 paths one by one shows in a cold `list`.
  const folder = join(root, dir) + sep;
  const names = listTaskFiles(root, dir);
  const slots: (LoadedFile | { name: string; key: FileStamp } | undefined)[] = names.map((name) => lookUp(folder, dir, name, cache, bodies));
  // The parser (and the yaml package, ~30 ms to load) is loaded only when a file must be read:
  // a warm cache answers a cold `list` without it.
  const misses = slots.filter((slot): slot is { name: string; key: FileStamp } => slot !== undefined && !("path" in slot));
  if (misses.length > 0) {
    const { readTaskFile } = await import("./read-task-file.js");
    for (const [i, slot] of slots.entries()) {
      if (!slot || "path" in slot) continue;
      const file = readTaskFile(folder + slot.name, `${dir}/${slot.name}`, true);
      cache?.set(slot.name, slot.key, file);
      slots[i] = file;
    }
  }
  await cache?.save(new Set(names));
  return slots.filter((slot): slot is LoadedFile => slot !== undefined && "path" in slot);
}

/**
 * The cached file when its stat still matches, else what to read; undefined when it is gone.
 * The one lstat per file is also the check that it is a regular file: anything else named like a
 * task (a FIFO, a link, a folder) is reported without being opened.
 */
function lookUp(folder: string, dir: string, name: string, cache: StatCache | undefined, bodies: boolean): LoadedFile | { name: string; key: FileStamp } | undefined {
  let stat;
  try {
    stat = lstatSync(folder + name);
  } catch {
    return undefined; // removed between readdir and stat
  }
  const kind = kindOf(stat);
  if (kind !== "file") return faultyFile(`${dir}/${name}`, notRegularFault(kind));
  const key = stampOf(stat);
  const hit = !bodies && cache ? cache.get(name, key) : undefined;
  return hit ?? { name, key };
}
