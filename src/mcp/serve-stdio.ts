import type { Readable, Writable } from "node:stream";
import { withRunEnvironment } from "../service/run-environment.js";
import { packageVersion } from "../service/version.js";
import { projectDirFromEnv, workTreeOf, workTreeOfRoots } from "../service/choose-project.js";
import { keepHeapSmallWhileServing, openLiveBacklog, type LiveBacklog } from "../service/live-backlog.js";
import { createServer, serverIdentity } from "./create-server.js";
import { startHandshake } from "./handshake.js";
import { StdioTransport } from "./stdio-transport.js";

export interface ServeStdioOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Non-fatal problems; stdout belongs to the protocol. */
  stderr: (text: string) => void;
  /** Resolves when the server should stop as if stdin had ended (SIGINT, SIGTERM). */
  stop?: Promise<void>;
  /** The protocol's streams: the process's stdin and stdout unless given (a host serving in process). */
  stdin?: Readable;
  stdout?: Writable;
  /** Started once the backlog is open and stopped before it closes: another face of the same live index (the CLI's reads). */
  alongside?: (backlog: LiveBacklog) => Promise<{ close(): Promise<void> } | undefined>;
}

/**
 * `git-backlog mcp`: serves a backlog over stdin/stdout (that of CLAUDE_PROJECT_DIR, else of the
 * client's first root in a repository, else of `cwd`) until the client closes its end (or `stop` resolves), answers the calls in flight, then stops the watcher and the writer,
 * which leaves nothing behind in `.git`. A bad toolset is refused before anything is served.
 */
export function serveStdio(options: ServeStdioOptions): Promise<void> {
  // Everything the server does, a call's git processes included, runs in the environment it was given.
  return withRunEnvironment(options.env, () => serve(options));
}

async function serve(options: ServeStdioOptions): Promise<void> {
  const warn = (message: string): void => options.stderr(`git-backlog mcp: ${message}\n`);
  // A server lives for a whole agent session.
  const open = (cwd: string): Promise<LiveBacklog> => openLiveBacklog({ cwd, env: options.env, beforeBodies: keepHeapSmallWhileServing });
  const fixed = projectDirFromEnv(options.env, warn);
  const cwd = fixed ?? options.cwd;
  // The likely backlog opens at once, while the client's first messages arrive: the client's
  // roots, asked for only when no CLAUDE_PROJECT_DIR names the project, may name another one.
  const likely = open(cwd);
  likely.catch(() => undefined);
  const transport = new StdioTransport({ ...(options.stdin && { stdin: options.stdin }), ...(options.stdout && { stdout: options.stdout }) });
  const handshake = startHandshake(transport, serverIdentity(packageVersion()), fixed === undefined);
  await transport.start();
  void options.stop?.then(() => transport.end());
  let unused: Promise<void> | undefined;
  let backlog: LiveBacklog;
  try {
    // A backlog that does not open in the working directory's own repository (a .backlog that
    // does not parse) stops the server at once, not after the client's handshake. Outside any
    // repository (a plugin's cache) the client's roots may still name the project, unless stdin
    // is a terminal: a person, not a client, started the server.
    const onTerminal = (options.stdin ?? process.stdin) === process.stdin && process.stdin.isTTY;
    const never = new Promise<never>(() => undefined);
    const broken = likely.then(
      () => never,
      (error: unknown) => (workTreeOf(cwd) || onTerminal ? Promise.reject(error as Error) : never),
    );
    const roots = await Promise.race([handshake.roots, broken]);
    const fromRoots = roots && (await workTreeOfRoots(roots, options.env));
    if (fromRoots && fromRoots !== workTreeOf(cwd)) {
      unused = likely.then((other) => other.close(), () => undefined);
      backlog = await open(fromRoots);
    } else {
      if (roots && roots.length > 0 && !fromRoots) warn(`none of the client's roots is in a git repository (${roots.map((root) => root.uri).join(", ")}); serving the working directory, ${cwd}.`);
      backlog = await likely;
    }
  } catch (error) {
    await transport.close();
    await unused;
    throw error;
  }
  let created;
  try {
    created = createServer({ backlog, version: packageVersion(), warn });
  } catch (error) {
    await transport.close();
    await Promise.all([backlog.close(), unused]);
    throw error;
  }
  const { server, cleanup } = created;
  const alongside = await options.alongside?.(backlog).catch(() => undefined);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
  });
  try {
    await handshake.handOver(server);
    await closed;
  } finally {
    cleanup();
    // Closed already when stdin ended; if the server stopped first, this stops reading stdin.
    await transport.close();
    await alongside?.close();
    await Promise.all([backlog.close(), unused]);
  }
}
