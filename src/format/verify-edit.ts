/**
 * The safety net of minimal edits: re-read the edited text and refuse it unless it parses, every
 * changed field came out as asked, every other field is unchanged and the body is what was meant.
 */
import { isMap, type Document } from "yaml";
import { BacklogError } from "../domain/errors.js";
import type { FieldChanges, UserValue } from "../domain/task.js";
import { findFrontmatter } from "./frontmatter.js";
import { keyName, readFields, readUserValue, toUserValue } from "./read-fields.js";
import { readYaml } from "./read-yaml.js";

export function verifyEdit(before: Document.Parsed, after: string, changes: FieldChanges, body: string, where: string): void {
  const block = findFrontmatter(after);
  const yaml = typeof block === "string" ? undefined : readYaml(block.yaml);
  const broken = yaml?.problems.find((problem) => problem.severity === "error");
  if (typeof block === "string" || !yaml || broken) {
    const reason = typeof block === "string" ? block : (broken?.message ?? "");
    throw new BacklogError("invalid", `${where}the edit would leave a file that does not parse (${reason}); nothing was written`);
  }
  const read = readFields(yaml.doc);
  const old = values(before);
  const now = values(yaml.doc);

  for (const [key, asked] of Object.entries(changes)) {
    if (asked === undefined) continue;
    const problem = read.problems.find((candidate) => candidate.key === key && candidate.severity === "error");
    if (problem) throw new BacklogError("invalid", `${where}${problem.message}`, { field: key });
    const wanted = asked === null ? undefined : toUserValue(asked);
    if (!sameValue(now.get(key), wanted)) {
      const got = now.has(key) ? JSON.stringify(now.get(key)) : "absent";
      throw new BacklogError("invalid", `${where}${key} would be ${got} instead of ${JSON.stringify(wanted) ?? "absent"}; nothing was written`, { field: key });
    }
  }
  for (const key of new Set([...old.keys(), ...now.keys()])) {
    if (key in changes && changes[key] !== undefined) continue;
    if (!sameValue(old.get(key), now.get(key))) {
      throw new BacklogError("invalid", `${where}the edit would also change ${key}; nothing was written`, { field: key });
    }
  }
  if (block.body !== body) throw new BacklogError("invalid", `${where}the edit would change the body unexpectedly; nothing was written`);
}

function values(doc: Document.Parsed): Map<string, UserValue> {
  const result = new Map<string, UserValue>();
  if (!isMap(doc.contents)) return result;
  for (const pair of doc.contents.items) {
    result.set(keyName(pair, doc), readUserValue(pair.value, doc).value);
  }
  return result;
}

export function sameValue(a: UserValue | undefined, b: UserValue | undefined): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameValue(a[key], b[key]));
  }
  return Object.is(a, b);
}
