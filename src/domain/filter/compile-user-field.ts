/**
 * User fields (frontmatter keys git-backlog does not define) have no declared type, so each
 * comparison picks one from the values: numbers compare as numbers when both sides are
 * numbers, dates as dates when both are dates (for order), and everything else as strings,
 * ignoring case. A list matches when one of its items does; `.has` on a list is membership.
 */

import { resolveDate } from "../dates.js";
import { parseIsoDate } from "../iso-time.js";
import type { Task, UserValue } from "../task.js";
import type { Modifier } from "./ast.js";
import type { Predicate } from "./predicate.js";

type PositiveModifier = Exclude<Modifier, "not" | "isnt" | "hasnt" | "any">;

interface Atom {
  text: string;
  number: number;
}

export function compileUserField(name: string, modifier: PositiveModifier, value: string, now: Date): Predicate {
  const read = (task: Task): UserValue | undefined => (Object.hasOwn(task.user, name) ? task.user[name] : undefined);
  if (modifier === "none") return (task) => atomsOf(read(task)).length === 0;
  const wanted = toAtom(value);
  const test = atomTest(modifier, wanted, value, now);
  if (modifier === "has") {
    return (task) => {
      const raw = read(task);
      return Array.isArray(raw) ? atomsOf(raw).some((atom) => atom.text === wanted.text) : atomsOf(raw).some(test);
    };
  }
  return (task) => atomsOf(read(task)).some(test);
}

function atomTest(modifier: PositiveModifier, wanted: Atom, value: string, now: Date): (atom: Atom) => boolean {
  switch (modifier) {
    case "match":
    case "is":
      return (atom) => (bothNumbers(atom, wanted) ? atom.number === wanted.number : atom.text === wanted.text);
    case "has":
      return (atom) => atom.text.includes(wanted.text);
    case "startswith":
      return (atom) => atom.text.startsWith(wanted.text);
    case "endswith":
      return (atom) => atom.text.endsWith(wanted.text);
    case "before":
      return orderTest(wanted, value, now, (sign) => sign < 0);
    case "after":
      return orderTest(wanted, value, now, (sign) => sign > 0);
    case "by":
      return orderTest(wanted, value, now, (sign) => sign <= 0);
    case "none":
      return () => false;
  }
}

/** `accept` gets the sign of (task value − filter value) in the type both sides share. */
function orderTest(wanted: Atom, value: string, now: Date, accept: (sign: number) => boolean): (atom: Atom) => boolean {
  const date = resolveDate(value, now);
  return (atom) => {
    if (bothNumbers(atom, wanted)) return accept(Math.sign(atom.number - wanted.number));
    const atomDate = date ? parseIsoDate(atom.text) : undefined;
    if (date && atomDate) return accept(Math.sign(atomDate.ms - date.start));
    return accept(atom.text < wanted.text ? -1 : atom.text > wanted.text ? 1 : 0);
  };
}

function bothNumbers(left: Atom, right: Atom): boolean {
  return !Number.isNaN(left.number) && !Number.isNaN(right.number);
}

/** The comparable items of a value: none for missing, null, "" and []. */
function atomsOf(value: UserValue | undefined): Atom[] {
  if (value === undefined || value === null || value === "") return [];
  if (Array.isArray(value)) return value.flatMap((item) => atomsOf(item));
  if (typeof value === "object") return [toAtom(JSON.stringify(value))];
  return [toAtom(String(value))];
}

function toAtom(text: string): Atom {
  const trimmed = text.trim();
  return { text: text.toLowerCase(), number: trimmed === "" ? Number.NaN : Number(trimmed) };
}
