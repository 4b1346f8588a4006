import { describe, expect, it } from "vitest";
import { disposableNameProblem, notDisposable } from "../../../src/domain/disposable-files.js";

describe("notDisposable", () => {
  const names = ["node_modules", "dist", ".venv"];

  it("keeps a path none of whose folders or name is in the list", () => {
    expect(notDisposable([".env", "data/local.db", "distribution/x"], names)).toEqual([".env", "data/local.db", "distribution/x"]);
  });

  it("drops a path with a listed name at any depth, as a folder (git's trailing /) or a file", () => {
    expect(notDisposable(["node_modules/", "packages/web/dist/", "a/.venv/bin/python", "dist"], names)).toEqual([]);
  });

  it("keeps everything with an empty list", () => {
    expect(notDisposable(["node_modules/"], [])).toEqual(["node_modules/"]);
  });
});

describe("disposableNameProblem", () => {
  it("takes a plain file or folder name", () => {
    for (const name of ["node_modules", ".env", ".cache", "local data"]) expect(disposableNameProblem(name)).toBeUndefined();
  });

  it("refuses paths, empty names and . or ..", () => {
    for (const name of ["", "a/b", "a\\b", ".", "..", "/abs"]) expect(disposableNameProblem(name)).toBeDefined();
  });
});

