import { execFileSync } from "node:child_process";
import { mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, backlogRepo, cli, runCli, runJson } from "../../helpers/cli.js";
import { git, gitRepo, removeAfter, tempDir } from "../../helpers/git-repo.js";

interface DoctorJson {
  problems: { file: string; line: number | null; code: string; message: string; severity: string }[];
}

interface InitJson {
  root: string;
  dir: string;
  steps: { path: string; outcome: string; message: string }[];
  commit: string[];
}

/** git's own folder holds git but not node: PATH is then exactly what each test puts before it. */
const gitExecPath = execFileSync("git", ["--exec-path"], { encoding: "utf8" }).trim();
const script = realpathSync(CLI);
const driver = (node: string, entry = script): string => `'${node}' '${entry}' merge-driver %O %A %B %P`;

/** A folder for PATH holding links to this node (and, when asked, to the built CLI, as npm's bin link). */
function binFolder(onTestFinished: (cleanup: () => void) => void, withCli = false): string {
  const { dir } = removeAfter(onTestFinished, tempDir("git-backlog-bin-"));
  symlinkSync(process.execPath, join(dir, "node"));
  if (withCli) symlinkSync(CLI, join(dir, "git-backlog"));
  return dir;
}

const withPath = (bin: string): { env: Record<string, string> } => ({ env: { PATH: `${bin}:${gitExecPath}` } });

/** The problems doctor reports about the merge driver's setup, as `file code`. */
async function setupProblems(dir: string): Promise<string[]> {
  const { json } = await runJson<DoctorJson>(dir, ["doctor"]);
  return json.problems.filter((problem) => problem.code.startsWith("merge-driver")).map((problem) => `${problem.file} ${problem.code}`);
}

