/** What the filter knows about each attribute: its kind, its aliases, the modifiers it takes. */

import { readFieldName, TASKWARRIOR_NAMES, type FieldName } from "../field-names.js";
import { DATE_FIELDS } from "../task.js";
import type { Modifier } from "./ast.js";

/**
 * How an attribute is compared. `id`: a number that accepts id lists and ranges (id, parent);
 * `number`: urgency; `idlist`: depends, related; `taglist`: tags; `text`: title and body (searchable);
 * `string`: other free strings; `user`: frontmatter fields git-backlog does not define.
 */
export type AttributeKind =
  | "id"
  | "number"
  | "idlist"
  | "taglist"
  | "date"
  | "status"
  | "priority"
  | "type"
  | "project"
  | "text"
  | "string"
  | "user";

const KINDS: ReadonlyMap<string, AttributeKind> = new Map<string, AttributeKind>([
  ["id", "id"],
  ["parent", "id"],
  ["urgency", "number"],
  ["depends", "idlist"],
  ["related", "idlist"],
  ["tags", "taglist"],
  ["status", "status"],
  ["priority", "priority"],
  ["type", "type"],
  ["project", "project"],
  ["title", "text"],
  ["body", "text"],
  ["assignee", "string"],
  ["recur", "string"],
  ["branch", "string"],
  ["worktree", "string"],
  ...DATE_FIELDS.map((field) => [field, "date"] as const),
]);

/** The names a filter may give an attribute: ours and Taskwarrior's (abbreviations of both are read by field-names.ts). */
const ATTRIBUTE_NAMES: ReadonlyMap<string, string> = new Map([...[...KINDS.keys()].map((name) => [name, name] as const), ...Object.entries(TASKWARRIOR_NAMES)]);

const MODIFIER_ALIASES: ReadonlyMap<string, Modifier> = new Map<string, Modifier>([
  ["is", "is"],
  ["equals", "is"],
  ["not", "not"],
  ["isnt", "isnt"],
  ["has", "has"],
  ["contains", "has"],
  ["hasnt", "hasnt"],
  ["none", "none"],
  ["any", "any"],
  ["startswith", "startswith"],
  ["left", "startswith"],
  ["endswith", "endswith"],
  ["right", "endswith"],
  ["before", "before"],
  ["below", "before"],
  ["under", "before"],
  ["after", "after"],
  ["above", "after"],
  ["over", "after"],
  ["by", "by"],
]);

export const MODIFIER_NAMES = [...MODIFIER_ALIASES.keys()];

const BASE: readonly Modifier[] = ["match", "is", "not", "isnt", "none", "any"];
const TEXT: readonly Modifier[] = ["has", "hasnt", "startswith", "endswith"];
const ORDER: readonly Modifier[] = ["before", "after", "by"];

const ALLOWED: Readonly<Record<AttributeKind, ReadonlySet<Modifier>>> = {
  id: new Set([...BASE, ...ORDER]),
  number: new Set([...BASE, ...ORDER]),
  idlist: new Set([...BASE, "has", "hasnt"]),
  taglist: new Set([...BASE, ...TEXT]),
  date: new Set([...BASE, ...ORDER, ...TEXT]),
  status: new Set([...BASE, ...TEXT]),
  priority: new Set([...BASE, ...ORDER, ...TEXT]),
  type: new Set([...BASE, ...TEXT]),
  project: new Set([...BASE, ...TEXT]),
  text: new Set([...BASE, ...TEXT]),
  string: new Set([...BASE, ...TEXT]),
  user: new Set([...BASE, ...ORDER, ...TEXT]),
};

export interface ResolvedAttribute {
  name: string;
  kind: AttributeKind;
  user: boolean;
}

/** A name that is neither an attribute nor a user field, and looks meant for an attribute. */
export type RefusedName = Extract<FieldName, { kind: "ambiguous" | "near" }>;

/**
 * Known names and their abbreviations ignore case (field-names.ts); anything else is a user
 * field, whose name keeps its case (YAML keys do), unless it is an ambiguous abbreviation or a
 * near miss of an attribute that no task carries as a user field (`isUserField`).
 */
export function resolveAttribute(written: string, isUserField: (name: string) => boolean = () => false): ResolvedAttribute | RefusedName {
  const read = readFieldName(written, ATTRIBUTE_NAMES, isUserField);
  if (read.kind === "ambiguous" || read.kind === "near") return read;
  const kind = read.kind === "field" ? KINDS.get(read.name) : undefined;
  return read.kind === "field" && kind ? { name: read.name, kind, user: false } : { name: written, kind: "user", user: true };
}

export function kindOf(attribute: string, user: boolean): AttributeKind {
  return user ? "user" : (KINDS.get(attribute) ?? "user");
}

export function resolveModifier(written: string): Modifier | undefined {
  return MODIFIER_ALIASES.get(written.toLowerCase());
}

export function modifierApplies(kind: AttributeKind, modifier: Modifier): boolean {
  return ALLOWED[kind].has(modifier);
}

/** The modifier names (canonical, as the user may write them) an attribute kind accepts. */
export function modifiersFor(kind: AttributeKind): string[] {
  return [...ALLOWED[kind]].filter((modifier) => modifier !== "match");
}
