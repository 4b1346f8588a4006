import { graphOf } from "../../service/derived.js";
import { runView } from "../../service/operations/overview.js";
import { listTasks } from "../../service/query.js";
import type { LiveBacklog } from "../../service/live-backlog.js";
import { stringFlag } from "../args.js";
import { defineCommand, type CommandContext } from "../command.js";
import { listText } from "./list.js";
import { viewText } from "./overview.js";

/** Changes that come together (a checkout, a batch) are drawn once. */
const REDRAW_DELAY_MS = 50;
const CLEAR_SCREEN = "\u001b[2J\u001b[H";

/**
 * `watch`: the long-running reader of SPEC §6 for people and scripts. It keeps a list (of a
 * filter) or a view on screen and draws it again whenever the tasks change: a hand edit, a
 * commit by another process, a checkout or pull. `--json` prints one line per change instead,
 * for a script to react to. It runs until interrupted (Ctrl-C) and exits 0.
 */
export const watchCommand = defineCommand({
  name: "watch",
  summary: "keep a list or a view on screen, redrawn when tasks change (hand edits, commits, checkouts); --json prints one line per change",
  usage: "watch [filter] [--view name] [--json]",
  flags: { json: "boolean", view: "string" },
  async run(context) {
    const view = stringFlag(context.args, "view");
    const { openLiveBacklog } = await import("../../service/live-backlog.js");
    const backlog = await openLiveBacklog({ cwd: context.io.cwd, env: context.io.env });
    try {
      const draw = context.json ? undefined : drawer(context, backlog, view);
      // A bad filter or view name is refused before anything is watched.
      await (draw ? draw() : listTasks(backlog, context.args.positionals));
      if (context.json) context.io.stdout(`${JSON.stringify({ event: "ready", tasks: backlog.index.tasks().length })}\n`);
      let timer: NodeJS.Timeout | undefined;
      const stopWatching = backlog.onChange((change) => {
        if (!draw) {
          context.io.stdout(`${JSON.stringify({ event: "change", time: new Date().toISOString(), ids: change.ids, listChanged: change.listChanged, head: change.head })}\n`);
          return;
        }
        clearTimeout(timer);
        timer = setTimeout(() => void draw().catch((error: unknown) => context.io.stderr(`watch: ${error instanceof Error ? error.message : String(error)}\n`)), REDRAW_DELAY_MS);
      });
      await interrupted();
      clearTimeout(timer);
      stopWatching();
    } finally {
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


/** Resolves on Ctrl-C or a termination request: the end of a watch, not a failure. */
function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      resolve();
    };
    process.on("SIGINT", done);
    process.on("SIGTERM", done);
  });
}
