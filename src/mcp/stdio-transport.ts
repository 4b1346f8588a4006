import { AsyncResource } from "node:async_hooks";
import type { Readable, Writable } from "node:stream";
import { isJSONRPCNotification, isJSONRPCRequest, ProtocolErrorCode, STDIO_DEFAULT_MAX_BUFFER_SIZE, type JSONRPCMessage, type RequestId } from "@modelcontextprotocol/server";
import { StdioServerTransport } from "@modelcontextprotocol/server/stdio";
import { createLineSplitter } from "./line-splitter.js";
import { errorResponse, readMessage } from "./read-message.js";

export interface StdioTransportOptions {
  stdin?: Readable;
  stdout?: Writable;
  /** The longest message read, in bytes; default the SDK's 10 MiB. */
  maxMessageBytes?: number;
}

/**
 * The SDK's stdio transport (its writing, its handling of a closed stdout, its `close`), with
 * the reading and the ending every client can rely on:
 *
 * - every line gets an answer: JSON that does not parse gets a Parse error, a message the
 *   JSON-RPC schema refuses an Invalid Request (the SDK drops both with no reply, and the
 *   client waits forever);
 * - a line over the size limit is answered with an Invalid Request and skipped, and the next
 *   ones are served (the SDK closes the connection, and the server exits without a word);
 * - at the end of stdin, or on `end()` (a signal), reading stops and the transport closes only
 *   once every request it delivered is answered (the SDK closes at once and drops the answers of
 *   calls in flight, whose commits still land).
 *
 * It overrides the SDK transport's `_ondata` and `_onstdinclose` (the stdin listeners its
 * `start` and `close` attach and detach) rather than re-implementing the transport.
 */
export class StdioTransport extends StdioServerTransport {
  readonly #stdin: Readable;
  /** Requests delivered and not answered yet (nor cancelled by the client). */
  readonly #inFlight = new Set<RequestId>();
  #ending = false;
  readonly #lines: { push(chunk: Buffer): void };

  constructor(options: StdioTransportOptions = {}) {
    super(options.stdin, options.stdout);
    this.#stdin = options.stdin ?? process.stdin;
    const limit = options.maxMessageBytes ?? STDIO_DEFAULT_MAX_BUFFER_SIZE;
    this.#lines = createLineSplitter({
      maxLineBytes: limit,
      onLine: (line) => this.#receive(line),
      onOversized: (id, bytes) => this.#answer(errorResponse(id, ProtocolErrorCode.InvalidRequest, `Invalid Request: the message is ${bytes} bytes; the limit is ${limit}.`)),
    });
  }

  // Bound to where the transport was made: each call then runs in the server's environment
  // (run-environment.ts), not in whatever context wrote to the stream.
  override _ondata = AsyncResource.bind((chunk: Buffer): void => {
    if (!this.#ending) this.#lines.push(chunk);
  });

  override _onstdinclose = (): void => {
    this.end();
  };

  /** Stops reading; closes once the requests in flight are answered. */
  end(): void {
    if (!this.#ending) {
      this.#ending = true;
      this.#stdin.off("data", this._ondata);
      this.#stdin.pause();
    }
    this.#closeWhenAnswered();
  }

  override async send(message: JSONRPCMessage): Promise<void> {
    try {
      await super.send(message);
    } finally {
      if ("id" in message && !("method" in message)) this.#settle(message.id);
    }
  }

  #receive(line: string): void {
    if (line.trim() === "") return;
    const read = readMessage(line);
    if ("reply" in read) return this.#answer(read.reply);
    const { message } = read;
    if (isJSONRPCRequest(message)) this.#inFlight.add(message.id);
    else if (isJSONRPCNotification(message) && message.method === "notifications/cancelled") {
      // A cancelled request is not answered (MCP): nothing to wait for.
      const cancelled = (message.params as { requestId?: RequestId } | undefined)?.requestId;
      if (cancelled !== undefined) this.#settle(cancelled);
    }
    this.onmessage?.(message);
  }

  #answer(reply: JSONRPCMessage): void {
    this.send(reply).catch((error: unknown) => this.onerror?.(error instanceof Error ? error : new Error(String(error))));
  }

  #settle(id: RequestId | undefined): void {
    if (id === undefined || !this.#inFlight.delete(id)) return;
    this.#closeWhenAnswered();
  }

  #closeWhenAnswered(): void {
    if (this.#ending && this.#inFlight.size === 0) this.close().catch(() => undefined);
  }
}
