import type { RequestId } from "@modelcontextprotocol/server";
import { createRequestIdScanner, type RequestIdScanner } from "./request-id-scanner.js";

export interface LineSplitterOptions {
  /** The longest line kept, in bytes (without its newline). */
  maxLineBytes: number;
  /** A complete line, decoded, without its `\n` or `\r\n`. */
  onLine: (line: string) => void;
  /** A line longer than the limit, once its end has come: its size and the id it carried, if one was found. */
  onOversized: (id: RequestId | null, bytes: number) => void;
}

/**
 * Cuts a byte stream into newline-delimited lines (MCP's stdio framing). A line over the limit
 * is not buffered: its bytes only pass through a scanner for the request id until its newline
 * comes, and the lines after it are read as usual.
 */
export function createLineSplitter(options: LineSplitterOptions): { push(chunk: Buffer): void } {
  let parts: Buffer[] = [];
  let size = 0;
  /** Set while the rest of an oversized line goes by. */
  let oversized: RequestIdScanner | undefined;

  const take = (part: Buffer): void => {
    size += part.length;
    if (oversized) return oversized.push(part);
    if (size <= options.maxLineBytes) {
      parts.push(part);
      return;
    }
    oversized = createRequestIdScanner();
    for (const kept of parts) oversized.push(kept);
    oversized.push(part);
    parts = [];
  };

  const endLine = (): void => {
    if (oversized) options.onOversized(oversized.id(), size);
    else options.onLine(Buffer.concat(parts, size).toString("utf8").replace(/\r$/, ""));
    parts = [];
    size = 0;
    oversized = undefined;
  };

  return {
    push(chunk) {
      let start = 0;
      for (let end = chunk.indexOf(0x0a); end !== -1; end = chunk.indexOf(0x0a, start)) {
        take(chunk.subarray(start, end));
        endLine();
        start = end + 1;
      }
      if (start < chunk.length) take(chunk.subarray(start));
    },
  };
}
