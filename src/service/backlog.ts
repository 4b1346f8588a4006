import { join } from "node:path";
import { openArchiveFolder, type ArchiveFolder } from "../store/archive-folder.js";
import { loadFolder } from "../store/load-folder.js";
import { openStatCache } from "../store/stat-cache.js";
import { createTaskIndex, type TaskIndex } from "../store/task-index.js";
import type { RepoPaths } from "../git/repo-paths.js";
import { needsRecovery } from "../git/pending-recovery.js";
import { BacklogError } from "../domain/errors.js";
import { parseIsoTime } from "../domain/iso-time.js";
import type { Config } from "../domain/config.js";
import type { Writer } from "../store/writer.js";
import { locateBacklog } from "./locate-backlog.js";
import { openWriter } from "./open-writer.js";

export interface BacklogOptions {
  /** Where the command runs; the repository containing it is used. */
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** The clock; defaults to `BACKLOG_NOW` when set, else the system clock. */
  now?: () => Date;
  /** Who acts: `BACKLOG_AGENT`, the MCP client's name, or the user. */
  agent?: string;
  /** Load bodies up front (long-running processes, JSON output). */
  bodies?: boolean;
  /** A process that serves many operations (the MCP server): the writer prepares each next commit. */
  longRunning?: boolean;
}

/** One open backlog: its config, its index and its writer. Every operation of the service takes one. */
export interface Backlog {
  readonly root: string;
  readonly repo: RepoPaths | undefined;
  readonly config: Config;
  readonly index: TaskIndex;
  readonly writer: Writer;
  /** The archive folder's file names, listed again only where a segment changed. */
  readonly archive: ArchiveFolder;
  readonly agent: string | undefined;
  /** Serves many operations (the MCP server), so it must not pull its own folder from under itself. */
  readonly longRunning?: boolean;
  now(): Date;
  /** Re-reads what changed on disk (stat-checked), e.g. under the write lock. */
  refresh(): Promise<void>;
  /** Makes sure every task carries its body (text search, JSON output). */
  ensureBodies(): Promise<void>;
}

export async function openBacklog(options: BacklogOptions): Promise<Backlog> {
  const env = options.env ?? process.env;
  const { root, repo, config } = await locateBacklog(options.cwd, env);
  const now = options.now ?? clockFrom(env);
  // Under the git dir (per worktree: each has its own files); outside git, in the task folder's
  // own `.cache/`, which ignores itself should the folder later come under git.
  const cache = repo
    ? openStatCache(join(repo.gitDir, "backlog-stat-cache.json"), config.dir)
    : openStatCache(join(root, config.dir, ".cache", "stat-cache.json"), config.dir, Date.now, { ignoreItself: true });
  const writer = openWriter({ root, config, ...(options.longRunning && { longRunning: true }) });
  // A crashed operation is finished or rolled back by the next command of any kind, reads too.
  if (repo && needsRecovery(repo)) await writer.withLock(() => Promise.resolve());
  const index = createTaskIndex();
  let bodies = options.bodies ?? false;
  const load = async (): Promise<void> => {
    index.reset(await loadFolder({ root, dir: config.dir, bodies, ...(cache && { cache }) }));
  };
  await load();
  const agent = env.BACKLOG_AGENT || options.agent || undefined;
  return {
    root,
    repo,
    config,
    index,
    writer,
    archive: openArchiveFolder(root, config.dir),
    ...(options.longRunning && { longRunning: true }),
    agent,
    now,
    refresh: load,
    async ensureBodies() {
      if (index.bodiesLoaded()) return;
      bodies = true;
      await load();
    },
  };
}

/** `BACKLOG_NOW` fixes the clock for reproducible runs and tests (docs/reference/file-format.md, "Environment variables"). */
export function clockFrom(env: NodeJS.ProcessEnv): () => Date {
  const fixed = env.BACKLOG_NOW;
  if (!fixed) return () => new Date();
  const time = parseIsoTime(fixed);
  if (time === undefined) throw new BacklogError("usage", `BACKLOG_NOW="${fixed}" is not an ISO 8601 time; use e.g. 2026-11-21T10:00:00Z.`);
  return () => new Date(time);
}
