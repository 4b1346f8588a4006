import { agentInstructions, writeAgentInstructions } from "../../service/operations/agents.js";
import { locateBacklog } from "../../service/locate-backlog.js";
import { defineCommand } from "../command.js";

export const agentsCommand = defineCommand({
  name: "agents",
  summary: "print the instructions any coding agent needs to work this backlog; --write keeps them in AGENTS.md",
  usage: "agents [--write] [--json]",
  help: `Prints, in under 60 lines of markdown, how a coding agent (Codex, Cursor, Gemini CLI, Copilot,
Claude Code) works the backlog: find work (next), claim it (start), record progress (annotate),
finish (done), worktrees, and what a hand edit may change. --write keeps them in AGENTS.md at the
repository root between <!-- git-backlog:start --> and <!-- git-backlog:end --> (running it again
replaces only that block) and adds a one-line pointer to CLAUDE.md when that file exists. Nothing
is committed: review and commit the files yourself.`,
  flags: {
    write: { kind: "boolean", help: "write them into AGENTS.md (and point CLAUDE.md at it)" },
    json: { kind: "boolean", help: 'with --write: print {"agents", "claude"?}, what happened to each file' },
  },
  examples: [
    { command: "git-backlog agents", does: "the instructions, to read or paste" },
    { command: "git-backlog agents --write", does: "keep them in AGENTS.md" },
  ],
  maxPositionals: 0,
  async run(context) {
    const { root, config } = await locateBacklog(context.io.cwd, context.io.env);
    if (context.args.flags.write !== true) return context.print(agentInstructions(config));
    const result = await writeAgentInstructions(root, config);
    if (context.json) return context.printJson(result);
    context.print(`AGENTS.md: ${result.agents}${result.claude ? `; CLAUDE.md: pointer ${result.claude}` : ""}. Review and commit them.\n`);
  },
});
