import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, frontmatter, readTask, runCli, snapshot, taskPath } from "../../helpers/cli.js";

/**
 * A stand-in editor: a node script that rewrites the file it is given as EDIT_MODE says, and
 * records the path it was given in EDIT_LOG. Started by the CLI with an argument array.
 */
const EDITOR_SCRIPT = `
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
const file = process.argv[2];
appendFileSync(process.env.EDIT_LOG, file + "\\n");
const text = readFileSync(file, "utf8");
switch (process.env.EDIT_MODE) {
  case "valid":
    writeFileSync(file, text.replace(/^priority: .*$/m, "priority: H").replace("Old body.", "New body, written in the editor."));
    break;
  case "invalid":
    writeFileSync(file, text.replace(/^status: .*$/m, "status: wip"));
    break;
  case "cycle":
    writeFileSync(file, text.replace(/^status: (.*)$/m, "status: $1\\ndepends: [2]"));
    break;
  case "id":
    writeFileSync(file, text.replace(/^id: .*$/m, "id: 77"));
    break;
  case "race":
    writeFileSync(process.env.RACE_FILE, readFileSync(process.env.RACE_FILE, "utf8").replace("Old body.", "Changed by someone else."));
    writeFileSync(file, text.replace(/^priority: .*$/m, "priority: L"));
    break;
  case "fail":
    process.exit(3);
  default:
    break;
}
`;

describe("edit through $EDITOR", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  let log: string;
  const editor = (mode: string, extra: Record<string, string> = {}) => ({
    env: { EDITOR: `${process.execPath} ${join(dir, "editor.mjs")}`, EDIT_MODE: mode, EDIT_LOG: log, ...extra },
  });
  /** The temp file the editor was given last. */
  const lastEdited = (): string => readFileSync(log, "utf8").trimEnd().split("\n").at(-1) ?? "";

  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    writeFileSync(join(dir, "editor.mjs"), EDITOR_SCRIPT);
    log = join(dir, "editor.log");
    writeFileSync(log, "");
    await cli(dir, ["add", "Edit", "me", "priority:M", "--body", "Old body."], { env: { BACKLOG_NOW: "2026-11-01T08:00:00Z" } });
    await cli(dir, ["add", "Depends", "on", "one", "depends:1"]);
  });
  afterAll(() => {
    // Refused edits are kept in temp folders for the user; the test's own are removed here.
    for (const path of readFileSync(log, "utf8").split("\n").filter(Boolean)) rmSync(dirname(path), { recursive: true, force: true });
    repo.cleanup();
  });

  it("refuses an invalid edit (exit 1), keeps the text in the file it names, and writes nothing", async () => {
    const before = snapshot(dir);
    const result = await runCli(dir, ["edit", "1"], editor("invalid"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('status "wip"');
    const kept = lastEdited();
    expect(result.stderr).toContain(`your text is kept in ${kept}`);
    expect(readFileSync(kept, "utf8")).toContain("status: wip");
    expect(readFileSync(kept, "utf8")).toContain("Old body.");
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses an edit that breaks a rule across tasks (a cycle) or changes the id", async () => {
    const before = snapshot(dir);
    const cycle = await runCli(dir, ["edit", "1"], editor("cycle"));
    expect(cycle.code).toBe(1);
    expect(cycle.stderr).toContain("1 → 2 → 1");
    expect(readFileSync(lastEdited(), "utf8")).toContain("depends: [2]");
    const id = await runCli(dir, ["edit", "1"], editor("id"));
    expect(id.code).toBe(1);
    expect(id.stderr).toContain("the id changed from 1 to 77");
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses when the editor fails, or the file changed on disk meanwhile, keeping the edit", async () => {
    const failed = await runCli(dir, ["edit", "1"], editor("fail"));
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("status 3");
    const before = readTask(dir, 1);
    const raced = await runCli(dir, ["edit", "1"], editor("race", { RACE_FILE: join(dir, taskPath(dir, 1)) }));
    expect(raced.code).toBe(1);
    expect(raced.stderr).toContain("changed on disk");
    // Someone else's change stays; the refused edit is kept aside, not written over it.
    expect(readTask(dir, 1)).toBe(before.replace("Old body.", "Changed by someone else."));
    expect(readFileSync(lastEdited(), "utf8")).toContain("priority: L");
    writeFileSync(join(dir, taskPath(dir, 1)), before);
  });

  it("saves a valid edit, stamping modified, and cleans up its temp file", async () => {
    const before = readTask(dir, 1);
    expect(await cli(dir, ["edit", "1"], editor("valid"))).toBe("Saved task 1: Edit me (backlog/1-edit-me.md)\n");
    expect(readTask(dir, 1)).toBe(
      before
        .replace("priority: M", "priority: H")
        .replace("Old body.", "New body, written in the editor.")
        .replace("modified: 2026-11-01T08:00:00Z", "modified: 2026-11-18T10:00:00Z"),
    );
    expect(frontmatter(dir, 1)).toMatchObject({ priority: "H", created: "2026-11-01T08:00:00Z", modified: "2026-11-18T10:00:00Z" });
    expect(existsSync(lastEdited())).toBe(false);
  });

  it("says so when nothing changed, and writes nothing", async () => {
    const before = snapshot(dir);
    expect(await cli(dir, ["edit", "1"], editor("none"))).toBe("No changes.\n");
    expect(snapshot(dir)).toEqual(before);
    expect(existsSync(lastEdited())).toBe(false);
  });

  it("needs exactly one existing task", async () => {
    expect((await runCli(dir, ["edit"], editor("valid"))).code).toBe(2);
    expect((await runCli(dir, ["edit", "1,2"], editor("valid"))).code).toBe(2);
    expect((await runCli(dir, ["edit", "9"], editor("valid"))).code).toBe(1);
  });
});
