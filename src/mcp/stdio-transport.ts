import type { Readable, Writable } from "node:stream";
import { isJSONRPCNotification, isJSONRPCRequest, ReadBuffer, type JSONRPCMessage, type RequestId } from "@modelcontextprotocol/server";
import { StdioServerTransport } from "@modelcontextprotocol/server/stdio";

export interface StdioTransportOptions {
  stdin?: Readable;
  stdout?: Writable;
}

/**
 * The SDK's stdio transport (its reading, its writing, its handling of a closed stdout, its
 * `close`), with the ending every client can rely on: at the end of stdin, or on `end()` (a
 * signal), reading stops and the transport closes only once every request it delivered is
 * answered. The SDK's closes at once and drops the answers of calls in flight, whose commits
 * still land.
 *
 * It overrides the SDK transport's `_ondata` and `_onstdinclose` (the stdin listeners its
 * `start` and `close` attach and detach) rather than re-implementing the transport.
 */
export class StdioTransport extends StdioServerTransport {
  readonly #stdin: Readable;
  readonly #buffer = new ReadBuffer();
  /** Requests delivered and not answered yet (nor cancelled by the client). */
  readonly #inFlight = new Set<RequestId>();
  #ending = false;

  constructor(options: StdioTransportOptions = {}) {
    super(options.stdin, options.stdout);
    this.#stdin = options.stdin ?? process.stdin;
  }

  override _ondata = (chunk: Buffer): void => {
    if (this.#ending) return;
    try {
      this.#buffer.append(chunk);
      for (let message = this.#buffer.readMessage(); message; message = this.#buffer.readMessage()) this.#receive(message);
    } catch (error) {
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
    }
  };

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

  #receive(message: JSONRPCMessage): void {
    if (isJSONRPCRequest(message)) this.#inFlight.add(message.id);
    else if (isJSONRPCNotification(message) && message.method === "notifications/cancelled") {
      // A cancelled request is not answered (MCP): nothing to wait for.
      const cancelled = (message.params as { requestId?: RequestId } | undefined)?.requestId;
      if (cancelled !== undefined) this.#settle(cancelled);
    }
    this.onmessage?.(message);
  }

  #settle(id: RequestId | undefined): void {
    if (id === undefined || !this.#inFlight.delete(id)) return;
    this.#closeWhenAnswered();
  }

  #closeWhenAnswered(): void {
    if (this.#ending && this.#inFlight.size === 0) this.close().catch(() => undefined);
  }
}
