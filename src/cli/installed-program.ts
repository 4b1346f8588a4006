import { realpathSync } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DriverProgram } from "../service/operations/init.js";

/**
 * This installation as git should run it for the merge driver: the node running us and our
 * entry script, by absolute path, since IDEs and GUI clients start git without the user's PATH.
 * Where the user's PATH reaches the same file through a link (Homebrew's `/opt/homebrew/bin/node`,
 * npm's `bin/git-backlog`), the link is registered instead: it survives upgrades of node and of
 * git-backlog, where the versioned file behind it does not.
 */
export function installedProgram(env: NodeJS.ProcessEnv, entryScript?: string): DriverProgram {
  const script = entryScript ?? fileURLToPath(new URL("./main.js", import.meta.url));
  return { node: linkOnPath(process.execPath, "node", env.PATH), script: linkOnPath(script, "git-backlog", env.PATH) };
}

/** The first `<folder>/<name>` on PATH that is `target` (after links), else `target` itself. */
function linkOnPath(target: string, name: string, path: string | undefined): string {
  const real = realPath(target);
  for (const folder of (path ?? "").split(delimiter)) {
    // A relative PATH entry means something else in every folder git may run in.
    if (!isAbsolute(folder)) continue;
    const candidate = join(folder, name);
    if (real !== undefined && realPath(candidate) === real) return candidate;
  }
  return target;
}

function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
