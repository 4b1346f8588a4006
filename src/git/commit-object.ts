import { BacklogError } from "../domain/errors.js";
import type { ObjectStore } from "./object-store.js";

/** Commit objects: the bytes git writes for `git commit`, and the fields we read back. */

export interface Person {
  name: string;
  email: string;
}

export interface CommitFields {
  tree: string;
  parents: readonly string[];
  /** `Name <email> <unix seconds> <±hhmm>` */
  author: string;
  committer: string;
  message: string;
}

/** `Name <email> <seconds> <±hhmm>`, with the local time zone, as git writes it. */
export function formatIdent(person: Person, when: Date): string {
  const offset = -when.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, "0");
  const minutes = String(Math.abs(offset) % 60).padStart(2, "0");
  return `${clean(person.name)} <${clean(person.email)}> ${Math.floor(when.getTime() / 1000)} ${sign}${hours}${minutes}`;
}

export function formatCommit(fields: CommitFields): Buffer {
  const lines = [`tree ${fields.tree}`, ...fields.parents.map((parent) => `parent ${parent}`), `author ${fields.author}`, `committer ${fields.committer}`];
  return Buffer.from(`${lines.join("\n")}\n\n${fields.message}`, "utf8");
}

export interface ParsedCommit {
  tree: string;
  parents: string[];
  message: string;
}

export function parseCommit(body: Buffer): ParsedCommit {
  const text = body.toString("utf8");
  const split = text.indexOf("\n\n");
  const header = split < 0 ? text : text.slice(0, split);
  const parents: string[] = [];
  let tree: string | undefined;
  for (const line of header.split("\n")) {
    if (line.startsWith("tree ")) tree = line.slice(5);
    else if (line.startsWith("parent ")) parents.push(line.slice(7));
  }
  if (!tree) throw new BacklogError("git", "A commit object in the repository has no tree. Run `git fsck`.");
  return { tree, parents, message: split < 0 ? "" : text.slice(split + 2) };
}

export async function readCommit(objects: ObjectStore, oid: string): Promise<ParsedCommit> {
  const object = await objects.read(oid);
  if (object.type !== "commit") throw new BacklogError("git", `Expected a commit at ${oid}, found a ${object.type}.`);
  return parseCommit(object.body);
}

/** The first parents of `commit`, nearest first, at most `steps` of them; stops at a root commit or a non-commit. */
export async function* firstParents(objects: ObjectStore, commit: string, steps: number): AsyncGenerator<string> {
  let at = commit;
  for (let step = 0; step < steps; step++) {
    const object = await objects.read(at);
    const parent = object.type === "commit" ? parseCommit(object.body).parents[0] : undefined;
    if (parent === undefined) return;
    yield parent;
    at = parent;
  }
}

/** Git drops these from names and emails; so do we, so the header stays parseable. */
function clean(text: string): string {
  return text.replace(/[<>\n\r\0]/g, "").trim();
}
