import { randomBytes } from "node:crypto";
import { copyFileSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { BacklogError } from "../domain/errors.js";
import { isAlive } from "../store/lock.js";
import { foldersOf } from "./conversion-check.js";
import { repoEnv, runGit } from "./git-cli.js";
import type { RepoPaths } from "./repo-paths.js";

/**
 * git's own content conversions, for paths that have one (conversion-check.ts): the blob
 * `git add` stores for some bytes, and the bytes `git checkout` leaves for a blob.
 *
 * `git hash-object --path` is not `git add`: it reads no index, so under `core.autocrlf` or
 * `text=auto` it normalises a file whose blob already has CRLF, which `git add` keeps (git's
 * "safer autocrlf"). So the bytes are added for real, to a private copy of the index, from a
 * private folder standing in for the working tree that holds the `.gitattributes` files of the
 * real one on the way to each path (git reads the same attributes, and falls back to the same
 * index for those that are missing), and the new entries are read back. `checkout-index` of those
 * entries into the same folder gives the bytes a checkout leaves. The user's index and files are
 * never touched; the blobs land in the object store, as with `git add`.
 *
 * `core.safecrlf` is off for this `git add`: what it protects (the user's bytes surviving a
 * round trip) is ours to keep, and the working file gets exactly the checkout of the blob.
 */

export interface WorkingBytes {
  path: string;
  bytes: Uint8Array;
}

export interface AddedFile {
  path: string;
  oid: string;
  /** What `git checkout` of the blob leaves in the working tree (when asked for). */
  working?: Buffer;
}

const QUIET = ["-c", "core.fsmonitor=false", "-c", "core.splitIndex=false", "-c", "core.safecrlf=false"];

export async function addWithGit(paths: RepoPaths, files: readonly WorkingBytes[], options: { checkout: boolean }): Promise<AddedFile[]> {
  if (files.length === 0) return [];
  const stage = makeStage(paths.gitDir);
  try {
    const tree = join(stage, "tree");
    const index = join(stage, "index");
    try {
      copyFileSync(join(paths.gitDir, "index"), index);
    } catch (error) {
      if ((error as { code?: string }).code !== "ENOENT") throw error;
    }
    for (const folder of new Set(files.flatMap((file) => foldersOf(file.path)))) copyAttributes(paths.root, tree, folder);
    for (const file of files) {
      mkdirSync(dirname(join(tree, file.path)), { recursive: true });
      writeFileSync(join(tree, file.path), file.bytes);
    }
    const env = repoEnv(paths, { GIT_WORK_TREE: tree, GIT_INDEX_FILE: index });
    const list = files.map((file) => `${file.path}\0`).join("");
    const names = files.map((file) => file.path).join(", ");
    await run(["update-index", "--add", "-z", "--stdin"], { env, cwd: tree, input: list, names });
    // checkout-index skips a file whose stat data the index holds: these ones, just added.
    if (options.checkout) for (const file of files) rmSync(join(tree, file.path));
    const [entries] = await Promise.all([
      run(["--literal-pathspecs", "ls-files", "-s", "-z", "--", ...files.map((file) => file.path)], { env, cwd: tree, names }),
      options.checkout ? run(["checkout-index", "-f", "-z", "--stdin"], { env, cwd: tree, input: list, names }) : undefined,
    ]);
    const oids = new Map<string, string>();
    for (const record of entries.toString("utf8").split("\0")) {
      const match = /^\d+ ([0-9a-f]{40}) 0\t(.*)$/s.exec(record);
      if (match) oids.set(match[2]!, match[1]!);
    }
    return files.map((file) => {
      const oid = oids.get(file.path);
      if (!oid) throw new BacklogError("git", `git did not store ${file.path} through its content filters; nothing was written.`, { path: file.path });
      return options.checkout ? { path: file.path, oid, working: readFileSync(join(tree, file.path)) } : { path: file.path, oid };
    });
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** The bytes `git checkout` leaves for blob `oid` at `path` (smudge filter, `ident`, line endings). */
export async function checkoutWithGit(paths: RepoPaths, path: string, oid: string): Promise<Buffer> {
  return run(["cat-file", "--filters", `--path=${path}`, oid], { env: repoEnv(paths), cwd: paths.root, names: path });
}

async function run(args: readonly string[], options: { env: Record<string, string | undefined>; cwd: string; input?: string; names: string }): Promise<Buffer> {
  const result = await runGit([...QUIET, ...args], { cwd: options.cwd, env: options.env, input: options.input ?? "" });
  if (result.code !== 0) {
    const failure = result.stderr || `exit code ${result.code}`;
    const message = `git could not pass ${options.names} through the repository's content conversions (.gitattributes, core.autocrlf): ${failure}. Nothing was written; fix the filter (\`git add\` of the file fails the same way) and retry.`;
    throw new BacklogError("git", message, {
      stderr: result.stderr,
    });
  }
  return result.stdout;
}

/**
 * A private folder in the git dir (the files may be secrets a clean filter is there to encrypt:
 * they stay beside the repository, not in a shared temp folder), and away with those of
 * processes that died before removing theirs.
 */
function makeStage(gitDir: string): string {
  for (const name of readdirSync(gitDir)) {
    const pid = Number(/^backlog-stage-(\d+)-[0-9a-f]+$/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !isAlive(pid)) rmSync(join(gitDir, name), { recursive: true, force: true });
  }
  const stage = join(gitDir, `backlog-stage-${process.pid}-${randomBytes(6).toString("hex")}`);
  mkdirSync(stage, { mode: 0o700 });
  return stage;
}

/** A `.gitattributes` of the real working tree, copied to the same folder of the stand-in (symlinks are not followed, as git does not). */
function copyAttributes(root: string, tree: string, folder: string): void {
  const source = join(root, folder, ".gitattributes");
  try {
    if (!lstatSync(source).isFile()) return;
  } catch {
    return;
  }
  mkdirSync(join(tree, folder), { recursive: true });
  copyFileSync(source, join(tree, folder, ".gitattributes"));
}
