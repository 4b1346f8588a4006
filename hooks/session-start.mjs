// SessionStart: plain text that Claude Code adds to the agent's context (plain stdout, not JSON:
// the JSON form has been shown as a startup hook error). See hooks/run-hook.mjs.
import { runHook } from "./run-hook.mjs";

await runHook("project", (context, backlog) => context.sessionSummary(backlog));
