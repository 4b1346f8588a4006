import { z } from "zod";
import { isTaskId, notATaskId } from "../domain/task-id.js";

/**
 * Schemas are the agent's context: every tool's JSON Schema is sent with `tools/list`. `lean`
 * drops what zod adds that tells an agent nothing (the `$schema` line on every root, the ±2^53
 * bounds of `.int()`, `propertyNames: string`, `additionalProperties`), keeping zod for
 * validation and types: unknown input keys are refused (strict-input.ts), outputs still checked.
 */
export function lean<T extends z.ZodType>(schema: T): T {
  const standard = schema["~standard"];
  const leanStandard = {
    ...standard,
    jsonSchema: {
      input: (options: Parameters<typeof standard.jsonSchema.input>[0]) => strip(standard.jsonSchema.input(options)),
      output: (options: Parameters<typeof standard.jsonSchema.output>[0]) => strip(standard.jsonSchema.output(options)),
    },
  };
  return new Proxy(schema, {
    get: (target, key, receiver) => (key === "~standard" ? leanStandard : Reflect.get(target, key, receiver) as unknown),
  });
}

const SAFE = Number.MAX_SAFE_INTEGER;

function strip(json: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _schema, ...rest } = json;
  return clean(rest) as Record<string, unknown>;
}

function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if ((key === "maximum" && item === SAFE) || (key === "minimum" && item === -SAFE)) continue;
    if (key === "additionalProperties" && (item === false || isEmpty(item))) continue;
    if (key === "propertyNames" && JSON.stringify(item) === '{"type":"string"}') continue;
    if (key === "properties" && isEmpty(item)) continue;
    out[key] = clean(item);
  }
  return out;
}

function isEmpty(value: unknown): boolean {
  return typeof value === "object" && value !== null && Object.keys(value).length === 0;
}

/**
 * An id in range (docs/reference/file-format.md, "File names and ids"); a refusal names the value and the range. A refinement rather than
 * min/max: the message says the range, and the schema every tool sends stays short.
 */
export function taskId(): z.ZodNumber {
  const error = (issue: { input: unknown }): string => notATaskId(typeof issue.input === "number" ? issue.input : String(issue.input));
  return z.number().int({ error }).refine(isTaskId, { error });
}

/** A whole number that agents may quote ("12"), as they often do with ids. */
export function wholeNumber(schema: z.ZodNumber = z.number().int()): z.ZodType<number> {
  return z.preprocess((value) => (typeof value === "string" && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value), schema);
}

// Fields shared by many tools. An `id` is a task's on every task_ tool, so it goes undescribed (the
// core schemas' budget); a quoted id ("12") is taken, one out of range refused naming the range.
export const id = wholeNumber(taskId());
export const force = z.boolean().optional().describe("act on another agent's claim");
export const filter = z.string().describe("e.g. project:web +bug +READY; open tasks unless it names status or ids");

/** A task as structuredContent carries it: every field of docs/reference/mcp.md, "The task object" (the schema is kept short: it is sent with every tool). */
export const taskOut = z.looseObject({});
export const taskResult = z.object({ task: taskOut });
export const tasksResult = z.object({ tasks: z.array(taskOut) });
