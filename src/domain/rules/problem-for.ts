/** Small helpers the rule functions share, so every problem names its file, id and code the same way. */
import type { Problem, ProblemCode } from "../problem.js";
import type { Task } from "../task.js";

export function problemFor(
  task: Pick<Task, "id" | "path">,
  code: ProblemCode,
  severity: Problem["severity"],
  message: string,
): Problem {
  return { file: task.path, id: task.id, code, severity, message };
}

/** A problem that `force` lets a write through (as a warning). */
export function overridable(problem: Problem): Problem {
  return { ...problem, overridable: true };
}

/** `4 → 9 → 4`: the way a cycle is printed (docs/reference/changes.md, "Dependencies, related tasks and parents"). */
export function formatPath(path: readonly number[]): string {
  return path.join(" → ");
}

/** `#7`, `#7 and #8`, `#7, #8 and #9`. */
export function formatIds(ids: readonly number[]): string {
  const named = ids.map((id) => `#${id}`);
  if (named.length <= 1) return named.join("");
  return `${named.slice(0, -1).join(", ")} and ${named[named.length - 1]!}`;
}

/** A file is named `<id>.md` or `<id>-<slug>.md` (the slug is cosmetic; the frontmatter id rules). */
export function fileNameMatchesId(path: string, id: number): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return name === `${id}.md` || (name.startsWith(`${id}-`) && name.endsWith(".md") && name.length > `${id}-.md`.length);
}
