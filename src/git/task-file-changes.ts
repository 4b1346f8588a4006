import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { BacklogError } from "../domain/errors.js";
import { isTaskFileName } from "../store/load-folder.js";
import { gitText, repoEnv, runGit } from "./git-cli.js";
import { EMPTY_TREE_OID } from "./object-store.js";
import type { RepoPaths } from "./repo-paths.js";

/** Two points of history to compare; `to` undefined is the working tree (what is on disk now). */
export interface DiffRange {
  /** What the user asked for, or how the default was found (`origin/main...` and the working tree). */
  spec: string;
  from: string;
  to?: string;
}

/** A task file that differs between the two points: its text on each side where it exists. */
export interface ChangedTaskFile {
  path: string;
  before?: string;
  after?: string;
}

/**
 * The range `diff` compares (docs/reference/cli.md, "diff"), in git's notation: `a..b` (a to
 * b), `a...b` (from where b left a, to b), `c^!` (what commit c changed), `c` (from c to the
 * working tree), or by default from the merge base of the upstream branch (else `main`, else
 * `master`) with HEAD, to the working tree.
 */
export async function resolveDiffRange(paths: RepoPaths, spec: string | undefined): Promise<DiffRange> {
  if (spec === undefined || spec === "") return defaultRange(paths);
  const three = spec.indexOf("...");
  if (three >= 0) {
    const a = spec.slice(0, three) || "HEAD";
    const b = spec.slice(three + 3) || "HEAD";
    const to = await commitOf(paths, b, spec);
    return { spec, from: await mergeBase(paths, await commitOf(paths, a, spec), to, spec), to };
  }
  const two = spec.indexOf("..");
  if (two >= 0) {
    return { spec, from: await commitOf(paths, spec.slice(0, two) || "HEAD", spec), to: await commitOf(paths, spec.slice(two + 2) || "HEAD", spec) };
  }
  if (spec.endsWith("^!")) {
    const to = await commitOf(paths, spec.slice(0, -2), spec);
    return { spec, from: (await verify(paths, `${to}^`)) ?? EMPTY_TREE_OID, to };
  }
  return { spec: `${spec} and the working tree`, from: await commitOf(paths, spec, spec) };
}

async function defaultRange(paths: RepoPaths): Promise<DiffRange> {
  const head = await verify(paths, "HEAD");
  if (!head) return { spec: "the working tree (no commit yet)", from: EMPTY_TREE_OID };
  const base = await findBase(paths);
  if (!base) return { spec: "HEAD and the working tree", from: head };
  return { spec: `${base.name}... and the working tree`, from: await mergeBase(paths, base.oid, head, base.name) };
}

/** A branch to compare with: `name` when given (refused if git does not know it), else the upstream, else `main`, else `master`. */
export async function findBase(paths: RepoPaths, name?: string): Promise<{ name: string; oid: string; mergeBase?: string } | undefined> {
  const found = name !== undefined ? { name, oid: await commitOf(paths, name, name) } : await firstKnown(paths);
  if (!found) return undefined;
  const head = await verify(paths, "HEAD");
  const base = head ? await runGit(["merge-base", found.oid, head], { cwd: paths.root, env: repoEnv(paths) }) : undefined;
  const mergeBaseOid = base?.code === 0 ? base.stdout.toString("utf8").trim() : undefined;
  return { ...found, ...(mergeBaseOid && { mergeBase: mergeBaseOid }) };
}

async function firstKnown(paths: RepoPaths): Promise<{ name: string; oid: string } | undefined> {
  for (const candidate of ["@{upstream}", "main", "master"]) {
    const oid = await verify(paths, candidate);
    if (!oid) continue;
    const name = candidate === "@{upstream}" ? (await gitText(["rev-parse", "--abbrev-ref", "@{upstream}"], { cwd: paths.root, env: repoEnv(paths) })).trim() : candidate;
    return { name, oid };
  }
  return undefined;
}

async function verify(paths: RepoPaths, name: string): Promise<string | undefined> {
  const result = await runGit(["rev-parse", "--verify", "--quiet", "--end-of-options", `${name}^{commit}`], { cwd: paths.root, env: repoEnv(paths) });
  return result.code === 0 ? result.stdout.toString("utf8").trim() : undefined;
}

async function commitOf(paths: RepoPaths, name: string, spec: string): Promise<string> {
  const oid = name.startsWith("-") ? undefined : await verify(paths, name);
  if (!oid) throw new BacklogError("usage", `${name === spec ? `"${spec}"` : `"${name}" in "${spec}"`} is not a commit git knows; give a branch, tag or commit, a..b, a...b or c^!.`, { token: spec });
  return oid;
}

