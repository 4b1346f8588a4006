import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { parseTaskFile } from "../format/parse-task-file.js";
import type { LoadedFile } from "./loaded-file.js";
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
  const files: LoadedFile[] = [];
  for (const name of names) {
    const file = loadOne(folder, dir, name, cache, bodies);
    if (file) files.push(file);
  }
  await cache?.save(new Set(names));
  return files;
}

function loadOne(folder: string, dir: string, name: string, cache: StatCache | undefined, bodies: boolean): LoadedFile | undefined {
  const rel = `${dir}/${name}`;
  const abs = folder + name;
  let stat;
  try {
    stat = statSync(abs);
  } catch {
    return undefined; // removed between readdir and stat
  }
  if (!stat.isFile()) return undefined;
  const key = { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino };
  if (!bodies && cache) {
    const hit = cache.get(name, key);
    if (hit) return hit;
  }
  const file = readTaskFile(abs, rel);
  cache?.set(name, key, file);
  return file;
}

/** Reads and parses one task file; a read error becomes a problem, not an exception. */
export function readTaskFile(abs: string, rel: string): LoadedFile {
  let text: string;
  try {
    text = readFileSync(abs, "utf8");
  } catch (error) {
    return {
      path: rel,
      problems: [{ file: rel, code: "unreadable", severity: "error", message: `cannot read the file: ${(error as Error).message}` }],
      bodyLoaded: false,
    };
  }
  const parsed = parseTaskFile(text, rel);
  return { path: rel, ...(parsed.task && { task: parsed.task }), problems: parsed.problems, bodyLoaded: true };
}
