import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findFrontmatter } from "../../../src/format/frontmatter.js";
import { readFields } from "../../../src/format/read-fields.js";
import { readYaml } from "../../../src/format/read-yaml.js";
import { parseSimpleYaml } from "../../../src/format/simple-yaml.js";
import { assertProperty } from "../../helpers/property.js";
import { readCorpus } from "./corpus.js";

/** What the rest of the reader sees of a frontmatter: fields, user fields, located problems. */
function reading(yaml: string, fast: boolean) {
  const parsed = readYaml(yaml, { fast });
  const read = readFields(parsed.doc, parsed.contents);
  const locate = (problems: { code: string; message: string; severity: string; offset: number }[]) =>
    problems.map(({ offset, ...problem }) => ({ ...problem, ...parsed.position(offset) }));
  return { fields: read.fields, user: read.user, problems: [...locate(parsed.problems), ...locate(read.problems)] };
}

const VALUES = [
  "plain words", "yes", "No", "0x1F", "0o17", "1e3", "-5", "+1", ".5", "1.10", "---", "null", "~", "True", "FALSE",
  "2026-01-01", "2026-01-01T10:00:00Z", "a:b", "http://x.y/z", "C#", "a #comment", "[a, b]", "[]", "[ ]", "[a,]",
  "[1, 2, x]", "[ 7 , 9 ]", "[a b, c]", "it's", "x y z", "", "# only a comment", "-", "- x", "-x", "?x", ":x", "!x",
  "&a", "*a", "|", ">", "%x", "@x", "`x", "'q'", '"q"', "{a: 1}", "a: b", "a:", "wip", "H", "h", "high", "🚀 rocket",
  "日本語", "a, b", "+auth +api", "7, 9", ".inf", "-.INF", ".nan", "0", "-0", "12", "task-12", "[task-1]", "[+a, -b]",
];
const KEYS = ["id", "title", "status", "priority", "tags", "depends", "parent", "due", "note", "Title", "true", "null", "x_y", "a-b", "1st"];

/** Pieces of awkward scalars: quotes, colons, `#`, indicators, spaces, unicode, words YAML reads as other types. */
const AWKWARD = [
  "'", '"', ":", ": ", "#", " #", " ", "  ", "\t", "-", "- ", "?", "[", "]", "{", "}", ",", "&", "*", "!", "|", ">", "%", "@", "`",
  "\\", "é", "🚀", "日本", "\u00a0", "\u2028", "\u0085", "\ufeff", "\u0007", "yes", "no", "true", "False", "null", "~", "0x", "0o",
  "1", "0", "12", ".", "e3", "+", "_", "inf", "nan", "2026-01-01", "T10:00:00Z", "x", "word",
];

const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...KEYS) },
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,6}$/) },
  { weight: 1, arbitrary: fc.constantFrom("yes", "1", "~", "-x", "a b", "é", "'q'") },
);
const awkward = fc
  .array(fc.oneof(fc.constantFrom(...AWKWARD), fc.string({ unit: "grapheme", maxLength: 3 })), { maxLength: 5 })
  .map((parts) => parts.join(""));
/** A scalar as written after `key: `, no line break in it. */
const scalar = fc
  .oneof(
    { weight: 4, arbitrary: fc.constantFrom(...VALUES) },
    { weight: 3, arbitrary: fc.stringMatching(/^[\w.+~-][\w .,+~-]{0,12}$/) },
    { weight: 2, arbitrary: awkward },
  )
  .map((text) => text.replace(/[\r\n]/g, ""));
const flowList = fc
  .tuple(fc.array(scalar, { maxLength: 4 }), fc.constantFrom(",", ", ", " , ", ",  "), fc.constantFrom("", " "))
  .map(([items, separator, pad]) => `[${pad}${items.map((item) => item.replace(/[[\]]/g, "")).join(separator)}${pad}]`);
const space = fc.oneof({ weight: 6, arbitrary: fc.constant(" ") }, { weight: 1, arbitrary: fc.constantFrom("  ", "\t", "") });
const comment = fc.oneof({ weight: 6, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.constantFrom(" # trailing", "  #x", "#glued", " #", " # a: b") });
const indent = fc.constantFrom("  ", " ", "\t", "    ");

