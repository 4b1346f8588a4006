import { describe, expect, it } from "vitest";
import { createLineSplitter } from "../../../src/mcp/line-splitter.js";

function splitter(maxLineBytes: number) {
  const events: unknown[] = [];
  const lines = createLineSplitter({ maxLineBytes, onLine: (line) => events.push(line), onOversized: (id, bytes) => events.push({ id, bytes }) });
  return { push: (text: string) => lines.push(Buffer.from(text)), events };
}

describe("createLineSplitter", () => {
  it("cuts lines at \\n, drops a \\r before it, and joins a line split over chunks", () => {
    const lines = splitter(100);
    lines.push('{"a":1}\r\n{"b"');
    lines.push(":2}\n\n");
    expect(lines.events).toEqual(['{"a":1}', '{"b":2}', ""]);
  });

  it("keeps a line of exactly the limit", () => {
    const lines = splitter(5);
    lines.push("12345\n");
    expect(lines.events).toEqual(["12345"]);
  });

  it("reports a line over the limit with its size and id once its newline comes, then reads the next lines", () => {
    const lines = splitter(16);
    const [start, rest] = ['{"jsonrpc":"2.0","method":"x",', '"params":{"id":"inner"},"id":7}'];
    lines.push(start);
    expect(lines.events).toEqual([]);
    lines.push(`${rest}\n{"c":3}\n`);
    expect(lines.events).toEqual([{ id: 7, bytes: start.length + rest.length }, '{"c":3}']);
  });

  it("counts bytes, not characters", () => {
    const lines = splitter(4);
    lines.push("ééé\n"); // 6 bytes
    expect(lines.events).toEqual([{ id: null, bytes: 6 }]);
  });
});
