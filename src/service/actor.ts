import { userInfo } from "node:os";
import type { ConfigReader } from "../git/git-config.js";
import type { Backlog } from "./backlog.js";

/** One config reader per open backlog: a long-running server reads git's config once, until a config file changes. */
const readers = new WeakMap<Backlog, ConfigReader>();

/**
 * Who acts, as a note's author and a claim's assignee (docs/reference/file-format.md, "Environment variables"): the agent (`BACKLOG_AGENT`, the
 * MCP client's name), else the name git writes as the commit's author (`GIT_AUTHOR_NAME`, else
 * `user.name`), else the operating system's user. Asked only by writes, so no read spawns git.
 */
export async function actorName(backlog: Backlog): Promise<string> {
  if (backlog.agent) return backlog.agent;
  const name = backlog.repo ? await gitAuthorName(backlog) : undefined;
  if (name) return name;
  try {
    return userInfo().username || "user";
  } catch {
    return "user";
  }
}

async function gitAuthorName(backlog: Backlog): Promise<string | undefined> {
  const { createConfigReader, authorName } = await import("../git/git-config.js");
  let reader = readers.get(backlog);
  if (!reader && backlog.repo) readers.set(backlog, (reader = createConfigReader(backlog.repo)));
  return reader ? authorName(await reader.read()) : undefined;
}
