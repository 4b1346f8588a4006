import { describe, expect, it } from "vitest";
import { FilterSyntaxError } from "../../../../src/domain/errors.js";
import { tokenize, tokenizeArgs } from "../../../../src/domain/filter/index.js";

const brief = (tokens: ReturnType<typeof tokenize>): [string, string, number][] =>
  tokens.map((token) => [token.kind, token.value, token.position]);

describe("tokenize", () => {
  it("splits on spaces and parentheses and records positions", () => {
    expect(brief(tokenize("(project:web or +bug)  auth"))).toEqual([
      ["open", "(", 0],
      ["word", "project:web", 1],
      ["word", "or", 13],
      ["word", "+bug", 16],
      ["close", ")", 20],
      ["word", "auth", 23],
    ]);
  });

  it("reads ! as not only where a word starts", () => {
    expect(brief(tokenize("!+READY wow! !(a)"))).toEqual([
      ["not", "!", 0],
      ["word", "+READY", 1],
      ["word", "wow!", 8],
      ["not", "!", 13],
      ["open", "(", 14],
      ["word", "a", 15],
      ["close", ")", 16],
    ]);
  });

  it("joins quoted text, single or double, even mid-word, and keeps parentheses inside quotes", () => {
    const [first, second, third] = tokenize(`title.contains:"fix (login) now" 'and' x"y z"`);
    expect(first).toMatchObject({ value: "title.contains:fix (login) now", quoteStart: 15, position: 0 });
    expect(second).toMatchObject({ value: "and", quoteStart: 0, position: 33 });
    expect(third).toMatchObject({ value: "xy z", quoteStart: 1, text: `x"y z"` });
  });

  it("unescapes \\\" and \\\\ inside double quotes only", () => {
    expect(tokenize(String.raw`"say \"hi\" \\ \n"`)[0]?.value).toBe(String.raw`say "hi" \ \n`);
    expect(tokenize(String.raw`'a\'`)[0]?.value).toBe("a\\");
  });

  it("reports an unterminated quote at the quote", () => {
    const error = catchError(() => tokenize(`title:"fix login`));
    expect(error).toBeInstanceOf(FilterSyntaxError);
    expect(error).toMatchObject({ position: 6, token: `"fix login` });
  });

  it("treats tabs and newlines as spaces", () => {
    expect(tokenize("a\tb\nc").map((token) => token.value)).toEqual(["a", "b", "c"]);
  });
});

describe("tokenizeArgs", () => {
  it("keeps a shell-quoted attribute argument whole and counts positions in the joined args", () => {
    const tokens = tokenizeArgs(["+bug", "title.contains:fix login", "or", "x"]);
    expect(brief(tokens)).toEqual([
      ["word", "+bug", 0],
      ["word", "title.contains:fix login", 5],
      ["word", "or", 30],
      ["word", "x", 33],
    ]);
    expect(tokens[1]?.quoteStart).toBe("title.contains:".length);
  });

  it("tokenizes other arguments as filter text, at their offset", () => {
    expect(brief(tokenizeArgs(["list", "( +a or +b )"]))).toEqual([
      ["word", "list", 0],
      ["open", "(", 5],
      ["word", "+a", 7],
      ["word", "or", 10],
      ["word", "+b", 13],
      ["close", ")", 16],
    ]);
  });

  it("strips one layer of quotes around a whole attribute value and splits leading !", () => {
    expect(brief(tokenizeArgs(["!title:'a b'"]))).toEqual([
      ["not", "!", 0],
      ["word", "title:a b", 1],
    ]);
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("tokenizeArgs with a whole filter in one argument", () => {
  it("splits a quoted argument whose later words are filter terms", () => {
    expect(tokenizeArgs(["project:web +bug"]).map((token) => token.value)).toEqual(["project:web", "+bug"]);
    expect(tokenizeArgs(["project:web or project:api"]).map((token) => token.value)).toEqual(["project:web", "or", "project:api"]);
  });

  it("keeps a value with spaces whole when a later word is plain text", () => {
    expect(tokenizeArgs(["title.contains:fix login"]).map((token) => token.value)).toEqual(["title.contains:fix login"]);
  });
});
