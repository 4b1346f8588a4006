import { z } from "zod";
import { BacklogError } from "./errors.js";
import { defaultChanges } from "./defaults.js";
import { disposableNameProblem } from "./disposable-files.js";
import { DEFAULT_CONFIG, DEFAULT_URGENCY, safeDir, type Config, type UrgencyCoefficients } from "./config.js";

const viewSchema = z.object({
  filter: z.string(),
  sort: z.string().optional(),
  columns: z.array(z.string()).optional(),
  description: z.string().optional(),
});

const urgencyKeys = Object.keys(DEFAULT_URGENCY) as (keyof UrgencyCoefficients)[];

/** The file as users write it: snake_case keys, everything optional, nothing unknown. */
const configFileSchema = z
  .object({
    dir: z.string().min(1).optional(),
    commit: z.boolean().optional(),
    commit_prefix: z.string().optional(),
    branch: z.object({ title_words: z.number().int().min(1).max(20).optional() }).strict().optional(),
    worktree: z
      .object({
        prefix: z.enum(["project", "none"]).optional(),
        root: z.string().min(1).optional(),
        base: z.string().min(1).optional(),
        disposable: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
    views: z.record(z.string(), viewSchema).optional(),
    urgency: z.record(z.string(), z.number()).optional(),
    defaults: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))])).optional(),
    toolset: z.string().optional(),
  })
  .strict();

/** Validates a parsed `.backlog` file and fills in the defaults; errors name the file and the key. */
export function parseConfig(raw: unknown, file = ".backlog"): Config {
  if (raw === null || raw === undefined) return structuredClone(DEFAULT_CONFIG);
  const result = configFileSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = issue?.path.join(".") || "(top level)";
    throw new BacklogError("invalid", `${file}: ${key}: ${issue?.message ?? "invalid value"}. See .backlog.example for every key and its default.`, {
      file,
      key,
    });
  }
  const value = result.data;
  const urgency = { ...DEFAULT_URGENCY };
  for (const [key, coefficient] of Object.entries(value.urgency ?? {})) {
    const name = urgencyKey(key);
    if (!name) {
      throw new BacklogError("invalid", `${file}: urgency.${key} is not an urgency coefficient; known: ${urgencyKeys.join(", ")}.`, { file, key });
    }
    urgency[name] = coefficient;
  }
  for (const name of value.worktree?.disposable ?? []) {
    const problem = disposableNameProblem(name);
    if (problem) throw new BacklogError("invalid", `${file}: worktree.disposable: "${name}" cannot be used: ${problem}.`, { file, key: "worktree.disposable" });
  }
  // Checked here so every command reports a bad default, not only `add`; whether a date parses
  // does not depend on the clock, so any fixed instant will do.
  defaultChanges(value.defaults ?? {}, new Date(0), file);
  return {
    dir: value.dir === undefined ? DEFAULT_CONFIG.dir : safeDir(value.dir, file),
    commit: value.commit ?? DEFAULT_CONFIG.commit,
    commitPrefix: value.commit_prefix ?? DEFAULT_CONFIG.commitPrefix,
    branch: { titleWords: value.branch?.title_words ?? DEFAULT_CONFIG.branch.titleWords },
    worktree: {
      prefix: value.worktree?.prefix ?? DEFAULT_CONFIG.worktree.prefix,
      ...(value.worktree?.root !== undefined && { root: value.worktree.root }),
      ...(value.worktree?.base !== undefined && { base: value.worktree.base }),
      disposable: value.worktree?.disposable ?? DEFAULT_CONFIG.worktree.disposable,
    },
    views: value.views ?? {},
    urgency,
    defaults: value.defaults ?? {},
    toolset: value.toolset ?? DEFAULT_CONFIG.toolset,
  };
}

/** Accepts the camelCase names and Taskwarrior-style snake_case ones (`priority_h`, `age_max`). */
function urgencyKey(key: string): keyof UrgencyCoefficients | undefined {
  const normalised = key.replace(/[_.-]([a-z])/gi, (_m, c: string) => c.toUpperCase());
  return urgencyKeys.find((k) => k.toLowerCase() === normalised.toLowerCase());
}
