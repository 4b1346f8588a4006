import { BacklogError } from "../domain/errors.js";
import { formatCommit, formatIdent, type Person } from "./commit-object.js";
import { editTree } from "./edit-tree.js";
import { gitText, repoEnv } from "./git-cli.js";
import type { JournalPath } from "./journal.js";
import { hashObject, type ObjectStore } from "./object-store.js";
import type { RepoPaths } from "./repo-paths.js";
import type { TreeStore } from "./tree-store.js";

/**
 * The commits of one operation, built on the branch's tip: the operation's own, and before it,
 * when the files it changes held edits of the user's that the branch does not have, a commit of
 * those edits as they were (so the operation's commit, and its undo, hold only the operation).
 */

export interface CommitSpec {
  message: string;
  handEdits?: { entries: readonly JournalPath[]; message: string };
  identity: { author: Person; committer: Person };
  /** `commit.gpgsign`: commits are made by git, with the user's key. */
  sign: boolean;
}

export interface BuiltCommits {
  /** The commit the branch moves to. */
  sha: string;
  /** The committer line's identity and time, for the reflog. */
  committer: string;
  /** Writes the commit objects (trees and blobs are written already). */
  store(): Promise<void>;
}

interface Context {
  objects: ObjectStore;
  trees: TreeStore;
  commitTrees: Map<string, string>;
}

/** Undefined when the branch already holds these contents: there is nothing to commit. */
export async function buildCommits(
  context: Context,
  paths: RepoPaths,
  tip: string | undefined,
  baseTree: string | undefined,
  entries: readonly JournalPath[],
  spec: CommitSpec,
): Promise<BuiltCommits | undefined> {
  const tree = await editTree(context.trees, baseTree, entries.map((entry) => ({ path: entry.path, oid: entry.after })));
  let parentTree = baseTree;
  const now = new Date();
  const bodies: Buffer[] = [];
  let parent = tip;
  const hand = spec.handEdits;
  if (hand) {
    const handTree = await editTree(context.trees, baseTree, hand.entries.map((entry) => ({ path: entry.path, oid: entry.previous })));
    if (handTree !== tree) {
      parent = await commit(context, paths, spec, handTree, parent, hand.message, now, bodies);
      parentTree = handTree;
    }
  }
  if (tree === parentTree) return undefined;
  const sha = await commit(context, paths, spec, tree, parent, spec.message, now, bodies);
  return {
    sha,
    committer: formatIdent(spec.identity.committer, now),
    async store() {
      await context.objects.flush();
      for (const body of bodies) context.objects.write("commit", body);
    },
  };
}

async function commit(
  context: Context,
  paths: RepoPaths,
  spec: CommitSpec,
  tree: string,
  parent: string | undefined,
  message: string,
  now: Date,
  bodies: Buffer[],
): Promise<string> {
  const parents = parent ? [parent] : [];
  let sha: string;
  if (spec.sign) {
    await context.objects.flush();
    sha = await signedCommit(paths, tree, parents, message, spec.identity, now);
  } else {
    const body = formatCommit({ tree, parents, author: formatIdent(spec.identity.author, now), committer: formatIdent(spec.identity.committer, now), message });
    sha = hashObject("commit", body);
    bodies.push(body);
  }
  context.commitTrees.set(sha, tree);
  return sha;
}

/**
 * With `commit.gpgsign` set, the commit object is made by `git commit-tree -S`, so signing uses
 * the user's own key, program and format (gpg, ssh, x509). Hooks do not run: see README.
 */
async function signedCommit(paths: RepoPaths, tree: string, parents: readonly string[], message: string, identity: { author: Person; committer: Person }, now: Date): Promise<string> {
  const date = formatIdent(identity.author, now).split(" ").slice(-2).join(" ");
  const env = repoEnv(paths, {
    GIT_AUTHOR_NAME: identity.author.name,
    GIT_AUTHOR_EMAIL: identity.author.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: identity.committer.name,
    GIT_COMMITTER_EMAIL: identity.committer.email,
    GIT_COMMITTER_DATE: date,
  });
  const args = ["commit-tree", tree, ...parents.flatMap((parent) => ["-p", parent]), "-S"];
  try {
    return (await gitText(args, { cwd: paths.root, env, input: message })).trim();
  } catch (error) {
    if (error instanceof BacklogError) {
      throw new BacklogError("git", `Signing the backlog commit failed (commit.gpgsign is set): ${error.message}. Fix the signing setup, or set commit.gpgsign=false for this repository.`);
    }
    throw error;
  }
}
