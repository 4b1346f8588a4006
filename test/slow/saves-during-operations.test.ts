import { execFile } from "node:child_process";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { backlogRepo, cli, CLI, cliEnv, taskPath } from "../helpers/cli.js";
import { cleanupAfterEach, git } from "../helpers/git-repo.js";

/**
 * docs/reference/git.md, "A save during an operation": a save made while an operation runs always survives. An "editor" appends a numbered
 * line to a task's body every 30 ms (half the saves in place, half by rename, as editors do),
 * while the CLI changes fields of the same task back to back. Every saved line must be in the
 * file at the end: the tool may re-plan or refuse an operation, never overwrite a save.
 */

const track = cleanupAfterEach();
const SAVES = 520;

function runModify(dir: string, value: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, "modify", "1", `estimate:${value}`], { cwd: dir, env: cliEnv(), encoding: "utf8" }, (error, _stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
    );
  });
}

/**
 * The file, read as an editor reloading it would: for the instant of a swap (between its two
 * system calls) the name is absent (src/store/replace-file.ts), and the next look finds it.
 */
async function readAgain(path: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return readFileSync(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || attempt === 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
}

describe("saves from an editor while operations run on the same file", () => {
  it(`loses none of ${SAVES} saves`, async () => {
    const dir = track(backlogRepo()).dir;
    await cli(dir, ["add", "Edited while agents work"]);
    const file = join(dir, taskPath(dir, 1));
    let saves = 0;
    let done = false;
    const save = async (): Promise<void> => {
      const text = await readAgain(file);
      const saved = `${text}save ${++saves}\n`;
      if (saves % 2 === 0) {
        writeFileSync(file, saved);
      } else {
        writeFileSync(`${file}.swp`, saved);
        renameSync(`${file}.swp`, file);
      }
      await new Promise((resolve) => setTimeout(resolve, 30));
    };
    const editor = (async () => {
      try {
        while (saves < SAVES) await save();
      } finally {
        // Even when the editor fails: the operations stop and the failure is reported, not waited on forever.
        done = true;
      }
    })();
    const runs: { code: number; stderr: string }[] = [];
    for (let n = 0; !done; n++) runs.push(await runModify(dir, String(n)));
    const codes = runs.map((run) => run.code);
    await editor;
    const text = readFileSync(file, "utf8");
    const lost = Array.from({ length: SAVES }, (_, at) => at + 1).filter((n) => !text.includes(`save ${n}\n`));
    console.log(`${SAVES} saves during ${codes.length} modifies (${codes.filter((code) => code === 0).length} committed, ${codes.filter((code) => code !== 0).length} refused): ${lost.length} saves lost`);
    expect(lost).toEqual([]);
    // A refusal is only ever the file changing under every attempt, with nothing written.
    expect(runs.filter((run) => run.code !== 0 && !run.stderr.includes("kept changing on disk"))).toEqual([]);
    expect(codes.filter((code) => code === 0).length).toBeGreaterThan(0);
    // The next operation commits what the editor left, as a hand edit, and the tree is clean.
    expect(await runModify(dir, "final")).toMatchObject({ code: 0 });
    expect(git(dir, "status", "--porcelain")).toBe("");
    // (git() trims the output: the last line has no newline here.)
    expect(git(dir, "show", `HEAD:${taskPath(dir, 1)}`)).toMatch(new RegExp(`^save ${SAVES}$`, "m"));
  });
});
