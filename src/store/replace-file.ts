import { randomBytes } from "node:crypto";
import { linkSync, readdirSync, renameSync, unlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { syncFolder, writeSyncedTemp } from "./atomic-write.js";
import { readRegularFileIfAny } from "./read-text-file.js";

/**
 * Compare-and-swap of a file someone may be editing: the file is replaced (or removed) only if
 * it still holds what the caller read, and a save that lands at any instant of the swap is kept.
 *
 * A plain rename over the file cannot promise that: an editor's save by rename that lands between
 * the last look and our rename is replaced, and is gone. Linux has an atomic exchange
 * (renameat2's RENAME_EXCHANGE) but Node does not expose it, so the swap is built from two
 * atomic steps that never overwrite a name:
 *
 *  1. the file is renamed aside (`.<name>.aside-<pid>-<hex>`): whatever it holds at that
 *     instant, including a save made just before, is now ours to look at;
 *  2. the new content is linked in under the name, which fails if anyone made the file again
 *     meanwhile (their save is then the latest word, and stays);
 *  3. what was taken aside is looked at: if it is not what the caller read, it was a save, and
 *     it goes back in place of ours the same way (unless the file changed once more).
 *
 * An editor that opened the file just before step 1 and writes after it writes into the file
 * taken aside: writers truncate on open, so step 3 sees it differ and puts it back with their
 * writes still arriving into it.
 *
 * The price: for the instant between the two system calls of steps 1 and 2 the name is absent, as
 * during `git checkout`; readers that list the folder then (the file watcher, another process's
 * `list`) see the file again on their next look. A process killed in that instant leaves the file
 * aside: recovery puts it back (`restoreAsides`).
 */

export type Holds = (bytes: Buffer | null) => boolean;

/** Writes `content` to `path` if the file still satisfies `holds` (null: no file); false when a save is there instead. */
export function replaceFileIf(path: string, content: string | Uint8Array, holds: Holds): boolean {
  const temp = writeSyncedTemp(path, content);
  try {
    // The cheap look first: a file that has visibly changed is left without moving anything.
    if (!holds(readRegularFileIfAny(path))) return false;
    const replaced = swapIn(path, temp, holds);
    syncFolder(dirname(path));
    return replaced;
  } finally {
    removeQuietly(temp);
  }
}

/** Removes `path` if it still satisfies `holds`; false when a save is there instead. */
export function removeFileIf(path: string, holds: Holds): boolean {
  if (!holds(readRegularFileIfAny(path))) return false;
  const aside = asideName(path);
  if (!renameIfThere(path, aside)) return holds(null);
  if (holds(readRegularFileIfAny(aside))) {
    removeQuietly(aside);
    syncFolder(dirname(path));
    return true;
  }
  // A save landed after the look: it goes back, unless the name was taken again meanwhile.
  linkIfFree(aside, path);
  removeQuietly(aside);
  return false;
}

/** Puts `source` (kept) at `path` if `path` satisfies `holds`, by the steps above. */
function swapIn(path: string, source: string, holds: Holds): boolean {
  const aside = asideName(path);
  const had = renameIfThere(path, aside);
  let linked: boolean;
  try {
    linked = linkIfFree(source, path);
  } catch (error) {
    if (had) renameSync(aside, path); // no hard links here, say: nothing changed
    throw error;
  }
  if (!linked) {
    // Someone made the file while ours was not there: theirs is the latest save.
    if (had) removeQuietly(aside);
    return false;
  }
  const taken = had ? readRegularFileIfAny(aside) : null;
  if (holds(taken)) {
    if (had) removeQuietly(aside);
    return true;
  }
  // What was taken aside is a save made after the look (or the file was removed): it goes back
  // in place of ours, unless ours has been replaced already.
  const ours = readRegularFileIfAny(source);
  const isOurs: Holds = (bytes) => bytes !== null && ours !== null && Buffer.compare(bytes, ours) === 0;
  if (had) {
    swapIn(path, aside, isOurs);
    removeQuietly(aside);
  } else {
    removeFileIf(path, isOurs);
  }
  return false;
}

const ASIDE = /^\.(.+)\.aside-(\d+)-[0-9a-f]+$/;

function asideName(path: string): string {
  return join(dirname(path), `.${basename(path)}.aside-${process.pid}-${randomBytes(4).toString("hex")}`);
}

/**
 * Files a killed process left aside in `folder` for the name `name` (all names when omitted):
 * each is put back where the name is free; where the name holds a file again, an aside that
 * `isKnown` accepts (content the operation read or wrote) is removed, and any other is kept and
 * returned, so nothing a user saved is ever deleted.
 */
export function restoreAsides(folder: string, isAlive: (pid: number) => boolean, isKnown: (name: string, bytes: Buffer | null) => boolean): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const kept: string[] = [];
  const found = names.flatMap((entry) => {
    const match = ASIDE.exec(entry);
    if (!match || Number(match[2]) === process.pid || isAlive(Number(match[2]))) return [];
    const aside = join(folder, entry);
    return [{ entry, aside, name: match[1]!, known: isKnown(match[1]!, readRegularFileIfAny(aside)) }];
  });
  // Saves first: where one and a known content both wait for a free name, the save takes it.
  for (const { entry, aside, name, known } of [...found.filter((one) => !one.known), ...found.filter((one) => one.known)]) {
    if (linkIfFree(aside, join(folder, name)) || known) removeQuietly(aside);
    else kept.push(entry);
  }
  return kept;
}

/** Renames `from` to `to`; false when there is no `from`. */
function renameIfThere(from: string, to: string): boolean {
  try {
    renameSync(from, to);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return false;
    throw error;
  }
}

/** Links `existing` under `name` unless something already has that name (false then). */
function linkIfFree(existing: string, name: string): boolean {
  try {
    linkSync(existing, name);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "EEXIST") return false;
    throw error;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