/** One entry of a frontmatter: mostly one-line pairs, sometimes what only the full parser reads. */
const entry = fc.oneof(
  { weight: 24, arbitrary: fc.tuple(key, space, fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: flowList }), comment).map(([name, gap, value, note]) => [`${name}:${gap}${value}${note}`]) },
  { weight: 1, arbitrary: fc.constantFrom(["# a comment line"], [""], ["   "], ["  # indented comment"]) },
  { weight: 1, arbitrary: fc.tuple(key, fc.constantFrom("|", ">", "|-", ">+"), fc.array(scalar, { minLength: 1, maxLength: 3 }), indent).map(([name, style, lines, pad]) => [`${name}: ${style}`, ...lines.map((line) => pad + line)]) },
  { weight: 1, arbitrary: fc.tuple(key, fc.array(scalar, { minLength: 1, maxLength: 3 }), fc.constantFrom("", "  ")).map(([name, items, pad]) => [`${name}:`, ...items.map((item) => `${pad}- ${item}`)]) },
  { weight: 1, arbitrary: fc.tuple(key, scalar, indent, scalar).map(([name, first, pad, rest]) => [`${name}: ${first}`, pad + rest]) },
  { weight: 1, arbitrary: fc.tuple(indent, key, scalar).map(([pad, name, value]) => [`${pad}${name}: ${value}`]) },
);
/** A frontmatter's YAML text (between the fences), LF or CRLF, ending in a line break or not. */
const frontmatter = fc
  .tuple(fc.array(entry, { minLength: 1, maxLength: 5 }), fc.constantFrom("\n", "\n", "\n", "\r\n"), fc.boolean())
  .map(([entries, eol, last]) => {
    const text = entries.flat().join(eol);
    return last ? text + eol : text;
  });

describe("the simple frontmatter fast path", () => {
  it("is taken for the plain files most tasks are", () => {
    const plain = readCorpus("good").filter(({ text }) => {
      const block = findFrontmatter(text);
      return typeof block !== "string" && parseSimpleYaml(block.yaml) !== undefined;
    });
    expect(plain.map((file) => file.name)).toEqual(expect.arrayContaining(["01-spec-example.md", "05-crlf.md", "06-bom.md", "09-empty-body.md"]));
  });

  it.each([...readCorpus("good").map((file) => ({ ...file, kind: "good" })), ...readCorpus("bad").map((file) => ({ ...file, kind: "bad" }))])(
    "reads $kind/$name exactly as the full parser does",
    ({ text, kind }) => {
      const block = findFrontmatter(text);
      // No frontmatter block to read: only a bad file may lack one.
      if (typeof block === "string") return expect(kind).toBe("bad");
      expect(reading(block.yaml, true)).toEqual(reading(block.yaml, false));
    },
  );

  it.each([
    ["a trailing no-break space", "title: Fix login\u00a0\n"],
    ["a value that is only a no-break space", "id: \u00a0\n"],
    ["an em space before a comment", "title: a\u2003 # note\n"],
    ["a list item ending in a no-break space", "reviewers: [a\u00a0, b]\n"],
    ["a list of one ideographic space", "reviewers: [\u3000]\n"],
  ])("keeps %s, which YAML reads as text, not as the blank around a value", (_, yaml) => {
    expect(reading(yaml, true)).toEqual(reading(yaml, false));
  });

  it("reads generated frontmatters, awkward scalars included, exactly as the full parser does", () => {
    let fast = 0;
    let runs = 0;
    assertProperty(
      fc.property(frontmatter, (yaml) => {
        runs++;
        if (parseSimpleYaml(yaml)) fast++;
        expect(reading(yaml, true)).toEqual(reading(yaml, false));
      }),
      { runs: 300 },
    );
    // The comparison means little unless the fast path took a good share of the cases.
    expect(fast).toBeGreaterThan(runs / 10);
  });
});
