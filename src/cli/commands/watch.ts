import { graphOf } from "../../service/derived.js";
import { runView } from "../../service/operations/overview.js";
import { listTasks } from "../../service/query.js";
import type { BacklogChange, LiveBacklog } from "../../service/live-backlog.js";
import { stringFlag } from "../args.js";
import { defineCommand, type CommandContext } from "../command.js";
import { onInterrupt } from "../interrupt.js";
import { listText } from "./list.js";
import { viewText } from "./overview.js";

/** Changes that come together (a checkout, a batch) are drawn once. */
const REDRAW_DELAY_MS = 50;
const CLEAR_SCREEN = "\u001b[2J\u001b[H";

/**
 * `watch`: the long-running reader (docs/reference/file-format.md, "How tasks are loaded") for people and scripts. It keeps a list (of a
 * filter) or a view on screen and draws it again whenever the tasks change: a hand edit, a
 * commit by another process, a checkout or pull. `--json` prints one line per change instead
 * (to the filter's tasks, when one is given), for a script to react to. It runs until
 * interrupted (Ctrl-C) and exits 0.
 */
export const watchCommand = defineCommand({
  name: "watch",
  summary: "keep a list or a view on screen, redrawn when tasks change (hand edits, commits, checkouts); --json prints one line per change",
  usage: "watch [filter] [--view name] [--json]",
  help: `Runs until interrupted (Ctrl-C). On a terminal each drawing replaces the last; elsewhere each
comes after a line with the time.`,
  flags: {
    json: { kind: "boolean", help: "print a ready line, then one JSON line per change (ids, listChanged, head)" },
    view: { kind: "string", value: "name", help: "keep a view on screen instead of a list" },
  },
  examples: [
    { command: "git-backlog watch +READY", does: "what can start now, kept current" },
    { command: "git-backlog watch --view board", does: "the board on a second screen" },
    { command: "git-backlog watch project:web --json", does: "one line per change to the web project's tasks" },
  ],
  async run(context) {
    const view = stringFlag(context.args, "view");
    const { openLiveBacklog } = await import("../../service/live-backlog.js");
    const backlog = await openLiveBacklog({ cwd: context.io.cwd, env: context.io.env });
    // The CLI's reads in this checkout are answered from this index while it runs.
    const reads = await context.serveCommands(backlog);
    try {
      const report = (error: unknown): void => context.io.stderr(`watch: ${error instanceof Error ? error.message : String(error)}\n`);
      let onChange: (change: BacklogChange) => void;
      let timer: NodeJS.Timeout | undefined;
      if (context.json) {
        // A bad filter is refused before anything is watched.
        const events = await changeEvents(context, backlog);
        onChange = (change) => void events(change).catch(report);
      } else {
        // A bad filter or view name is refused before anything is watched.
        const draw = drawer(context, backlog, view);
        await draw();
        onChange = () => {
          clearTimeout(timer);
          timer = setTimeout(() => void draw().catch(report), REDRAW_DELAY_MS);
        };
      }
      const stopWatching = backlog.onChange(onChange);
      await onInterrupt().interrupted;
      clearTimeout(timer);
      stopWatching();
    } finally {
      await reads?.close();
      await backlog.close();
    }
  },
});

/** Draws the list or view: on a terminal over the last drawing, elsewhere after a time line. */
function drawer(context: CommandContext, backlog: LiveBacklog, view: string | undefined): () => Promise<void> {
  let drawn = 0;
  return async () => {
    const text = view === undefined ? await listText(await listTasks(backlog, context.args.positionals), graphOf(backlog).facts, context) : await viewText(backlog, await runView(backlog, view), context);
    const head = context.io.isTTY ? CLEAR_SCREEN : drawn > 0 ? `${context.paint("gray", `--- ${new Date().toISOString()}`)}\n` : "";
    context.print(head + text);
    drawn++;
  };
}

/**
 * `--json`: a `ready` line, then one line per change. With a filter, only changes to tasks that
 * match it before or after the change (and moves of HEAD) are reported.
 */
async function changeEvents(context: CommandContext, backlog: LiveBacklog): Promise<(change: BacklogChange) => Promise<void>> {
  const filter = context.args.positionals;
  const matching = async (): Promise<Set<number> | undefined> => (filter.length === 0 ? undefined : new Set((await listTasks(backlog, filter)).map((task) => task.id)));
  let matched = await matching();
  const line = (value: object): void => context.io.stdout(`${JSON.stringify(value)}\n`);
  line({ event: "ready", tasks: matched?.size ?? backlog.index.tasks().length });
  let queue = Promise.resolve();
  return (change) => {
    const next = queue.then(async () => {
      const before = matched;
      matched = await matching();
      const ids = before && matched ? change.ids.filter((id) => before.has(id) || matched?.has(id)) : change.ids;
      if (ids.length === 0 && !change.head) return;
      line({ event: "change", time: new Date().toISOString(), ids, listChanged: change.listChanged, head: change.head });
    });
    queue = next.catch(() => undefined); // reported by the caller; the next change still runs
    return next;
  };
}
