import { parseJSONRPCMessage, ProtocolErrorCode, type JSONRPCErrorResponse, type JSONRPCMessage, type RequestId } from "@modelcontextprotocol/server";

/** One line from the client: a message to serve, or the error response that answers it. */
export type ReadResult = { message: JSONRPCMessage } | { reply: JSONRPCErrorResponse };

/**
 * Reads one line of the stdio stream. JSON that does not parse is a Parse error (id null: none
 * can be read); anything the SDK's JSON-RPC schema refuses is an Invalid Request, answered to
 * the message's id when it has a valid one (JSON-RPC 2.0 §5), so the client never waits on it.
 */
export function readMessage(line: string): ReadResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { reply: errorResponse(null, ProtocolErrorCode.ParseError, `Parse error: ${(error as Error).message}`) };
  }
  try {
    return { message: parseJSONRPCMessage(value) };
  } catch {
    return { reply: errorResponse(idOf(value), ProtocolErrorCode.InvalidRequest, `Invalid Request: ${whatIsWrong(value)}`) };
  }
}

export function errorResponse(id: RequestId | null, code: number, message: string): JSONRPCErrorResponse {
  // JSON-RPC requires `"id": null` where no id can be read; the SDK's type leaves null out.
  return { jsonrpc: "2.0", id: id as RequestId, error: { code, message } };
}

function idOf(value: unknown): RequestId | null {
  if (!isObject(value)) return null;
  const { id } = value;
  return typeof id === "string" || Number.isSafeInteger(id) ? (id as RequestId) : null;
}

/** The first thing wrong with the envelope, in the client's terms. */
function whatIsWrong(value: unknown): string {
  if (Array.isArray(value)) return "batches are not supported; send one JSON-RPC message per line.";
  if (!isObject(value)) return "a message is a JSON object with jsonrpc, id and method.";
  if (value.jsonrpc !== "2.0") return `"jsonrpc" must be "2.0", not ${JSON.stringify(value.jsonrpc) ?? "missing"}.`;
  if ("id" in value && idOf(value) === null) return `"id" must be a string or an integer, not ${JSON.stringify(value.id)}.`;
  if ("method" in value && typeof value.method !== "string") return `"method" must be a string, not ${JSON.stringify(value.method)}.`;
  if (!("method" in value) && !("result" in value) && !("error" in value)) return 'a request needs "method" (a response, "result" or "error").';
  if ("params" in value && !isObject(value.params)) return `"params" must be an object when present, not ${JSON.stringify(value.params)}.`;
  return "the message does not match JSON-RPC 2.0 as MCP uses it.";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
