import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { registerMergeDriver } from "../../git/merge-driver-config.js";
import { readRegularFile } from "../../store/read-text-file.js";
import { locateBacklog } from "../locate-backlog.js";

/**
 * Sets a repository up for git-backlog: the task folder, a `.gitattributes` line that gives
 * task files their merge driver, and the driver itself in the repository's git config (config is
 * not cloned, so `init` on a fresh clone adds just that). Idempotent; it changes files outside
 * the task folder, so it leaves them for the user to review and commit.
 */
export async function initBacklog(options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ root: string; dir: string; actions: string[] }> {
  const { root, repo: paths, config } = await locateBacklog(options.cwd, options.env ?? process.env);
  const actions: string[] = [];
  const folder = join(root, config.dir);
  const created = await mkdir(folder, { recursive: true });
  if (created) actions.push(`created ${config.dir}/`);
  const attributesPath = join(root, ".gitattributes");
  const line = `${config.dir}/*.md merge=backlog`;
  let attributes: Buffer = Buffer.alloc(0);
  try {
    attributes = readRegularFile(attributesPath, { file: ".gitattributes", follow: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  // Decoded only to look for our line; the file is appended to, so bytes in another encoding stay as they are.
  if (!attributes.toString("utf8").split(/\r?\n/).some((existing) => existing.trim() === line)) {
    const separator = attributes.length === 0 || attributes.at(-1) === 0x0a ? "" : "\n";
    await appendFile(attributesPath, `${separator}${line}\n`);
    actions.push(`added "${line}" to .gitattributes`);
  }
  if (paths) actions.push(...(await registerMergeDriver(paths)));
  return { root, dir: config.dir, actions };
}
