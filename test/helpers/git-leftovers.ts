import { readdirSync } from "node:fs";
import { join } from "node:path";

/** What a backlog process may leave in `.git` only while it runs: index copies, locks, a journal. */
export function leftovers(repoDir: string): string[] {
  return readdirSync(join(repoDir, ".git")).filter((name) => /^backlog-index-|^index\.lock$|^backlog\.lock$|^backlog-journal/.test(name));
}
