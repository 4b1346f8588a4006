import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { BacklogError } from "../domain/errors.js";
import { assertSafeDir, parseConfig } from "../domain/parse-config.js";
import type { Config } from "../domain/config.js";

/** Reads `<root>/.backlog` (optional) and applies the environment overrides of SPEC §10. */
export async function loadConfig(root: string, env: NodeJS.ProcessEnv = process.env): Promise<Config> {
  const file = join(root, ".backlog");
  let text: string | undefined;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  let raw: unknown;
  try {
    raw = text === undefined ? undefined : parse(text);
  } catch (error) {
    throw new BacklogError("invalid", `.backlog: not valid YAML: ${(error as Error).message}`, { file: ".backlog" });
  }
  const config = parseConfig(raw);
  if (env.BACKLOG_DIR) {
    assertSafeDir(env.BACKLOG_DIR, "BACKLOG_DIR");
    config.dir = env.BACKLOG_DIR;
  }
  if (env.BACKLOG_TOOLS) config.toolset = env.BACKLOG_TOOLS;
  config.dir = config.dir.replace(/\\/g, "/").replace(/\/+$/, "");
  return config;
}
