import { mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync, closeSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { removeFileIf, replaceFileIf, restoreAsides } from "../../../src/store/replace-file.js";

/**
 * The compare-and-swap of a working file (store/replace-file.ts). Each race is made to happen
 * at the worst instant: the save lands from inside the last look, after it read the file and
 * before the swap.
 */

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function fileWith(text: string | null): string {
  const folder = mkdtempSync(join(tmpdir(), "replace-file-"));
  folders.push(folder);
  const file = join(folder, "1-task.md");
  if (text !== null) writeFileSync(file, text);
  return file;
}

const holding = (text: string | null) => (bytes: Buffer | null) => (text === null ? bytes === null : bytes !== null && bytes.toString("utf8") === text);

/** The folder holds nothing but the file itself: no temporary or displaced file is left. */
function onlyTheFile(file: string): void {
  const folder = join(file, "..");
  expect(readdirSync(folder).filter((name) => name !== "1-task.md")).toEqual([]);
}

describe("replaceFileIf", () => {
  it("replaces a file that still holds what was read", () => {
    const file = fileWith("old\n");
    expect(replaceFileIf(file, "new\n", holding("old\n"))).toBe(true);
    expect(readFileSync(file, "utf8")).toBe("new\n");
    onlyTheFile(file);
  });

  it("creates a file that was absent, and only while it still is", () => {
    const file = fileWith(null);
    expect(replaceFileIf(file, "new\n", holding(null))).toBe(true);
    expect(readFileSync(file, "utf8")).toBe("new\n");
    onlyTheFile(file);
  });

  it("leaves a file that changed before the last look", () => {
    const file = fileWith("saved\n");
    expect(replaceFileIf(file, "new\n", holding("old\n"))).toBe(false);
    expect(readFileSync(file, "utf8")).toBe("saved\n");
    onlyTheFile(file);
  });

  it("keeps a save by rename that lands right after the last look", () => {
    const file = fileWith("old\n");
    let looks = 0;
    const replaced = replaceFileIf(file, "new\n", (bytes) => {
      const same = holding("old\n")(bytes);
      if (looks++ === 0) {
        // An editor's safe write: a new file renamed over the old one.
        writeFileSync(`${file}.swp`, "old\nsaved\n");
        renameSync(`${file}.swp`, file);
      }
      return same;
    });
    expect(replaced).toBe(false);
    expect(readFileSync(file, "utf8")).toBe("old\nsaved\n");
    onlyTheFile(file);
  });

  it("keeps a save in place whose writer opened the file right after the last look and writes after the swap", () => {
    const file = fileWith("old\n");
    let fd: number | undefined;
    const replaced = replaceFileIf(file, "new\n", (bytes) => {
      // Opened (and truncated, as editors write) after the look; its bytes come after the swap.
      fd ??= openSync(file, "w");
      return holding("old\n")(bytes);
    });
    writeSync(fd!, "old\nsaved\n");
    closeSync(fd!);
    expect(replaced).toBe(false);
    expect(readFileSync(file, "utf8")).toBe("old\nsaved\n");
    onlyTheFile(file);
  });

  it("keeps a file created right after the last look saw none", () => {
    const file = fileWith(null);
    let looks = 0;
    const replaced = replaceFileIf(file, "new\n", (bytes) => {
      if (looks++ === 0) writeFileSync(file, "saved\n");
      return holding(null)(bytes);
    });
    expect(replaced).toBe(false);
    expect(readFileSync(file, "utf8")).toBe("saved\n");
    onlyTheFile(file);
  });
});

describe("removeFileIf", () => {
  it("removes a file that still holds what was read", () => {
    const file = fileWith("old\n");
    expect(removeFileIf(file, holding("old\n"))).toBe(true);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(join(file, ".."))).toEqual([]);
  });

  it("keeps a save by rename that lands right after the last look", () => {
    const file = fileWith("old\n");
    let looks = 0;
    const removed = removeFileIf(file, (bytes) => {
      if (looks++ === 0) {
        writeFileSync(`${file}.swp`, "old\nsaved\n");
        renameSync(`${file}.swp`, file);
      }
      return holding("old\n")(bytes);
    });
    expect(removed).toBe(false);
    expect(readFileSync(file, "utf8")).toBe("old\nsaved\n");
    onlyTheFile(file);
  });
});

describe("restoreAsides", () => {
  const dead = () => false;

  it("puts back a file a killed process left aside while the name was free", () => {
    const file = fileWith("saved\n");
    const aside = join(file, "..", ".1-task.md.aside-999999-0a0b0c0d");
    renameSync(file, aside);
    expect(restoreAsides(join(file, ".."), dead, () => false)).toEqual([]);
    expect(readFileSync(file, "utf8")).toBe("saved\n");
    onlyTheFile(file);
  });

  it("removes an aside holding content the operation knew, and keeps any other", () => {
    const file = fileWith("new\n");
    writeFileSync(join(file, "..", ".1-task.md.aside-999999-00000001"), "old\n");
    writeFileSync(join(file, "..", ".1-task.md.aside-999999-00000002"), "a save\n");
    const kept = restoreAsides(join(file, ".."), dead, (name, bytes) => name === "1-task.md" && bytes?.toString() === "old\n");
    expect(kept).toEqual([".1-task.md.aside-999999-00000002"]);
    expect(readFileSync(file, "utf8")).toBe("new\n");
  });

  it("leaves the asides of a live process alone", () => {
    const file = fileWith(null);
    writeFileSync(join(file, "..", ".1-task.md.aside-999999-00000001"), "old\n");
    restoreAsides(join(file, ".."), () => true, () => true);
    expect(existsSync(file)).toBe(false);
  });
});
