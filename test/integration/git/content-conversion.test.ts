import { readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { backlogRepo, cli, runCli } from "../../helpers/cli.js";
import { cleanupAfterEach, git } from "../../helpers/git-repo.js";

/**
 * The committed blob is the one git itself would store (docs/reference/git.md, "Line endings, filters and encryption"). Under each of git's content
 * conversions, every write must commit what `git add` of the working file stores, leave the index
 * entry on that blob (`git status` clean), and leave the working file as `git checkout` would.
 */

const track = cleanupAfterEach();

const SEED = "---\nid: 1\ntitle: Seeded by hand\nstatus: pending\n---\nThe document.\nSecond line.\n";
const TASK = "backlog/1-seeded.md";

interface Scenario {
  name: string;
  config?: Array<[string, string]>;
  attributes?: string;
  /** The seed as the user's editor saved it (and `git add` took it); default: as a checkout leaves it. */
  savedAs?: (text: string) => string;
  /** What must hold of a committed blob, given the working file. */
  blob: (blob: Buffer, working: Buffer, oid: string) => void;
}

const crlf = (text: string): string => text.replace(/\n/g, "\r\n");
const normalized = (blob: Buffer): void => expect(blob.includes("\r")).toBe(false);

const SCENARIOS: Scenario[] = [
  { name: "core.autocrlf=true", config: [["core.autocrlf", "true"]], blob: normalized },
  { name: "core.autocrlf=input, a CRLF file from the editor", config: [["core.autocrlf", "input"]], savedAs: crlf, blob: normalized },
  { name: "eol=crlf", attributes: "backlog/*.md text eol=crlf\n", blob: normalized },
  { name: "eol=lf, a CRLF file from the editor", attributes: "backlog/*.md eol=lf\n", savedAs: crlf, blob: normalized },
  { name: "text with core.eol=crlf", config: [["core.eol", "crlf"]], attributes: "backlog/*.md text\n", blob: normalized },
  {
    name: "ident",
    attributes: "backlog/*.md ident\n",
    blob: (blob, working, oid) => {
      if (!working.includes("$Id")) return; // a task added without one
      expect(blob.toString()).toContain("Revision $Id$");
      expect(working.toString()).toContain(`Revision $Id: ${oid} $`);
    },
  },
  {
    name: "a clean filter",
    config: [
      ["filter.crypt.clean", "base64"],
      ["filter.crypt.smudge", "base64 -d"],
      ["filter.crypt.required", "true"],
    ],
    attributes: "backlog/*.md filter=crypt\n",
    blob: (blob, working) => {
      expect(blob.toString()).not.toContain("title:");
      expect(Buffer.from(blob.toString(), "base64").toString()).toBe(working.toString());
    },
  },
];

function setup(scenario: Scenario): string {
  const { dir } = track(backlogRepo());
  for (const [key, value] of scenario.config ?? []) git(dir, "config", key, value);
  if (scenario.attributes) writeFileSync(join(dir, ".gitattributes"), scenario.attributes);
  const seed = scenario.name === "ident" ? SEED.replace("Second line.", "Revision $Id$") : SEED;
  writeFileSync(join(dir, TASK), scenario.savedAs ? scenario.savedAs(seed) : seed);
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "seed");
  if (!scenario.savedAs) checkout(dir, TASK);
  expect(git(dir, "status", "--porcelain")).toBe("");
  return dir;
}

function checkout(dir: string, path: string): void {
  rmSync(join(dir, path));
  git(dir, "checkout", "--", path);
}

/** The checks of the header, for one path just written by an operation. */
function expectAsGitWould(dir: string, path: string, scenario?: Scenario): void {
  expect(git(dir, "status", "--porcelain")).toBe("");
  const committed = git(dir, "rev-parse", `HEAD:${path}`);
  expect(git(dir, "ls-files", "-s", "--", path)).toBe(`100644 ${committed} 0\t${path}`);
  const file = join(dir, path);
  const working = readFileSync(file);
  scenario?.blob(Buffer.from(git(dir, "cat-file", "blob", committed) + "\n"), working, committed);
  // `git add` of the working file, made to read it again (its stat no longer matches the index).
  utimesSync(file, new Date("2001-01-01T00:00:00Z"), new Date("2001-01-01T00:00:00Z"));
  git(dir, "add", "--", path);
  expect(git(dir, "rev-parse", `:${path}`)).toBe(committed);
  checkout(dir, path);
  expect(JSON.stringify(readFileSync(file, "utf8"))).toBe(JSON.stringify(working.toString("utf8")));
}

