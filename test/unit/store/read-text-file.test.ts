import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileFaultError, readTextFile } from "../../../src/store/read-text-file.js";
import { cleanupAfterEach, tempDir } from "../../helpers/git-repo.js";

const track = cleanupAfterEach();

function fileWith(bytes: Buffer | string): string {
  const { dir } = track(tempDir());
  const path = join(dir, "1-task.md");
  writeFileSync(path, bytes);
  return path;
}

function faultOf(read: () => unknown): FileFaultError {
  try {
    read();
  } catch (error) {
    if (error instanceof FileFaultError) return error;
    throw error;
  }
  throw new Error("expected a FileFaultError");
}

describe("readTextFile", () => {
  it("keeps a UTF-8 byte order mark and a literal U+FFFD as they are", () => {
    const text = "\uFEFF---\ntitle: \uFFFD stays\n---\n";
    expect(readTextFile(fileWith(text))).toBe(text);
  });

  it("names the first byte that is not UTF-8 by line and by character column, after a literal U+FFFD", () => {
    const bytes = Buffer.concat([Buffer.from("---\ntitle: \u00e9t\u00e9 \uFFFD "), Buffer.from([0xe9]), Buffer.from("\n---\n")]);
    const error = faultOf(() => readTextFile(fileWith(bytes), { file: "backlog/1-task.md" }));
    expect(error.code).toBe("invalid");
    expect(error.fault).toMatchObject({ code: "not-utf8", line: 2, column: 14 });
    expect(error.message).toMatch(/^backlog\/1-task\.md: the file is not valid UTF-8 \(byte 0xE9 at line 2, column 14\)/);
  });

  it("refuses a UTF-8 encoded surrogate and a truncated sequence at the end", () => {
    expect(faultOf(() => readTextFile(fileWith(Buffer.from([0x61, 0xed, 0xa0, 0x80])))).fault).toMatchObject({ line: 1, column: 2 });
    expect(faultOf(() => readTextFile(fileWith(Buffer.from([0x61, 0x0a, 0x62, 0xe2, 0x82])))).fault).toMatchObject({ line: 2, column: 2 });
  });

  it("never opens a FIFO, a folder or a link, and says which it is", () => {
    const { dir } = track(tempDir());
    execFileSync("mkfifo", [join(dir, "fifo.md")]);
    mkdirSync(join(dir, "folder.md"));
    writeFileSync(join(dir, "real.md"), "text");
    symlinkSync(join(dir, "real.md"), join(dir, "link.md"));
    expect(faultOf(() => readTextFile(join(dir, "fifo.md"))).fault).toMatchObject({ code: "not-a-regular-file", message: expect.stringContaining("FIFO") });
    expect(faultOf(() => readTextFile(join(dir, "folder.md"))).fault.message).toContain("directory");
    expect(faultOf(() => readTextFile(join(dir, "link.md"))).fault.message).toContain("symbolic link");
    // Even when the caller vouches for a regular file, the open itself checks again.
    expect(faultOf(() => readTextFile(join(dir, "fifo.md"), { checked: true })).fault.message).toContain("FIFO");
    expect(faultOf(() => readTextFile(join(dir, "link.md"), { checked: true })).fault.message).toContain("symbolic link");
    expect(readTextFile(join(dir, "link.md"), { follow: true })).toBe("text");
  });
});
