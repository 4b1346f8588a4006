import { describe, expect, it } from "vitest";
import { createRequestIdScanner } from "../../../src/mcp/request-id-scanner.js";

function scan(...chunks: string[]): unknown {
  const scanner = createRequestIdScanner();
  for (const chunk of chunks) scanner.push(Buffer.from(chunk));
  return scanner.id();
}

describe("createRequestIdScanner", () => {
  it("finds a top-level id before or after the params", () => {
    expect(scan('{"jsonrpc":"2.0","id":12,"method":"tools/call","params":{}}')).toBe(12);
    expect(scan('{"method":"tools/call","params":{"a":[1,{"b":2}]},"jsonrpc":"2.0","id":"req-1"}')).toBe("req-1");
  });

  it("ignores an id inside the params, in a string, or in a key's value", () => {
    expect(scan('{"params":{"id":5},"note":"\\"id\\":6","method":"x"}')).toBeNull();
    expect(scan('{"params":[{"id":5}],"method":"id"}')).toBeNull();
  });

  it("reads a string id with escapes and multi-byte characters, split anywhere", () => {
    const text = '{ "id" : "a\\"b-é", "method": "x" }';
    for (let cut = 1; cut < text.length; cut++) expect(scan(text.slice(0, cut), text.slice(cut))).toBe('a"b-é');
  });

  it("finds the key spelled with escapes", () => {
    expect(scan('{"\\u0069d":3}')).toBe(3);
  });

  it("gives null for an id that is not a string or an integer, and for no object at all", () => {
    expect(scan('{"id":1.5}')).toBeNull();
    expect(scan('{"id":null}')).toBeNull();
    expect(scan('{"id":{"n":1}}')).toBeNull();
    expect(scan('[{"id":1}]')).toBeNull();
    expect(scan(`{"id":"${"x".repeat(1000)}"}`)).toBeNull();
  });

  it("gives the id seen so far when the line is cut short", () => {
    expect(scan('{"id":4,"params":{"body":"xxxx')).toBe(4);
  });
});
