// What both hooks share (hooks/hooks.json): read the event from stdin, open the backlog of the
// project (CLAUDE_PROJECT_DIR, else the event's `cwd`) from the built package, and print what
// `answer` gives. A hook must never break a session: no repository, no backlog, no build yet
// (the MCP server builds on its first start), any error at all: exit 0 and print nothing.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");

async function readEvent() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return {};
  }
}

/** `where`: "project" (the session's root) or "cwd" (where the agent works now: a worktree follows). */
export async function runHook(where, answer) {
  try {
    const event = await readEvent();
    if (!existsSync(join(dist, "service", "backlog.js"))) return;
    const cwd = where === "cwd" ? (event.cwd ?? process.env.CLAUDE_PROJECT_DIR) : (process.env.CLAUDE_PROJECT_DIR ?? event.cwd);
    if (!cwd) return;
    const { openBacklog } = await import(pathToFileURL(join(dist, "service", "backlog.js")).href);
    const context = await import(pathToFileURL(join(dist, "service", "session-context.js")).href);
    const backlog = await openBacklog({ cwd, env: process.env });
    try {
      const text = await answer(context, backlog);
      if (text) process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    } finally {
      await backlog.writer.close();
    }
  } catch {
    // never break the session
  } finally {
    process.exitCode = 0;
  }
}