async function mergeBase(paths: RepoPaths, a: string, b: string, spec: string): Promise<string> {
  const result = await runGit(["merge-base", a, b], { cwd: paths.root, env: repoEnv(paths) });
  const base = result.stdout.toString("utf8").trim();
  if (result.code !== 0 || !base) throw new BacklogError("usage", `"${spec}": the two sides have no common history, so there is no merge base to compare from; give a..b instead.`, { token: spec });
  return base;
}

/**
 * The task files of `dir` (its `.md` files and those of `archive/<segment>/`) that differ
 * between the two points, with their text on each side. Templates, prompts and other files of
 * the folder are not tasks and are left out. The working tree side includes files git does not
 * track yet (a task added by hand and not committed).
 */
export async function changedTaskFiles(paths: RepoPaths, dir: string, range: DiffRange): Promise<ChangedTaskFile[]> {
  const env = repoEnv(paths);
  const args = ["diff", "--raw", "-z", "--no-renames", "--no-ext-diff", "--no-textconv", "--abbrev=40", range.from, ...(range.to ? [range.to] : []), "--", `${dir}/`];
  const raw = await gitText(args, { cwd: paths.root, env });
  const files: { path: string; before?: string; after?: string; onDisk: boolean }[] = [];
  const fields = raw.split("\0");
  for (let at = 0; at + 1 < fields.length; at += 2) {
    const meta = fields[at] ?? "";
    const path = fields[at + 1] ?? "";
    if (!isTaskPath(dir, path)) continue;
    // ":<mode a> <mode b> <oid a> <oid b> <status>"
    const [, , oidA = "", oidB = "", status = ""] = meta.slice(1).split(" ");
    const zero = /^0+$/;
    files.push({
      path,
      ...(status !== "A" && !zero.test(oidA) && { before: oidA }),
      ...(status !== "D" && !zero.test(oidB) && { after: oidB }),
      onDisk: range.to === undefined && status !== "D",
    });
  }
  if (!range.to) {
    const untracked = await gitText(["ls-files", "-z", "--others", "--exclude-standard", "--", `${dir}/`], { cwd: paths.root, env });
    for (const path of untracked.split("\0")) if (path && isTaskPath(dir, path)) files.push({ path, onDisk: true });
  }
  const blobs = await readBlobs(paths, files.flatMap((file) => [file.before, file.onDisk ? undefined : file.after].filter((oid): oid is string => oid !== undefined)));
  const changes: ChangedTaskFile[] = [];
  for (const file of files) {
    const before = file.before === undefined ? undefined : blobs.get(file.before);
    const after = file.onDisk ? await readFile(join(paths.root, file.path), "utf8").catch(() => undefined) : file.after === undefined ? undefined : blobs.get(file.after);
    if (before === after) continue; // a stat-only difference
    changes.push({ path: file.path, ...(before !== undefined && { before }), ...(after !== undefined && { after }) });
  }
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A task file of the folder or of an archive segment: `<dir>/<name>.md`, `<dir>/archive/<segment>/<name>.md`. */
function isTaskPath(dir: string, path: string): boolean {
  if (!path.startsWith(`${dir}/`)) return false;
  const parts = path.slice(dir.length + 1).split("/");
  const name = parts[parts.length - 1] ?? "";
  if (!isTaskFileName(name)) return false;
  return parts.length === 1 || (parts.length === 3 && parts[0] === "archive");
}

/** Blob texts by id, in one `git cat-file --batch`. */
async function readBlobs(paths: RepoPaths, oids: readonly string[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const wanted = [...new Set(oids)];
  if (wanted.length === 0) return texts;
  const result = await runGit(["cat-file", "--batch"], { cwd: paths.root, env: repoEnv(paths), input: `${wanted.join("\n")}\n` });
  const out = result.stdout;
  let at = 0;
  while (at < out.length) {
    const end = out.indexOf(10, at);
    if (end < 0) break;
    const [oid = "", type = "", size = ""] = out.subarray(at, end).toString("utf8").split(" ");
    if (type === "missing" || size === "") {
      at = end + 1;
      continue;
    }
    const length = Number(size);
    texts.set(oid, out.subarray(end + 1, end + 1 + length).toString("utf8"));
    at = end + 1 + length + 1;
  }
  return texts;
}
