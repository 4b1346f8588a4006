import { describe, expect, it } from "vitest";
import { MAX_TITLE_LENGTH, assertTitle, titleProblem } from "../../../src/domain/title.js";
import { BacklogError } from "../../../src/domain/errors.js";

describe("titles", () => {
  it("accept one line of up to 500 characters, counting characters rather than UTF-16 units", () => {
    expect(MAX_TITLE_LENGTH).toBe(500);
    expect(titleProblem("Fix the login form")).toBeUndefined();
    expect(titleProblem("x".repeat(500))).toBeUndefined();
    expect(titleProblem("😀".repeat(500))).toBeUndefined();
  });

  it("refuse line breaks and control characters, naming which", () => {
    for (const title of ["a\nb", "a\r\nb", "a\u0085b", "a\u2028b", "a\u2029b"]) expect(titleProblem(title), JSON.stringify(title)).toMatch(/holds a line break; a title is one line/);
    expect(titleProblem("a\tb")).toMatch(/holds a control character \(U\+0009\)/);
    expect(titleProblem("a\u001eb")).toMatch(/U\+001E/);
    expect(titleProblem("a\u007fb")).toMatch(/U\+007F/);
  });

  it("refuse more than 500 characters, quoting neither the whole title nor a megabyte of it", () => {
    expect(titleProblem("x".repeat(501))).toBe("title is 501 characters long; titles are at most 500: put the rest in the body");
    const huge = `${"y".repeat(1_000_000)}\n`;
    expect(titleProblem(huge)!.length).toBeLessThan(200);
    expect(() => assertTitle("x".repeat(1_000_000))).toThrow(BacklogError);
  });
});
