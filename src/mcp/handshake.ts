import { isJSONRPCNotification, isJSONRPCRequest, McpServer, type JSONRPCMessage, type JSONRPCRequest, type Root, type Transport } from "@modelcontextprotocol/server";
import type { StdioTransport } from "./stdio-transport.js";

/** How long a client that offers roots has to list them before the server goes on without them. */
export const ROOTS_TIMEOUT_MS = 2_000;

/** The server's name, version, capabilities and instructions: one answer to `initialize`, whichever server gives it. */
export type ServerIdentity = ConstructorParameters<typeof McpServer>;

export interface Handshake {
  /**
   * The client's roots: undefined when it offers none (no `roots` capability, no `initialize`
   * at all, stdin ended first), when they were not asked for, or when it did not list them in
   * time.
   */
  roots: Promise<readonly Root[] | undefined>;
  /** Hands the connection to the server that serves the backlog: the handshake replayed to it, then every message held meanwhile. */
  handOver(server: McpServer): Promise<void>;
}

/**
 * The start of an MCP session over `transport`, before the server that serves a backlog exists:
 * that server depends on the repository (its tools on the `toolset` of `.backlog`, its prompts on
 * the repository's templates), and the repository may be known only from the client's roots,
 * which can be asked for only after the handshake (`initialize`, then `initialized`).
 *
 * When the client offers roots (and `askRoots`), a bootstrap server with the same identity answers
 * `initialize` (and a version-negotiation probe before it, `server/discover`) and pings, and asks
 * `roots/list`. Every other message is held. `handOver` then replays `initialize` (its answer,
 * already given, is dropped) and `initialized` to the real server and delivers what was held, in
 * order. A client that offers no roots is answered by the real server alone, its `initialize`
 * held like the rest.
 */
export function startHandshake(transport: StdioTransport, identity: ServerIdentity, askRoots: boolean): Handshake {
  let settle!: (roots: readonly Root[] | undefined) => void;
  const roots = new Promise<readonly Root[] | undefined>((resolve) => (settle = resolve));
  if (!askRoots) settle(undefined);
  const held: JSONRPCMessage[] = [];
  let initialize: JSONRPCRequest | undefined;
  let initialized: JSONRPCMessage | undefined;
  let bootstrap: { server: McpServer; pipe: Pipe } | undefined;
  /** The bootstrap answered `initialize`: the real server gets it replayed. */
  let answered = false;
  let closed = false;
  let deliver: ((message: JSONRPCMessage) => void) | undefined;

  const startBootstrap = (): { server: McpServer; pipe: Pipe } => {
    if (bootstrap) return bootstrap;
    const server = new McpServer(...identity);
    const pipe = new Pipe(transport);
    server.server.oninitialized = () => {
      server.server.listRoots(undefined, { timeout: ROOTS_TIMEOUT_MS }).then(
        (result) => settle(result.roots),
        () => settle(undefined),
      );
    };
    void server.connect(pipe);
    return (bootstrap = { server, pipe });
  };

  /** What the bootstrap answers: the handshake it runs, the answers to its own requests (roots), pings. */
  const forBootstrap = (message: JSONRPCMessage): boolean => {
    if (!bootstrap) return false;
    if (isJSONRPCNotification(message)) return answered && message.method === "notifications/initialized";
    if (isJSONRPCRequest(message)) return message.method === "ping";
    return answered;
  };

  transport.onmessage = (message: JSONRPCMessage) => {
    if (deliver) return deliver(message);
    if (!initialize && isJSONRPCRequest(message)) {
      if (message.method === "initialize") {
        initialize = message;
        const capabilities = (message.params as { capabilities?: { roots?: unknown } } | undefined)?.capabilities;
        if (askRoots && capabilities?.roots) {
          answered = true;
          return startBootstrap().pipe.deliver(message);
        }
        held.push(message);
        return settle(undefined);
      }
      // A client negotiating its protocol version probes first; on an older revision it then
      // says initialize, perhaps offering roots. The bootstrap answers the probe as the server would.
      if (askRoots && message.method === "server/discover") return startBootstrap().pipe.deliver(message);
    }
    if (forBootstrap(message)) {
      if (isJSONRPCNotification(message)) initialized = message;
      return bootstrap!.pipe.deliver(message);
    }
    if (!initialize) settle(undefined);
    held.push(message);
  };
  transport.onclose = () => {
    closed = true;
    settle(undefined);
  };
  transport.onerror = () => undefined;

  const handOver = async (server: McpServer): Promise<void> => {
    const pipe = new Pipe(transport, answered ? initialize!.id : undefined);
    await server.connect(pipe);
    if (answered) {
      pipe.deliver(initialize!);
      if (initialized) pipe.deliver(initialized);
    }
    await bootstrap?.server.close();
    for (const message of held.splice(0)) pipe.deliver(message);
    deliver = (message) => pipe.deliver(message);
    transport.onclose = () => void pipe.close();
    transport.onerror = (error) => pipe.onerror?.(error);
    if (closed) await pipe.close();
  };
  return { roots, handOver };
}

/**
 * One server's end of the shared stdio transport: what the server sends goes out on it, what
 * the handshake delivers reaches the server. Closing it detaches the server, not the transport.
 * The answer to `dropAnswerTo` (a replayed `initialize`, answered already) is not sent.
 */
class Pipe implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport["onmessage"];
  #open = true;
  /** What arrived before the server started listening (several lines can come in one read). */
  #early: JSONRPCMessage[] | undefined = [];

  constructor(
    private readonly transport: StdioTransport,
    private dropAnswerTo?: JSONRPCRequest["id"],
  ) {}

  start(): Promise<void> {
    const early = this.#early ?? [];
    this.#early = undefined;
    for (const message of early) this.deliver(message);
    return Promise.resolve();
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.dropAnswerTo !== undefined && "id" in message && !("method" in message) && message.id === this.dropAnswerTo) {
      this.dropAnswerTo = undefined;
      return Promise.resolve();
    }
    return this.transport.send(message);
  }

  deliver(message: JSONRPCMessage): void {
    if (this.#early) this.#early.push(message);
    else if (this.#open) this.onmessage?.(message);
  }

  close(): Promise<void> {
    if (this.#open) {
      this.#open = false;
      this.onclose?.();
    }
    return Promise.resolve();
  }
}
