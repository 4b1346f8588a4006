import type { RequestId } from "@modelcontextprotocol/server";

/**
 * Finds the top-level `"id"` of a JSON object that arrives in chunks, without keeping the text:
 * for a message too large to parse, so the error still reaches the request the client waits on
 * (the SDK's client writes `id` last, after the params that made the message large).
 *
 * It reads bytes: every byte JSON gives a meaning to is ASCII, and no byte of a multi-byte UTF-8
 * character is, so strings can be skipped without decoding them.
 */
export interface RequestIdScanner {
  push(chunk: Uint8Array): void;
  /** The id seen so far: a string or an integer, else null (none, or not a valid id). */
  id(): RequestId | null;
}

/** An id is short; a longer value is not one, and is not kept. */
const MAX_ID_BYTES = 256;
/** Long enough for `id` spelled with escapes (`"\u0069\u0064"`). */
const MAX_KEY_BYTES = 16;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

export function createRequestIdScanner(): RequestIdScanner {
  let depth = 0;
  let inString = false;
  let escaped = false;
  /** At the top level, the next string is a key. */
  let expectKey = false;
  /** The bytes of the top-level key being read; undefined when it is too long to be `id`. */
  let key: number[] | undefined;
  let inKey = false;
  let lastKey = "";
  /** The bytes of the value of a top-level `id`, while it is read. */
  let value: number[] | undefined;
  let found: RequestId | null = null;

  const finishValue = (): void => {
    if (!value) return;
    found = toRequestId(value);
    value = undefined;
  };
  const keep = (byte: number): void => {
    if (!value) return;
    if (value.length < MAX_ID_BYTES) value.push(byte);
    else value = undefined; // too long to be an id
  };

  const scan = (byte: number): void => {
    if (inString) {
      keep(byte);
      if (escaped) escaped = false;
      else if (byte === BACKSLASH) escaped = true;
      else if (byte === QUOTE) {
        inString = false;
        if (inKey) lastKey = key ? keyText(key) : "";
        inKey = false;
        return;
      }
      if (inKey && key) {
        if (key.length < MAX_KEY_BYTES) key.push(byte);
        else key = undefined;
      }
      return;
    }
    if (byte === QUOTE) {
      inString = true;
      keep(byte);
      inKey = depth === 1 && expectKey;
      key = [];
      return;
    }
    if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      keep(byte);
      depth++;
      expectKey = depth === 1 && byte === OPEN_OBJECT;
      return;
    }
    if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      if (depth === 1) finishValue();
      else keep(byte);
      depth--;
      return;
    }
    if (depth === 1 && byte === COLON) {
      expectKey = false;
      if (lastKey === "id") value = [];
      return;
    }
    if (depth === 1 && byte === COMMA) {
      finishValue();
      expectKey = true;
      return;
    }
    keep(byte);
  };

  return {
    push(chunk) {
      for (let at = 0; at < chunk.length; at++) scan(chunk[at] ?? 0);
    },
    id: () => found,
  };
}

function keyText(bytes: readonly number[]): string {
  try {
    return JSON.parse(`"${Buffer.from(bytes).toString("utf8")}"`) as string;
  } catch {
    return "";
  }
}

function toRequestId(bytes: readonly number[]): RequestId | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(bytes).toString("utf8"));
    return typeof value === "string" || Number.isSafeInteger(value) ? (value as RequestId) : null;
  } catch {
    return null;
  }
}