describe("a write under git's content conversions", () => {
  for (const scenario of SCENARIOS) {
    it(`commits what git add would and leaves what git checkout would: ${scenario.name}`, async () => {
      const dir = setup(scenario);
      await cli(dir, ["modify", "1", "priority:H"]);
      expectAsGitWould(dir, TASK, scenario);
      expect(readFileSync(join(dir, TASK), "utf8")).toContain("priority: H");

      await cli(dir, ["add", "Second", "task"]);
      expectAsGitWould(dir, "backlog/2-second-task.md", scenario);

      await cli(dir, ["annotate", "1", "a note"]);
      expectAsGitWould(dir, TASK, scenario);

      await cli(dir, ["undo"]);
      expectAsGitWould(dir, TASK, scenario);
      expect(git(dir, "rev-parse", `HEAD:${TASK}`)).toBe(git(dir, "rev-parse", `HEAD~3:${TASK}`));

      await cli(dir, ["redo"]);
      expectAsGitWould(dir, TASK, scenario);
      expect(git(dir, "rev-parse", `HEAD:${TASK}`)).toBe(git(dir, "rev-parse", `HEAD~2:${TASK}`));
    }, 90_000); // five CLI runs and a checkout after each, on a shared machine
  }

  it("keeps CRLF in a task whose blob already has it, as git add does under core.autocrlf", async () => {
    const { dir } = track(backlogRepo());
    writeFileSync(join(dir, TASK), crlf(SEED));
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "seed, committed with CRLF");
    git(dir, "config", "core.autocrlf", "true");
    await cli(dir, ["modify", "1", "priority:H"]);
    expectAsGitWould(dir, TASK);
    expect(git(dir, "cat-file", "blob", `HEAD:${TASK}`)).toContain("priority: H\r\n");
  });

  it("keeps CRLF in a task whose blob already has it, as git add does under text=auto", async () => {
    const { dir } = track(backlogRepo());
    writeFileSync(join(dir, TASK), crlf(SEED));
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "seed, committed with CRLF");
    writeFileSync(join(dir, ".gitattributes"), "* text=auto\n");
    git(dir, "add", ".gitattributes");
    git(dir, "commit", "-q", "-m", "attributes");
    await cli(dir, ["modify", "1", "priority:H"]);
    expectAsGitWould(dir, TASK);
    expect(git(dir, "cat-file", "blob", `HEAD:${TASK}`)).toContain("priority: H\r\n");
  });

  it("edits a CRLF task file without touching a line ending", async () => {
    const { dir } = track(backlogRepo());
    git(dir, "config", "core.autocrlf", "true");
    writeFileSync(join(dir, TASK), SEED);
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "seed");
    checkout(dir, TASK);
    await cli(dir, ["modify", "1", "priority:H", "+crlf"]);
    await cli(dir, ["annotate", "1", "first line"]);
    const text = readFileSync(join(dir, TASK), "utf8");
    expect(text).toMatch(/tags: \[crlf\]\r\n[^]*first line\r\n$/);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(git(dir, "cat-file", "blob", `HEAD:${TASK}`)).not.toContain("\r");
    expectAsGitWould(dir, TASK);
  });

  it("refuses, naming the file and writing nothing, when a required clean filter fails", async () => {
    const { dir } = track(backlogRepo());
    writeFileSync(join(dir, TASK), SEED);
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "seed");
    writeFileSync(join(dir, ".gitattributes"), "backlog/*.md filter=broken\n");
    git(dir, "config", "filter.broken.clean", "false");
    git(dir, "config", "filter.broken.required", "true");
    const head = git(dir, "rev-parse", "HEAD");
    const staged = git(dir, "ls-files", "-s");
    const result = await runCli(dir, ["modify", "1", "priority:H"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(TASK);
    expect(result.stderr).toMatch(/filter/);
    expect(git(dir, "rev-parse", "HEAD")).toBe(head);
    expect(readFileSync(join(dir, TASK), "utf8")).toBe(SEED);
    expect(git(dir, "ls-files", "-s")).toBe(staged);
  });
});
