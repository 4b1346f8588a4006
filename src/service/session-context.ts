import type { Task } from "../domain/task.js";
import type { Backlog } from "./backlog.js";
import { currentTask } from "./current.js";
import { graphOf } from "./derived.js";
import { DEFAULT_SORT, selectTasks } from "./query.js";
import { sortTasks } from "../domain/sort.js";

/** SessionStart's text is added to the agent's context: short, and never more than this. */
export const SESSION_TEXT_LIMIT = 1500;

/**
 * What an agent session starts with (the Claude Code plugin's SessionStart hook, docs/plugin.md):
 * the task of the current branch if any, the counts (ready, active and who holds them, blocked,
 * overdue) and the three most urgent ready tasks, in at most 1,500 characters of plain text.
 */
export async function sessionSummary(backlog: Backlog): Promise<string> {
  const { facts } = graphOf(backlog);
  const open = await selectTasks(backlog, "status:pending or status:active", { statuses: "all" });
  const ready = sortTasks(
    open.filter((task) => facts.get(task)?.ready),
    DEFAULT_SORT,
    facts,
  );
  const active = open.filter((task) => task.status === "active");
  const blocked = open.filter((task) => facts.get(task)?.blocked).length;
  const overdue = open.filter((task) => facts.get(task)?.overdue).length;
  const holders = new Map<string, number>();
  for (const task of active) holders.set(task.assignee ?? "nobody", (holders.get(task.assignee ?? "nobody") ?? 0) + 1);
  const lines: string[] = [];
  const { branch, task } = currentTask(backlog);
  if (task) lines.push(`Current task (branch ${branch ?? "?"}): #${task.id} ${task.title} [${task.status}] — ${task.path}`);
  const held = [...holders].map(([who, count]) => `${who} ${count}`).join(", ");
  lines.push(`Backlog (git-backlog): ${ready.length} ready, ${active.length} active${held ? ` (${held})` : ""}, ${blocked} blocked, ${overdue} overdue.`);
  if (ready.length > 0) {
    lines.push("Next ready:");
    for (const next of ready.slice(0, 3)) lines.push(`- ${line(next)}`);
  }
  lines.push("Work it with the backlog MCP tools (task_next, task_start, task_annotate, task_done) or `git backlog …`.");
  return clip(lines.join("\n"));
}

/**
 * What a subagent is told (SubagentStart's `additionalContext`): the task of the branch it works
 * on, with the file that holds its spec; nothing when the branch has no task.
 */
export function subagentContext(backlog: Backlog): string | undefined {
  const { branch, task } = currentTask(backlog);
  if (!task) return undefined;
  return clip(`You are working on task #${task.id} "${task.title}" (branch ${branch ?? "?"}, status ${task.status}). Its spec and notes are in ${task.path}; record progress with task_annotate (or \`git backlog annotate ${task.id} "…"\`).`);
}

function line(task: Task): string {
  const details = [task.priority && `priority ${task.priority}`, task.project && `project ${task.project}`, task.due && `due ${task.due.slice(0, 10)}`].filter(Boolean).join(", ");
  return `#${task.id} ${task.title}${details ? ` (${details})` : ""}`;
}

function clip(text: string): string {
  return text.length <= SESSION_TEXT_LIMIT ? text : `${text.slice(0, SESSION_TEXT_LIMIT - 1)}…`;
}
