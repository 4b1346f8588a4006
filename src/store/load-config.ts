import { join } from "node:path";
import { BacklogError } from "../domain/errors.js";
import { DEFAULT_CONFIG, safeDir, type Config } from "../domain/config.js";
import { readTextFile } from "./read-text-file.js";

/**
 * Reads `<root>/.backlog` (optional) and applies the environment overrides (docs/reference/file-format.md, "Environment variables"). A `.backlog`
 * that is not a regular file or not UTF-8 is refused like one that is not YAML: guessing the task
 * folder without it could read or write the wrong one. It may be a link (dotfile managers make them).
 */
export async function loadConfig(root: string, env: NodeJS.ProcessEnv = process.env): Promise<Config> {
  let text: string | undefined;
  try {
    text = readTextFile(join(root, ".backlog"), { file: ".backlog", follow: true });
  } catch (error) {
    if (error instanceof BacklogError) throw error; // not a regular file, not UTF-8: named already
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT") throw new BacklogError("io", `.backlog: cannot be read (${code ?? String(error)}); it must be a YAML file, as in .backlog.example.`, { file: ".backlog" });
  }
  const config = text === undefined ? structuredClone(DEFAULT_CONFIG) : await parseConfigText(text);
  if (env.BACKLOG_DIR) config.dir = safeDir(env.BACKLOG_DIR, "BACKLOG_DIR");
  if (env.BACKLOG_TOOLS) config.toolset = env.BACKLOG_TOOLS;
  return config;
}

/** yaml and zod cost ~60 ms to import: a cold command in a repository without `.backlog` skips them. */
async function parseConfigText(text: string): Promise<Config> {
  const [{ parse }, { parseConfig }] = await Promise.all([import("yaml"), import("../domain/parse-config.js")]);
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new BacklogError("invalid", `.backlog: not valid YAML: ${(error as Error).message}`, { file: ".backlog" });
  }
  return parseConfig(raw);
}
