import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findRepoPaths } from "../git/repo-paths.js";
import { locateBacklog } from "./locate-backlog.js";

/**
 * Which repository a server for an agent serves (docs/reference/mcp.md, "Which repository"),
 * first of: `CLAUDE_PROJECT_DIR` (Claude Code sets it to the project; a plugin's server starts in
 * the plugin's cache), the client's roots (MCP `roots/list`), the working directory.
 */

/** `CLAUDE_PROJECT_DIR` when it names a folder; a note for `warn` when it is set to anything else. */
export function projectDirFromEnv(env: NodeJS.ProcessEnv, warn: (message: string) => void): string | undefined {
  const dir = env.CLAUDE_PROJECT_DIR;
  if (!dir) return undefined;
  try {
    if (statSync(dir).isDirectory()) return dir;
  } catch {
    // Reported below.
  }
  warn(`CLAUDE_PROJECT_DIR is ${JSON.stringify(dir)}, which is not a folder; it is ignored.`);
  return undefined;
}

/**
 * The working tree of the first root that is in a git repository, preferring one whose
 * repository has a backlog already (its task folder or its `.backlog`): in a workspace of several
 * folders, the one that tracks its tasks. Roots that are not `file:` URIs are skipped.
 */
export async function workTreeOfRoots(roots: readonly { uri: string }[], env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const trees: string[] = [];
  for (const root of roots) {
    const folder = folderOf(root.uri);
    const tree = folder && workTreeOf(folder);
    if (tree && !trees.includes(tree)) trees.push(tree);
  }
  for (const tree of trees) if (await hasBacklog(tree, env)) return tree;
  return trees[0];
}

/** The working tree that contains `folder`, if any: the same repository is served once, however it is reached. */
export function workTreeOf(folder: string): string | undefined {
  return findRepoPaths(folder)?.root;
}

function folderOf(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

async function hasBacklog(tree: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  if (existsSync(join(tree, ".backlog"))) return true;
  try {
    const { root, config } = await locateBacklog(tree, env);
    return existsSync(join(root, config.dir));
  } catch {
    return false;
  }
}
