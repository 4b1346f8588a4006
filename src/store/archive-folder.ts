import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { idFromFileName } from "../domain/task-id.js";
import { isRacy, sameStamp, stampOf, type FileStamp } from "./file-stamp.js";
import { isTaskFileName } from "./load-folder.js";

/** A segment's name: the quarter its tasks were archived in (`2026-Q3`). */
export const ARCHIVE_SEGMENT = /^\d{4}-Q[1-4]$/;

/** One task file in the archive, known by its name only. */
export interface ArchivedFile {
  id: number;
  segment: string;
  /** The file's name in its segment. */
  name: string;
}

/**
 * The archive folder (`<dir>/archive/<segment>/`) as a list of its task files' names. Every write
 * asks which ids are archived, so a segment is listed again only when its folder changed (a file
 * added, removed or renamed changes the folder's mtime), with git's racy rule: a folder stamped
 * within RACY_MS of the look is listed again next time.
 */
export interface ArchiveFolder {
  /** Every task file of every segment, oldest segment first. */
  files(): readonly ArchivedFile[];
  /** The segment's task file names, sorted; undefined when there is no such segment. */
  names(segment: string): readonly string[] | undefined;
  /** The segments, oldest first. */
  segments(): readonly string[];
  /** Where a segment's files are, relative to the repository root. */
  folderOf(segment: string): string;
}

interface Listed {
  stamp: FileStamp;
  names: string[];
}

export function openArchiveFolder(root: string, dir: string, now: () => number = Date.now): ArchiveFolder {
  const archive = join(root, dir, "archive");
  let top: Listed | undefined;
  const bySegment = new Map<string, Listed>();

  /** The names in `path` when its stamp moved since `last`; `last` itself when not; undefined when there is no folder. */
  function list(path: string, last: Listed | undefined, keep: (name: string) => boolean): Listed | undefined {
    let stamp: FileStamp;
    try {
      const info = lstatSync(path);
      if (!info.isDirectory()) return undefined;
      stamp = stampOf(info);
    } catch {
      return undefined;
    }
    if (last && sameStamp(last.stamp, stamp) && !isRacy(last.stamp, now())) return last;
    try {
      return { stamp, names: readdirSync(path).filter(keep).sort() };
    } catch {
      return undefined;
    }
  }

  function segments(): readonly string[] {
    top = list(archive, top, (name) => ARCHIVE_SEGMENT.test(name));
    if (!top) bySegment.clear();
    return top?.names ?? [];
  }

  function names(segment: string): readonly string[] | undefined {
    if (!ARCHIVE_SEGMENT.test(segment)) return undefined;
    const listed = list(join(archive, segment), bySegment.get(segment), isTaskFileName);
    if (listed) bySegment.set(segment, listed);
    else bySegment.delete(segment);
    return listed?.names;
  }

  return {
    segments,
    names,
    files() {
      const files: ArchivedFile[] = [];
      for (const segment of segments()) {
        for (const name of names(segment) ?? []) {
          const id = idFromFileName(name);
          if (id !== undefined) files.push({ id, segment, name });
        }
      }
      return files;
    },
    folderOf: (segment) => `${dir}/archive/${segment}`,
  };
}
