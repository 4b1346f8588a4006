import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, frontmatter, runCli, snapshot } from "../../helpers/cli.js";

/** Small slips a user makes on the command line: each is read as meant, or refused with the fix. */
describe("small slips", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", "First", "task"]);
  });
  afterAll(() => repo.cleanup());

  it("refuses the unit m in a change word (minutes or months?) and names min and mo", async () => {
    const before = snapshot(dir);
    const result = await runCli(dir, ["modify", "1", "due:now+2m"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"due:now+2m": "m" could mean minutes or months; write min for minutes or mo for months (now+2min, now+2mo)');
    expect(snapshot(dir)).toEqual(before);
    await cli(dir, ["modify", "1", "due:now+2min"]);
    expect(frontmatter(dir, 1).due).toBe("2026-11-18T10:02:00Z");
  });
});
