import { mkdirSync, renameSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openArchiveFolder } from "../../../src/store/archive-folder.js";
import { RACY_MS } from "../../../src/store/file-stamp.js";
import { cleanupAfterEach, tempDir } from "../../helpers/git-repo.js";

const track = cleanupAfterEach();

function archiveWith(files: Record<string, string[]>): { root: string; segment: (name: string) => string } {
  const { dir: root } = track(tempDir());
  const segment = (name: string): string => join(root, "backlog", "archive", name);
  for (const [name, tasks] of Object.entries(files)) {
    mkdirSync(segment(name), { recursive: true });
    for (const task of tasks) writeFileSync(join(segment(name), task), "---\ntitle: x\n---\n");
  }
  return { root, segment };
}

/** A clock far enough ahead that every stamp taken now is past git's racy window. */
const later = (): number => Date.now() + 2 * RACY_MS;

describe("openArchiveFolder", () => {
  it("lists task files of quarter segments only, segments oldest first", () => {
    const { root, segment } = archiveWith({ "2026-Q3": ["4-b.md", "notes.txt"], "2025-Q4": ["2-a.md"], misc: ["9-c.md"] });
    writeFileSync(join(segment("2026-Q3"), "..", "README.md"), "");
    const archive = openArchiveFolder(root, "backlog", later);
    expect(archive.segments()).toEqual(["2025-Q4", "2026-Q3"]);
    expect(archive.files()).toEqual([
      { id: 2, segment: "2025-Q4", name: "2-a.md" },
      { id: 4, segment: "2026-Q3", name: "4-b.md" },
    ]);
    expect(archive.names("misc")).toBeUndefined();
    expect(archive.names("2024-Q1")).toBeUndefined();
  });

  it("is empty without an archive folder, and sees one made later", () => {
    const { root, segment } = archiveWith({});
    const archive = openArchiveFolder(root, "backlog", later);
    expect(archive.files()).toEqual([]);
    mkdirSync(segment("2026-Q1"), { recursive: true });
    writeFileSync(join(segment("2026-Q1"), "7-x.md"), "");
    expect(archive.files().map((file) => file.id)).toEqual([7]);
  });

  it("lists a segment again when a file arrives, leaves or is renamed in it", () => {
    const { root, segment } = archiveWith({ "2026-Q3": ["4-b.md"] });
    const archive = openArchiveFolder(root, "backlog", later);
    expect(archive.names("2026-Q3")).toEqual(["4-b.md"]);
    writeFileSync(join(segment("2026-Q3"), "5-c.md"), "");
    expect(archive.names("2026-Q3")).toEqual(["4-b.md", "5-c.md"]);
    renameSync(join(segment("2026-Q3"), "4-b.md"), join(segment("2026-Q3"), "6-b.md"));
    expect(archive.names("2026-Q3")).toEqual(["5-c.md", "6-b.md"]);
  });

  it("trusts a segment whose folder did not change, and not one stamped within the racy window", () => {
    const { root, segment } = archiveWith({ "2026-Q3": ["4-b.md"] });
    const folder = segment("2026-Q3");
    const old = new Date(Date.now() - 10 * RACY_MS);
    utimesSync(folder, old, old);
    const archive = openArchiveFolder(root, "backlog");
    expect(archive.names("2026-Q3")).toEqual(["4-b.md"]);
    // A file added behind the stamp's back (its mtime put back, size unchanged): the listing is trusted.
    const size = statSync(folder).size;
    writeFileSync(join(folder, "5-c.md"), "");
    utimesSync(folder, old, old);
    expect(statSync(folder).size).toBe(size);
    expect(archive.names("2026-Q3")).toEqual(["4-b.md"]);
    // The same trick on a folder stamped just now is not trusted: its next change may keep the mtime.
    const fresh = openArchiveFolder(root, "backlog");
    const now = new Date();
    utimesSync(folder, now, now);
    expect(fresh.names("2026-Q3")).toEqual(["4-b.md", "5-c.md"]);
    writeFileSync(join(folder, "6-d.md"), "");
    utimesSync(folder, now, now);
    expect(fresh.names("2026-Q3")).toEqual(["4-b.md", "5-c.md", "6-d.md"]);
  });
});
