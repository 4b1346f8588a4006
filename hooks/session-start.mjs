// SessionStart: plain text that Claude Code adds to the agent's context (plain stdout, not JSON:
// the JSON form has been shown as a startup hook error). See hooks/run-hook.mjs. It also puts the
// plugin's `git-backlog` on the Bash tool's PATH (hooks/offer-cli.mjs).
import { offerCli } from "./offer-cli.mjs";
import { runHook } from "./run-hook.mjs";

offerCli();
await runHook("project", (context, backlog) => context.sessionSummary(backlog));
