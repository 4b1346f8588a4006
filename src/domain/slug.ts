/**
 * Slugs for file names and branch names. The output only ever holds `a-z`, `0-9` and inner `-`,
 * so a slug can never climb out of its folder (`/`, `..`) or hide a file (leading `.`).
 */
import { BacklogError } from "./errors.js";
import { isTaskId, notATaskId } from "./task-id.js";

/** The longest slug, so paths stay well under file system limits. */
export const MAX_SLUG_LENGTH = 60;

/** Latin letters that NFKD does not split into a base letter and a diacritic. */
const TRANSLITERATIONS: Record<string, string> = {
  ß: "ss", æ: "ae", œ: "oe", ø: "o", đ: "d", ð: "d", ł: "l", þ: "th", ı: "i", ħ: "h", ŋ: "n",
};

export function slugify(title: string, maxWords?: number): string {
  const ascii = title
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[ßæœøđðłþıħŋ]/g, (letter) => TRANSLITERATIONS[letter] ?? "");
  let words = ascii.split(/[^a-z0-9]+/).filter((word) => word !== "");
  if (maxWords !== undefined && maxWords >= 0) words = words.slice(0, Math.floor(maxWords));
  const slug = words.join("-");
  if (slug.length <= MAX_SLUG_LENGTH) return slug;
  const cut = slug.slice(0, MAX_SLUG_LENGTH + 1);
  const boundary = cut.lastIndexOf("-");
  // A single word longer than the limit has no boundary to cut at: cut the word.
  return boundary > 0 ? cut.slice(0, boundary) : slug.slice(0, MAX_SLUG_LENGTH);
}

/** `<id>-<slug>.md`, or `<id>.md` when the title has no letters or digits a slug can keep. */
export function taskFileName(id: number, title: string): string {
  if (!isTaskId(id)) throw new BacklogError("invalid", notATaskId(id), { id });
  const slug = slugify(title);
  return slug === "" ? `${id}.md` : `${id}-${slug}.md`;
}
