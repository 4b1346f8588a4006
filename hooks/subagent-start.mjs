// SubagentStart: the task of the branch the subagent works in, as `additionalContext` in the
// hookSpecificOutput envelope. See hooks/run-hook.mjs.
import { runHook } from "./run-hook.mjs";

await runHook("cwd", (context, backlog) => {
  const text = context.subagentContext(backlog);
  return text && JSON.stringify({ hookSpecificOutput: { hookEventName: "SubagentStart", additionalContext: text } });
});
