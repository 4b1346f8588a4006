/** The `.backlog` config: its shape and defaults (docs/reference/file-format.md, "The `.backlog` configuration file"). Reading the file is the store's job. */
import type { DefaultValue } from "./defaults.js";
import { DEFAULT_DISPOSABLE } from "./disposable-files.js";
import { BacklogError } from "./errors.js";

export interface ViewDefinition {
  filter: string;
  sort?: string;
  columns?: string[];
  description?: string;
}

export interface UrgencyCoefficients {
  next: number;
  due: number;
  blocking: number;
  priorityH: number;
  priorityM: number;
  priorityL: number;
  active: number;
  scheduled: number;
  age: number;
  /** Days over which the age term grows to its full coefficient. */
  ageMax: number;
  annotations: number;
  tags: number;
  project: number;
  waiting: number;
  blocked: number;
}

export interface Config {
  /** Task folder, relative to the repository root. */
  dir: string;
  commit: boolean;
  commitPrefix: string;
  branch: { titleWords: number };
  /** `disposable`: names of ignored files and folders a task worktree may be removed with. */
  worktree: { prefix: "project" | "none"; root?: string; base?: string; disposable: readonly string[] };
  views: Record<string, ViewDefinition>;
  urgency: UrgencyCoefficients;
  /** Field defaults for new tasks, as Taskwarrior-style values (read by `defaultChanges`). */
  defaults: Record<string, DefaultValue>;
  toolset: string;
}

/** Taskwarrior's default urgency coefficients. */
export const DEFAULT_URGENCY: UrgencyCoefficients = {
  next: 15,
  due: 12,
  blocking: 8,
  priorityH: 6,
  priorityM: 3.9,
  priorityL: 1.8,
  active: 4,
  scheduled: 5,
  age: 2,
  ageMax: 365,
  annotations: 1,
  tags: 1,
  project: 1,
  waiting: -3,
  blocked: -5,
};

export const DEFAULT_CONFIG: Config = {
  dir: "backlog",
  commit: true,
  commitPrefix: "backlog:",
  branch: { titleWords: 4 },
  worktree: { prefix: "project", disposable: DEFAULT_DISPOSABLE },
  views: {},
  urgency: DEFAULT_URGENCY,
  defaults: {},
  toolset: "standard",
};

/**
 * The task folder as a plain relative path (`work/tasks`), or a refusal naming where it came
 * from: it must be a folder inside the repository, not the repository itself (`.`), and never
 * reach out of it (`..`, an absolute path) or into `.git`. Loose spellings (`./tasks/`,
 * `tasks//x`, backslashes) are read as the plain path, which is what every path is built from.
 */
export function safeDir(dir: string, source: string): string {
  const parts = dir.split(/[\\/]/).filter((part) => part !== "" && part !== ".");
  const absolute = /^[\\/]/.test(dir) || /^[a-zA-Z]:/.test(dir);
  if (absolute || parts.length === 0 || parts.some((part) => part === ".." || part.toLowerCase() === ".git")) {
    throw new BacklogError(
      "invalid",
      `${source}: dir "${dir}" must name a folder inside the repository, such as "backlog" (not the repository itself, no "..", no absolute path, not .git).`,
      { file: source, key: "dir" },
    );
  }
  return parts.join("/");
}
