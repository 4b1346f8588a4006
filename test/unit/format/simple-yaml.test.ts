import { describe, expect, it } from "vitest";
import { findFrontmatter } from "../../../src/format/frontmatter.js";
import { readFields } from "../../../src/format/read-fields.js";
import { readYaml } from "../../../src/format/read-yaml.js";
import { parseSimpleYaml } from "../../../src/format/simple-yaml.js";
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

/** A seeded generator, so any failure names a reproducible case. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

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

  it("reads thousands of generated frontmatters exactly as the full parser does", () => {
    const next = random(42);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    let fast = 0;
    for (let iteration = 0; iteration < 4000; iteration++) {
      const lines: string[] = [];
      const count = 1 + Math.floor(next() * 6);
      for (let line = 0; line < count; line++) {
        const roll = next();
        if (roll < 0.08) lines.push("# a comment line");
        else if (roll < 0.12) lines.push("");
        else {
          const space = pick([" ", "  ", "\t", ""]);
          const comment = next() < 0.15 ? pick([" # trailing", "  #x", "#glued"]) : "";
          lines.push(`${pick(KEYS)}:${space}${pick(VALUES)}${comment}`);
        }
      }
      const eol = next() < 0.2 ? "\r\n" : "\n";
      const yaml = lines.map((line) => line + eol).join("");
      if (parseSimpleYaml(yaml)) fast++;
      expect(reading(yaml, true), JSON.stringify(yaml)).toEqual(reading(yaml, false));
    }
    // The comparison means little unless the fast path took a good share of the cases.
    expect(fast).toBeGreaterThan(400);
  });
});
