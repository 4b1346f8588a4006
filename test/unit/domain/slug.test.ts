import { describe, expect, it } from "vitest";
import { BacklogError } from "../../../src/domain/errors.js";
import { MAX_SLUG_LENGTH, slugify, taskFileName } from "../../../src/domain/slug.js";

describe("slugify", () => {
  it("lowercases and turns runs of other characters into one dash", () => {
    expect(slugify("Implement user authentication")).toBe("implement-user-authentication");
    expect(slugify("  Fix: crash -- on   login!! ")).toBe("fix-crash-on-login");
    expect(slugify("API v2.1 (beta)")).toBe("api-v2-1-beta");
  });

  it("removes diacritics and spells out letters NFKD keeps whole", () => {
    expect(slugify("Café crème brûlée")).toBe("cafe-creme-brulee");
    expect(slugify("Straße Æther Øresund Łódź")).toBe("strasse-aether-oresund-lodz");
    expect(slugify("ﬁne ①")).toBe("fine-1");
  });

  it("gives an empty slug for titles without latin letters or digits", () => {
    expect(slugify("发射火箭")).toBe("");
    expect(slugify("🚀🚀")).toBe("");
    expect(slugify("إطلاق")).toBe("");
  });

  it("keeps the first words when asked", () => {
    expect(slugify("Implement the user authentication flow", 4)).toBe("implement-the-user-authentication");
    expect(slugify("One two", 4)).toBe("one-two");
    expect(slugify("One two", 0)).toBe("");
  });

  it("cuts long slugs at a word boundary, at most 60 characters", () => {
    const slug = slugify("word ".repeat(30));
    expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(slug).toBe(Array(12).fill("word").join("-"));
    expect(slugify("a".repeat(80))).toBe("a".repeat(60));
    expect(slugify(`${"b".repeat(58)} cd ef`)).toBe(`${"b".repeat(58)}`);
    expect(slugify(`${"b".repeat(57)} cd ef`)).toBe(`${"b".repeat(57)}-cd`);
  });

  it("never yields a path: no slash, no dot, no leading dash", () => {
    for (const title of ["../../etc/passwd", "./.hidden", "a/b\\c", "..", ".", "-x-", "C:\\Windows", "\u0000nul"]) {
      const slug = slugify(title);
      expect(slug).toMatch(/^([a-z0-9]+(-[a-z0-9]+)*)?$/);
    }
    expect(slugify("../../etc/passwd")).toBe("etc-passwd");
  });
});

describe("taskFileName", () => {
  it("is <id>-<slug>.md, or <id>.md without a slug", () => {
    expect(taskFileName(12, "Implement user authentication")).toBe("12-implement-user-authentication.md");
    expect(taskFileName(7, "发射火箭")).toBe("7.md");
  });

  it("refuses an id that is not a positive integer", () => {
    for (const id of [0, -1, 1.5, Number.NaN]) expect(() => taskFileName(id, "x")).toThrow(BacklogError);
  });
});
