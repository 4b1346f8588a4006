import { readFileSync, statSync } from "node:fs";
import { currentEnv } from "./git-env.js";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { gitFailure, repoEnv, runGit } from "./git-cli.js";
import { isTrue, type CommitConfig, type ConfigReader } from "./git-config.js";
import type { RepoPaths } from "./repo-paths.js";

/**
 * Which paths git converts on their way between the working tree and the object store
 * (`core.autocrlf`; the `text`, `eol`, `crlf`, `filter`, `ident` and `working-tree-encoding`
 * attributes), decided without starting git in the usual case, because every write asks:
 *
 * - With `core.autocrlf` on, every path: git itself decides per file whether it is text.
 * - Otherwise a path is plain when none of the attribute files git would read for it even
 *   mentions one of those attributes (a `.gitattributes` holding only `merge=backlog`, say).
 *   Files are re-read only when their stat data moves.
 * - Otherwise `git check-attr` answers for that path, once, until one of its attribute files or
 *   the config changes (with `attr.tree` or GIT_ATTR_SOURCE set, attributes come from a tree, so
 *   git is always asked).
 *
 * A `.gitattributes` missing from the working tree is read by git from the index; this check
 * does not see that one (a deleted or sparse-checked-out attribute file is a rare state).
 */

export interface ConversionCheck {
  /**
   * For each path: undefined when git stores its bytes as they are, else a key that changes
   * whenever the conversion git applies to it might (attribute files, config).
   */
  keysOf(paths: readonly string[]): Promise<Map<string, string | undefined>>;
}

const ATTRIBUTES = ["text", "eol", "crlf", "filter", "ident", "working-tree-encoding"];
/** Any of the attributes above, also inside a macro's definition (`[attr]secret filter=crypt`). */
const MENTIONS = /text|eol|crlf|filter|ident|encoding/;

interface AttributeFile {
  stamp: string;
  mentions: boolean;
}

export function createConversionCheck(paths: RepoPaths, config: ConfigReader): ConversionCheck {
  const files = new Map<string, AttributeFile>();
  const answers = new Map<string, { key: string; converts: boolean }>();
  let lastConfig: CommitConfig | undefined;
  let generation = 0;

  function look(file: string): AttributeFile {
    let stamp = "-";
    try {
      const info = statSync(file, { bigint: true });
      stamp = `${info.ino}:${info.size}:${info.mtimeNs}`;
    } catch {
      // no such file: nothing to read
    }
    const known = files.get(file);
    if (known?.stamp === stamp) return known;
    let mentions = false;
    if (stamp !== "-") {
      try {
        mentions = MENTIONS.test(readFileSync(file, "utf8"));
      } catch {
        mentions = true; // unreadable to us: let git say what it makes of it
      }
    }
    const entry = { stamp, mentions };
    files.set(file, entry);
    return entry;
  }

  return {
    async keysOf(list) {
      const current = await config.read();
      if (current !== lastConfig) {
        lastConfig = current;
        generation++;
      }
      const shared = sharedFiles(paths, current).map(look);
      const sharedKey = [generation, ...shared.map((file) => file.stamp)].join("|");
      const everyPath = current.autocrlf !== undefined && (current.autocrlf === "input" || isTrue(current.autocrlf));
      const alwaysAsk = current.attrTree !== undefined || currentEnv().GIT_ATTR_SOURCE !== undefined;
      const keys = new Map<string, string | undefined>();
      const ask = new Map<string, string>();
      for (const path of list) {
        const local = foldersOf(path).map((folder) => look(join(paths.root, folder, ".gitattributes")));
        const key = [sharedKey, ...local.map((file) => file.stamp)].join("|");
        if (everyPath) keys.set(path, key);
        else if (!alwaysAsk && !shared.some((file) => file.mentions) && !local.some((file) => file.mentions)) keys.set(path, undefined);
        else {
          const known = answers.get(path);
          if (known?.key === key) keys.set(path, known.converts ? key : undefined);
          else ask.set(path, key);
        }
      }
      if (ask.size > 0) {
        const converting = await checkAttributes(paths, [...ask.keys()]);
        for (const [path, key] of ask) {
          answers.set(path, { key, converts: converting.has(path) });
          keys.set(path, converting.has(path) ? key : undefined);
        }
      }
      return keys;
    },
  };
}

/** The attribute files git reads for every path: the repository's, the user's, the system's. */
function sharedFiles(paths: RepoPaths, config: CommitConfig): string[] {
  const env = currentEnv();
  const home = env.HOME ?? homedir();
  const files = [join(paths.commonDir, "info", "attributes")];
  files.push(config.attributesFile ? resolve(paths.root, config.attributesFile) : join(env.XDG_CONFIG_HOME || join(home, ".config"), "git", "attributes"));
  if (!isTrue(env.GIT_ATTR_NOSYSTEM)) files.push("/etc/gitattributes");
  return files;
}

/** The folders whose `.gitattributes` apply to `path`: the root, then each folder down to its own. */
export function foldersOf(path: string): string[] {
  const parts = path.split("/").slice(0, -1);
  return ["", ...parts.map((_, at) => parts.slice(0, at + 1).join("/"))];
}

async function checkAttributes(paths: RepoPaths, list: readonly string[]): Promise<Set<string>> {
  const args = ["check-attr", "-z", "--stdin", ...ATTRIBUTES];
  const result = await runGit(args, { cwd: paths.root, env: repoEnv(paths), input: list.map((path) => `${path}\0`).join("") });
  if (result.code !== 0) throw gitFailure(args, result);
  const fields = result.stdout.toString("utf8").split("\0");
  const converting = new Set<string>();
  for (let at = 0; at + 2 < fields.length; at += 3) {
    const value = fields[at + 2];
    if (value !== "unspecified" && value !== "unset") converting.add(fields[at]!);
  }
  return converting;
}
