/** One word of a filter turned into a term: an attribute test, a tag, ids, or a search word. */

import { FilterSyntaxError } from "../errors.js";
import { listChoices } from "../field-names.js";
import { closestWord } from "../suggest.js";
import type { FilterNode, VirtualTag } from "./ast.js";
import { VIRTUAL_TAGS } from "./ast.js";
import { MODIFIER_NAMES, modifierApplies, modifiersFor, resolveAttribute, resolveModifier } from "./attributes.js";
import { parseIdRanges } from "./id-ranges.js";
import { normalizeValue } from "./validate-value.js";
import type { Token } from "./tokenize.js";

const ATTRIBUTE = /^([A-Za-z_][\w-]*)(?:\.([A-Za-z]+))?:/;
const ID_LIST = /^\d+(?:-\d+)?(?:,\d+(?:-\d+)?)*$/;
const VIRTUAL_NAME = /^[A-Z][A-Z]+$/;
const VIRTUAL_SET: ReadonlySet<string> = new Set(VIRTUAL_TAGS);

export interface TermOptions {
  /** True when some task carries a user field of exactly this name (a typo of an attribute otherwise). */
  isUserField?: (name: string) => boolean;
}

export function parseTerm(token: Token, options: TermOptions = {}): FilterNode {
  const { value, quoteStart } = token;
  if (quoteStart === 0) {
    if (value === "") fail(token, `Empty quoted word at position ${token.position}: remove "" or put a word inside.`);
    return { kind: "word", text: value };
  }
  const first = value.charAt(0);
  if (first === "+" || first === "-") return parseTag(token);
  const attribute = ATTRIBUTE.exec(value);
  if (attribute && (quoteStart < 0 || attribute[0].length <= quoteStart)) return parseAttribute(token, attribute, options);
  if (quoteStart < 0 && ID_LIST.test(value)) {
    const ranges = parseIdRanges(value, (message, problem) =>
      fail(token, `${message} at position ${token.position}${problem === "out-of-range" ? `: quote it ("${value}") to search for it as text` : ""}.`),
    );
    return { kind: "ids", ranges };
  }
  return { kind: "word", text: value };
}

function parseTag(token: Token): FilterNode {
  const { value } = token;
  const present = value.charAt(0) === "+";
  const tag = value.slice(1);
  if (tag === "") {
    fail(token, `"${value}" at position ${token.position} has no tag name: write ${value}tagname (no space after ${value}).`);
  }
  const sign = value.charAt(0);
  const own = `For a tag of your own, write it in lower case (${sign}${tag.toLowerCase()}): tags match ignoring case.`;
  if (token.quoteStart !== 1 && VIRTUAL_NAME.test(tag)) {
    if (VIRTUAL_SET.has(tag)) return { kind: "virtual", tag: tag as VirtualTag, present };
    const guess = closestWord(tag, VIRTUAL_TAGS);
    fail(token, `Unknown virtual tag "${value}" at position ${token.position}: ${guess ? `did you mean ${sign}${guess}? ` : ""}virtual tags are ${VIRTUAL_TAGS.join(", ")}. ${own}`);
  }
  // `+Ready` is a slip for `+READY` far more often than a tag of one's own spelt with capitals.
  if (token.quoteStart !== 1 && tag !== tag.toLowerCase() && VIRTUAL_SET.has(tag.toUpperCase())) {
    fail(token, `"${value}" at position ${token.position}: did you mean ${sign}${tag.toUpperCase()}? Virtual tags are written in capitals. ${own}`);
  }
  return { kind: "tag", tag, present };
}

function parseAttribute(token: Token, match: RegExpExecArray, options: TermOptions): FilterNode {
  const [prefix, written = "", writtenModifier] = match;
  const resolved = resolveAttribute(written, options.isUserField);
  if (resolved.kind === "ambiguous") {
    fail(token, `"${written}" in "${token.text}" at position ${token.position} is short for more than one attribute: ${listChoices(resolved.candidates)}; write more of the name.`);
  }
  if (resolved.kind === "near") {
    fail(
      token,
      `Unknown attribute "${written}" in "${token.text}" at position ${token.position}: did you mean ${resolved.suggestion}? ` +
        `No task has a field "${written}" (a field of your own is matched by name once a task carries it).`,
    );
  }
  let modifier = resolveModifier(writtenModifier ?? "") ?? "match";
  if (writtenModifier !== undefined && !resolveModifier(writtenModifier)) {
    fail(
      token,
      `Unknown modifier ".${writtenModifier}" in "${token.text}" at position ${token.position}: ` +
        `use one of ${MODIFIER_NAMES.join(", ")} (as in ${written}.${nearestModifier(writtenModifier)}:…).`,
    );
  }
  if (!modifierApplies(resolved.kind, modifier)) {
    fail(
      token,
      `Modifier ".${writtenModifier ?? modifier}" does not apply to ${resolved.name} at position ${token.position}: ` +
        `${resolved.name} takes ${modifiersFor(resolved.kind).join(", ")}.`,
    );
  }
  const value = normalizeValue(resolved, modifier, token.value.slice(prefix.length), prefix.slice(0, -1), (message) =>
    fail(token, `${message} (in "${token.text}" at position ${token.position}).`),
  );
  // `.is:` with no value is the same test as the plain one; fold it so describe stays canonical.
  if (value === "" && modifier === "is") modifier = "match";
  if (value === "" && modifier === "isnt") modifier = "not";
  return { kind: "attribute", attribute: resolved.name, user: resolved.user, modifier, value };
}

/** The known modifier sharing the longest prefix with a misspelt one, for the hint. */
function nearestModifier(written: string): string {
  const lower = written.toLowerCase();
  let best = "has";
  let bestLength = 0;
  for (const name of MODIFIER_NAMES) {
    let length = 0;
    while (length < name.length && name[length] === lower[length]) length += 1;
    if (length > bestLength) {
      best = name;
      bestLength = length;
    }
  }
  return best;
}

/** Every error names the whole word and where it starts; the message says what in it is wrong. */
function fail(token: Token, message: string): never {
  throw new FilterSyntaxError(message, token.text, token.position);
}
