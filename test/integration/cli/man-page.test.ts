import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../../src/cli/commands/index.js";
import { TOPICS } from "../../../src/cli/help/topics.js";
import { CLI } from "../../helpers/cli.js";
import { cleanupAfterEach, GIT_TEST_ENV, tempDir } from "../../helpers/git-repo.js";

const track = cleanupAfterEach();

/** Written by `npm run build` (scripts/build-man.mjs), as `git backlog --help` needs it. */
const PAGE = fileURLToPath(new URL("../../../man/git-backlog.1", import.meta.url));
const VERSION = (JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }).version;

const MAN_ENV = { MANPAGER: "cat", PAGER: "cat", MANWIDTH: "100", LANG: "C.UTF-8", LC_ALL: "C.UTF-8" };

/** The page as man sets it for a reader: `MANPAGER=cat man -l`, with groff's warnings on stderr. */
function render(): Promise<{ code: number; stdout: string; stderr: string }> {
  return run("man", ["--warnings", "-l", PAGE], { ...process.env, ...MAN_ENV });
}

function run(program: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { env, cwd, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") reject(new Error(`${program} did not run: ${error.message}`));
      else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

describe("the man page", () => {
  it("is built, and man sets it without a warning", async () => {
    expect(existsSync(PAGE), `${PAGE} is missing: npm run build writes it`).toBe(true);
    const { code, stdout, stderr } = await render();
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^GIT-BACKLOG\(1\)/);
  });

  it("names every command with its usage, every help topic, and this version", async () => {
    // groff may print a hyphen as U+2010 or a minus as U+2212; a reader copies them as -.
    const text = (await render()).stdout.replace(/[\u2010\u2212]/g, "-");
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect(text, command.name).toMatch(new RegExp(`\\n {3}${command.name}\\n`));
      expect(text.replace(/\s+/g, " "), command.name).toContain(`git-backlog ${command.usage}`.replace(/\s+/g, " "));
    }
    for (const topic of TOPICS) expect(text).toContain(`\n${topic.name.toUpperCase()}\n`);
    for (const section of ["NAME", "SYNOPSIS", "COMMANDS", "EXIT STATUS", "ENVIRONMENT", "SEE ALSO"]) expect(text).toContain(`\n${section}\n`);
    expect(text).toContain(`git-backlog ${VERSION}`);
  });

  it("is what git backlog --help opens, once installed where man looks (npm links the package's man)", async () => {
    const { dir } = track(tempDir());
    mkdirSync(join(dir, "bin"));
    mkdirSync(join(dir, "man", "man1"), { recursive: true });
    writeFileSync(join(dir, "bin", "git-backlog"), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(join(dir, "bin", "git-backlog"), 0o755);
    symlinkSync(PAGE, join(dir, "man", "man1", "git-backlog.1"));
    const env = { ...GIT_TEST_ENV, ...MAN_ENV, PATH: `${join(dir, "bin")}:${process.env.PATH ?? ""}`, MANPATH: join(dir, "man") };
    const { code, stdout, stderr } = await run("git", ["backlog", "--help"], env, dir);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout.replace(/[\u2010\u2212]/g, "-")).toContain("git-backlog - tasks as markdown files in your git repository");
  });
});
