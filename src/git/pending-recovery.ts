import { existsSync } from "node:fs";
import { isAlive } from "../store/lock.js";
import { readIndexLockMarker } from "./index-lock.js";
import { journalPathOf } from "./journal.js";
import type { RepoPaths } from "./repo-paths.js";

/**
 * True when a killed backlog process left something to finish: its journal, or its `index.lock`.
 * Two cheap looks, so every command (reads too) can afford them and, when it is so, run the
 * recovery before it reads: the user never has to delete a lock file of ours.
 */
export function needsRecovery(paths: RepoPaths): boolean {
  if (existsSync(journalPathOf(paths.commonDir))) return true;
  const marker = readIndexLockMarker(paths.gitDir);
  return marker !== undefined && marker.pid !== process.pid && !isAlive(marker.pid);
}
