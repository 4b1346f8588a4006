import { existsSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../store/atomic-write.js";
import { appendLineOnce, readSetupFile } from "../../store/setup-files.js";
import type { Config } from "../../domain/config.js";

/** The block `agents --write` keeps in AGENTS.md, between these markers, whatever else the file holds. */
export const START_MARKER = "<!-- git-backlog:start -->";
export const END_MARKER = "<!-- git-backlog:end -->";
/** The line `agents --write` adds to an existing CLAUDE.md, once. */
export const CLAUDE_POINTER = "Tasks: this repository's backlog is worked as AGENTS.md says (section \"Tasks (git-backlog)\").";

/**
 * What any coding agent (Codex, Cursor, Gemini CLI, Copilot, Claude Code) needs to work the
 * backlog, in under 60 lines of markdown: find work, claim it, record progress, finish, worktrees,
 * and what a hand edit may and may not change.
 */
export function agentInstructions(config: Pick<Config, "dir">): string {
  const dir = config.dir;
  return `## Tasks (git-backlog)

This repository's tasks are markdown files in \`${dir}/\` (\`${dir}/12-fix-login.md\`), one per task,
worked with \`git backlog\` (or the git-backlog MCP server's \`task_*\` tools). Every operation is
one git commit; \`git backlog undo\` reverts your last one.

Find work:
- \`git backlog next\`: the most urgent task that can start now.
- \`git backlog list +READY\`, \`git backlog list project:web +bug\`: tasks by filter.
- \`git backlog show 12\`: one task with its spec, notes and dependencies.

Work a task:
1. Claim it: \`git backlog start 12\`. Refused when someone else holds it or it is blocked:
   take another task rather than forcing it.
2. Record progress and decisions as you go: \`git backlog annotate 12 "what you did, what is left"\`.
3. Finish: \`git backlog done 12\` once the acceptance criteria hold and the tests pass. If you
   stop before that, annotate where you stopped and release it: \`git backlog stop 12\`.
4. New work you find: \`git backlog add Title words +tag priority:M depends:12\`.

In parallel with other agents, give a task its own branch and worktree:
\`git backlog start 12 --worktree\`, then work and commit in the folder it prints;
\`git backlog done 12\` there finishes it and removes the worktree when that is safe.

Hand edits of task files are fine (the title, fields, the document, notes), and are committed
by the next operation or \`git backlog sync\`. Never change a task's \`id:\` line or rename a
task file to another id; never delete a task file (\`git backlog delete 12\` instead).

\`git backlog help\` lists every command; \`git backlog help filter\` the filter language.
`;
}

export interface AgentsWriteResult {
  agents: "created" | "added" | "updated" | "unchanged";
  claude?: "added" | "unchanged";
}

/**
 * Writes the instructions into `AGENTS.md` at the repository root, between markers, so running
 * it again replaces only that block (`unchanged` when it already says this), and adds a one-line
 * pointer to `CLAUDE.md` when that file exists. Nothing is committed: the user reviews it.
 */
export async function writeAgentInstructions(root: string, config: Pick<Config, "dir">): Promise<AgentsWriteResult> {
  const block = `${START_MARKER}\n${agentInstructions(config)}${END_MARKER}\n`;
  const path = join(root, "AGENTS.md");
  const current = readSetupFile(path, "AGENTS.md")?.toString("utf8");
  let agents: AgentsWriteResult["agents"];
  let next: string;
  if (current === undefined) {
    agents = "created";
    next = block;
  } else {
    const start = current.indexOf(START_MARKER);
    const end = current.indexOf(END_MARKER, start);
    if (start >= 0 && end > start) {
      next = current.slice(0, start) + block + current.slice(end + END_MARKER.length).replace(/^\r?\n/, "");
      agents = next === current ? "unchanged" : "updated";
    } else {
      next = `${current}${current.endsWith("\n") || current === "" ? "" : "\n"}${current === "" ? "" : "\n"}${block}`;
      agents = "added";
    }
  }
  if (agents !== "unchanged") await writeFileAtomic(path, next);
  const claudePath = join(root, "CLAUDE.md");
  const claude = existsSync(claudePath) ? await appendLineOnce(claudePath, CLAUDE_POINTER, "CLAUDE.md") : undefined;
  return { agents, ...(claude && { claude }) };
}