describe.concurrent("init", () => {
  it("says what it wrote and that .gitattributes needs committing", async ({ onTestFinished }) => {
    const { dir } = removeAfter(onTestFinished, gitRepo());
    const bin = binFolder(onTestFinished);
    expect(await cli(dir, ["init"], withPath(bin))).toBe(
      [
        "created backlog/, the task folder",
        'added "backlog/*.md merge=backlog" to .gitattributes',
        `registered the merge driver in .git/config: merge.backlog.driver = ${driver(`${bin}/node`)}`,
        "Next: commit .gitattributes, so every clone merges task files with the driver:",
        '  git add .gitattributes && git commit -m "Set up git-backlog"',
        "",
      ].join("\n"),
    );
    expect(git(dir, "config", "merge.backlog.driver")).toBe(driver(`${bin}/node`));
    // Until it is committed, a second run still says so.
    expect(await cli(dir, ["init"], withPath(bin))).toContain("Next: commit .gitattributes");
    git(dir, "add", ".gitattributes");
    git(dir, "commit", "-q", "-m", "Set up git-backlog");
    expect(await cli(dir, ["init"], withPath(bin))).toBe(
      [
        "backlog/ is there already",
        '.gitattributes has "backlog/*.md merge=backlog" already',
        `the merge driver in .git/config is this installation already: merge.backlog.driver = ${driver(`${bin}/node`)}`,
        "Already set up: nothing to do.",
        "",
      ].join("\n"),
    );
  });

  it("--json gives each step and the files to commit, .backlog included when it is not committed", async ({ onTestFinished }) => {
    const { dir } = removeAfter(onTestFinished, gitRepo());
    const bin = binFolder(onTestFinished);
    writeFileSync(join(dir, ".backlog"), "dir: tasks\n");
    const { code, json } = await runJson<InitJson>(dir, ["init"], withPath(bin));
    expect(code).toBe(0);
    expect(json).toEqual({
      root: dir,
      dir: "tasks",
      steps: [
        { path: "tasks/", outcome: "created", message: "created tasks/, the task folder" },
        { path: ".gitattributes", outcome: "added", message: 'added "tasks/*.md merge=backlog" to .gitattributes' },
        { path: ".git/config", outcome: "registered", message: `registered the merge driver in .git/config: merge.backlog.driver = ${driver(`${bin}/node`)}` },
      ],
      commit: [".backlog", ".gitattributes"],
    });
    expect(await cli(dir, ["init"], withPath(bin))).toContain('git add .backlog .gitattributes && git commit -m "Set up git-backlog"\n');
  });

  it("registers the entry script through npm's link on PATH, which upgrades keep in place", async ({ onTestFinished }) => {
    const { dir } = removeAfter(onTestFinished, gitRepo());
    const bin = binFolder(onTestFinished, true);
    await cli(dir, ["init"], withPath(bin));
    expect(git(dir, "config", "merge.backlog.driver")).toBe(driver(`${bin}/node`, `${bin}/git-backlog`));
  });

  it("on a fresh clone adds the driver to its config and nothing else", async ({ onTestFinished }) => {
    const { dir: origin } = removeAfter(onTestFinished, gitRepo());
    const bin = binFolder(onTestFinished);
    await cli(origin, ["init"], withPath(bin));
    git(origin, "add", ".gitattributes");
    git(origin, "commit", "-q", "-m", "Set up git-backlog");
    await cli(origin, ["add", "First"]);
    const { dir: parent } = removeAfter(onTestFinished, tempDir());
    git(parent, "clone", "-q", origin, "clone");
    const dir = join(parent, "clone");
    expect(await setupProblems(dir)).toEqual([".git/config merge-driver-missing"]);
    expect(await cli(dir, ["init"], withPath(bin))).toBe(
      [
        "backlog/ is there already",
        '.gitattributes has "backlog/*.md merge=backlog" already',
        `registered the merge driver in .git/config: merge.backlog.driver = ${driver(`${bin}/node`)}`,
        "",
      ].join("\n"),
    );
    expect(git(dir, "status", "--porcelain")).toBe("");
    expect(await setupProblems(dir)).toEqual([]);
  });

  it("re-registers a driver an earlier version registered by name, and says so", async ({ onTestFinished }) => {
    const { dir } = removeAfter(onTestFinished, gitRepo());
    const bin = binFolder(onTestFinished);
    await cli(dir, ["init"], withPath(bin));
    git(dir, "config", "merge.backlog.driver", "git-backlog merge-driver %O %A %B %P");
    const { json } = await runJson<DoctorJson>(dir, ["doctor"]);
    expect(json.problems.filter((problem) => problem.file === ".git/config")).toEqual([
      {
        file: ".git/config",
        line: null,
        code: "merge-driver-outdated",
        severity: "warning",
        message:
          "the merge driver is registered by name (git-backlog merge-driver %O %A %B %P), which git started by an IDE or GUI client may not find on its PATH; `init` registers this installation by absolute path.",
      },
    ]);
    expect(await cli(dir, ["init"], withPath(bin))).toContain(
      `re-registered the merge driver in .git/config for this installation: merge.backlog.driver = ${driver(`${bin}/node`)} (it was: git-backlog merge-driver %O %A %B %P)\n`,
    );
    expect(await setupProblems(dir)).toEqual([]);
  });

  it("after an upgrade removed the program the driver runs, doctor says so and init registers this installation", async ({ onTestFinished }) => {
    const { dir } = removeAfter(onTestFinished, gitRepo());
    const old = binFolder(onTestFinished);
    await cli(dir, ["init"], withPath(old));
    git(dir, "add", ".gitattributes");
    git(dir, "commit", "-q", "-m", "Set up git-backlog");
    rmSync(join(old, "node"));
    const doctor = await runCli(dir, ["doctor"]);
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toBe(
      `.git/config: warning the merge driver runs ${old}/node, which no longer exists (moved by an upgrade?), so git cannot merge task files; \`init\` registers this installation by absolute path. [merge-driver-outdated]\n`,
    );
    const current = binFolder(onTestFinished);
    expect(await cli(dir, ["init"], withPath(current))).toContain(
      `re-registered the merge driver in .git/config for this installation: merge.backlog.driver = ${driver(`${current}/node`)} (it was: ${driver(`${old}/node`)})\n`,
    );
    expect(await cli(dir, ["doctor"])).toBe("No problems.\n");
  });

  it("keeps a driver the user set and says so; doctor leaves it to them", async ({ onTestFinished }) => {
    const { dir } = removeAfter(onTestFinished, gitRepo());
    const bin = binFolder(onTestFinished);
    git(dir, "config", "merge.backlog.driver", "my-wrapper %O %A %B %P");
    expect(await cli(dir, ["init"], withPath(bin))).toContain("kept your own merge driver in .git/config: merge.backlog.driver = my-wrapper %O %A %B %P\n");
    expect(git(dir, "config", "merge.backlog.driver")).toBe("my-wrapper %O %A %B %P");
    expect(await setupProblems(dir)).toEqual([]);
  });
});

describe.concurrent("doctor where init never ran", () => {
  it("lets every command work and warns that the merge driver is not set up (exit 0)", async ({ onTestFinished }) => {
    const { dir } = removeAfter(onTestFinished, backlogRepo());
    await cli(dir, ["add", "Works", "without", "init"]);
    expect(await cli(dir, ["list"])).toContain("Works without init");
    const doctor = await runCli(dir, ["doctor"]);
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toBe(
      [
        ".git/config: warning the merge driver is not registered in this clone's git config (which is not cloned: each clone needs it once), so git merges task files line by line; `init` sets it up. [merge-driver-missing]",
        ".gitattributes: warning task files in backlog/ do not use the merge driver (their merge attribute is unspecified), so git merges them line by line and conflicts where a field merge would not (commit .gitattributes once it is set up); `init` sets it up. [merge-driver-missing]",
        "",
      ].join("\n"),
    );
    await cli(dir, ["init"]);
    expect(await setupProblems(dir)).toEqual([]);
  });

  it("names the shared config file from a linked worktree", async ({ onTestFinished }) => {
    const { dir } = removeAfter(onTestFinished, backlogRepo());
    const { dir: parent } = removeAfter(onTestFinished, tempDir());
    const linked = join(parent, "linked");
    git(dir, "worktree", "add", "-q", "-b", "feature", linked);
    mkdirSync(join(linked, "backlog"), { recursive: true });
    expect((await setupProblems(linked)).sort()).toEqual([`${dir}/.git/config merge-driver-missing`, ".gitattributes merge-driver-missing"].sort());
  });
});
