import { styleText } from "node:util";

/** What a command may touch of the outside world; tests and the real process each supply one. */
export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input (for `import -`). */
  readStdin: () => Promise<string>;
  /** Standard output is a terminal: colours, tables sized to it, progress on stderr. */
  isTTY: boolean;
  columns: number;
  /**
   * The entry script git should run for the merge driver (`init`): this package's own
   * `cli/main.js` unless the host says otherwise (a host embedding the CLI, tests running it
   * from source against the built one).
   */
  entryScript?: string;
}

export type Style = "bold" | "dim" | "red" | "green" | "yellow" | "blue" | "magenta" | "cyan" | "gray";

/** Colour only on a terminal, never with NO_COLOR or TERM=dumb. */
export function useColor(io: CliIo): boolean {
  return io.isTTY && !io.env.NO_COLOR && io.env.TERM !== "dumb";
}

/**
 * How wide a table may be: the terminal's width on a TTY. Piped or redirected output is not cut
 * to any width (COLUMNS is not read there), so scripts and `grep` see every title whole.
 */
export function tableWidth(io: CliIo): number {
  return io.isTTY ? io.columns : Number.POSITIVE_INFINITY;
}

export function painter(io: CliIo): (style: Style, text: string) => string {
  if (!useColor(io)) return (_style, text) => text;
  // The decision is ours (useColor): Node's own check would also drop colours when `CI` is set.
  return (style, text) => styleText(style, text, { validateStream: false });
}

export function processIo(): CliIo {
  // Watched from the first output on, not before: the MCP server writes to stdout through its
  // transport, which handles a closed pipe itself and must still finish its shutdown.
  let watched = false;
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => {
      if (!watched) {
        watched = true;
        process.stdout.on("error", endOnClosedPipe);
      }
      process.stdout.write(text);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    isTTY: process.stdout.isTTY === true,
    columns: process.stdout.columns || 100,
  };
}

/** `git-backlog list | head` closes the pipe early: that is the reader being done, not a failure. */
function endOnClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
}
