// Writes the Claude Code plugin's skills (skills/<name>/SKILL.md) and checks them (--check). Where
// a skill does the job of an MCP prompt (templates/prompts/<name>.md) its steps are that prompt's
// text, so the two never drift: edit the prompt, then run `npm run build:skills`. The skills are
// committed, since Claude Code installs the plugin from the repository without building it;
// test/integration/plugin/skills.test.ts fails when they are out of date.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { parse } from "yaml";

const root = new URL("..", import.meta.url);
const TOOL = (name) => `mcp__plugin_git-backlog_backlog__${name}`;
const CLI = "Bash(git backlog:*)";
const TOOLS_LINE =
  "The tools named here are the git-backlog MCP server's (`" +
  TOOL("<tool>") +
  "`). Without them (the `all` toolset has every tool), run the same operation with `git backlog <command>` in Bash, which the plugin provides: `git backlog help` lists the commands.";

/** Each skill: its frontmatter, the MCP prompt whose text it reuses (or its own steps), the tools it pre-approves. */
const SKILLS = [
  {
    name: "tasks",
    description: "See and pick up work in this repository's git-backlog: what is ready, active, blocked, and the next task.",
    when_to_use: "The user asks what to work on, what is in the backlog, or about the state of tasks.",
    tools: ["task_list", "task_next", "task_info", "task_count"],
    steps: `1. Find what is ready with task_next (the most urgent ready task) and task_list with the filter \`+READY\`.
2. Show what is in progress with task_list \`status:active\` and what is stuck with \`+BLOCKED\`.
3. For one task, read it with task_info: its document, notes, dependencies and the tasks waiting for it.
4. Answer briefly: \`#id title\` per line, most urgent first; offer to start one (task_start).

Filters: \`project:web +bug\`, \`priority:H or +urgent\`, \`due.before:eow\`; \`git backlog help filter\` has the language.`,
  },
  { name: "plan", prompt: "plan", argument: "goal", when_to_use: "The user describes a goal, feature or project to break down into tasks.", tools: ["task_list", "task_projects", "task_add", "task_graph", "task_modify"] },
  { name: "standup", prompt: "standup", argument: "since", when_to_use: "The user asks for a standup, status report or what happened recently.", tools: ["task_list", "task_log", "task_info", "task_next"] },
  { name: "refine", prompt: "refine", argument: "id", when_to_use: "A task is vague, too big or missing fields, and should be made ready to work on.", tools: ["task_info", "task_list", "task_graph", "task_doc_write", "task_modify", "task_add", "task_annotate"] },
  { name: "spec", prompt: "spec", argument: "id", when_to_use: "A task needs a written design or specification before it is implemented.", tools: ["task_info", "task_doc_write", "task_annotate", "task_add", "task_modify"] },
  { name: "implement", prompt: "implement", argument: "id", when_to_use: "The user asks to work on, implement or finish a task (or the next one).", tools: ["task_start", "task_next", "task_info", "task_annotate", "task_done", "task_stop"] },
  { name: "handoff", prompt: "handoff", argument: "id", when_to_use: "Work on a task stops before it is done and someone else will continue it.", tools: ["task_info", "task_history", "task_annotate", "task_doc_write", "task_stop", "task_modify"] },
  {
    name: "worktree",
    description: "Take the next ready task into its own branch and git worktree, work it there, finish it, and clean up.",
    when_to_use: "Several agents work at once, or the user wants a task done on its own branch for a pull request.",
    argument: "id",
    tools: ["task_next", "task_info", "task_annotate", "task_done"],
    steps: `Task (if empty: the one task_next returns): $ARGUMENTS

1. Pick the task: the id given, else task_next. Read it with task_info.
2. Claim it and open its branch and worktree in one step: \`git backlog start <id> --worktree\` (Bash). It prints the folder (\`../<repo>-<id>-<slug>\`) and the branch (\`<id>-<slug>\`).
3. Work in that folder: commit your changes there, on the task's branch. Record progress with task_annotate (or \`git backlog annotate <id> "…"\`), which commits on the branch too.
4. When the work is done and tested: \`git backlog done <id>\` in the worktree. It commits on the branch and on the base branch, and removes the worktree when it is clean and merged or pushed.
5. Push the branch and open the pull request; \`git backlog worktrees\` shows every task worktree, and \`git backlog prune\` removes those of done tasks that are safe to remove.`,
  },
  {
    name: "review",
    description: "Review the task changes of a branch or pull request: what each task gained, lost or changed, and whether the task files are sound.",
    when_to_use: "The user asks to review a pull request, a branch, or what changed in the backlog.",
    argument: "range",
    tools: ["task_diff", "task_info", "task_history"],
    steps: `Range (if empty: this branch's work since it left its upstream or main): $ARGUMENTS

1. Read the task changes with task_diff (\`range\` as for git diff: \`main...HEAD\`, \`HEAD^!\`), or \`git backlog diff <range>\`: each task added, changed (field by field), done, renamed, renumbered, archived, and task files that do not parse.
2. Check the branch as CI does: \`git backlog check --against <base>\` (Bash): problems in the task files, ids added on both sides, dependencies on tasks the other side deletes.
3. For a task whose change needs context, read it with task_info and its history with task_history.
4. Report: what the branch does to the backlog in a few lines, then any problem with the file and line, and what to fix.
5. For a pull-request comment, \`git backlog diff <base>...HEAD --format markdown\` writes one with task text escaped.`,
  },
];

function promptOf(name) {
  const text = readFileSync(new URL(`templates/prompts/${name}.md`, root), "utf8");
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`templates/prompts/${name}.md has no frontmatter`);
  return { meta: parse(match[1]), body: match[2].trim() };
}

export function skillText(skill) {
  let description = skill.description;
  let steps = skill.steps;
  if (skill.prompt) {
    const prompt = promptOf(skill.prompt);
    description ??= prompt.meta.description;
    // The prompt's arguments become the skill's: the first one is $ARGUMENTS, the others are asked for.
    steps = prompt.body.replace(/\{\{(\w+)\}\}/g, (_, name) => (name === skill.argument ? "$ARGUMENTS" : `(ask, if it matters: ${name})`));
  }
  const allowed = [...skill.tools.map(TOOL), CLI].join(", ");
  const front = [
    "---",
    `name: ${skill.name}`,
    `description: ${JSON.stringify(description)}`,
    `when_to_use: ${JSON.stringify(skill.when_to_use)}`,
    ...(skill.argument ? [`argument-hint: "[${skill.argument}]"`] : []),
    `allowed-tools: ${allowed}`,
    "---",
  ];
  return `${front.join("\n")}\n${steps}\n\n${TOOLS_LINE}\n`;
}

export const SKILL_NAMES = SKILLS.map((skill) => skill.name);

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes("--check");
  const stale = [];
  for (const skill of SKILLS) {
    const path = new URL(`skills/${skill.name}/SKILL.md`, root);
    const text = skillText(skill);
    if (check) {
      let current = "";
      try {
        current = readFileSync(path, "utf8");
      } catch {
        // missing counts as stale
      }
      if (current !== text) stale.push(skill.name);
    } else {
      mkdirSync(new URL(`skills/${skill.name}/`, root), { recursive: true });
      writeFileSync(path, text);
    }
  }
  if (stale.length > 0) {
    console.error(`skills out of date: ${stale.join(", ")}; run npm run build:skills`);
    process.exitCode = 1;
  }
}
