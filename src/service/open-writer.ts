import { join } from "node:path";
import { createFileWriter } from "../store/file-writer.js";
import type { Config } from "../domain/config.js";
import type { RepoPaths } from "../git/repo-paths.js";
import type { Writer } from "../store/writer.js";

/** Picks how operations reach the disk for this backlog. */
export function openWriter(options: { root: string; repo: RepoPaths | undefined; config: Config }): Writer {
  const { root, repo, config } = options;
  const lockPath = repo ? join(repo.commonDir, "backlog.lock") : join(root, config.dir, ".backlog.lock");
  return createFileWriter({ root, lockPath });
}
