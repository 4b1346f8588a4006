import { describe, expect, it } from "vitest";
import { cleanupAfterEach, git } from "../../helpers/git-repo.js";
import { backlogRepo, cli, runCli, runJson, writeTask } from "../../helpers/cli.js";

// `check`, the CI gate: doctor's problems in the branch's task files, and what only the merge
// with the base branch would bring.

const track = cleanupAfterEach();

/** A repository with tasks 1 and 2 on main and a branch `work` made from it. */
async function branched(): Promise<string> {
  const dir = track(backlogRepo()).dir;
  await cli(dir, ["add", "Set up CI"]);
  await cli(dir, ["add", "Write the docs"]);
  git(dir, "checkout", "-q", "-b", "work");
  return dir;
}

describe("check", () => {
  it("passes a branch whose task files are sound (exit 0), saying so on stderr", async () => {
    const dir = await branched();
    await cli(dir, ["add", "Branch work"]);
    const result = await runCli(dir, ["check"]);
    expect(result).toMatchObject({ code: 0, stdout: "" });
    expect(result.stderr).toMatch(/^check passed against main \([0-9a-f]{10}\): 0 errors, 0 warnings\n$/);
  });

  it("fails on a file that does not parse and on conflict markers, as file:line: lines, and as GitHub annotations under Actions", async () => {
    const dir = await branched();
    writeTask(dir, "3-broken.md", "---\nid: 3\ntitle: [broken\n---\n");
    writeTask(dir, "4-conflicted.md", "---\nid: 4\ntitle: Conflicted\nstatus: pending\n---\n<<<<<<< ours\nA\n=======\nB\n>>>>>>> theirs\n");
    const plain = await runCli(dir, ["check"]);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toMatch(/^backlog\/3-broken\.md:\d+: error: .*$/m);
    expect(plain.stdout).toMatch(/^backlog\/4-conflicted\.md:6: error: .*conflict.*$/im);
    const actions = await runCli(dir, ["check"], { env: { GITHUB_ACTIONS: "true" } });
    expect(actions.code).toBe(1);
    expect(actions.stdout).toMatch(/^::error file=backlog\/3-broken\.md,line=\d+,title=yaml-syntax::.+$/m);
    expect(actions.stdout).toMatch(/^::error file=backlog\/4-conflicted\.md,line=6,title=conflict-markers::.+$/m);
  });

  it("fails on an id added on both sides since they parted, naming the id doctor --fix would give this branch's task", async () => {
    const dir = await branched();
    await cli(dir, ["add", "On the branch"]);
    git(dir, "checkout", "-q", "main");
    // Made on main meanwhile, in another clone: id 3 too (written as that clone would have).
    writeTask(dir, "3-on-main.md", "---\nid: 3\ntitle: On main\nstatus: pending\n---\n");
    await cli(dir, ["add", "Also on main"]); // takes 4 in this clone
    git(dir, "add", "backlog");
    git(dir, "commit", "-q", "-m", "main's task 3");
    git(dir, "checkout", "-q", "work");
    const { code, json } = await runJson<{ ok: boolean; problems: { file: string; line?: number; code: string; message: string }[]; against: { name: string } }>(dir, ["check"]);
    expect(code).toBe(1);
    expect(json.ok).toBe(false);
    expect(json.against.name).toBe("main");
    expect(json.problems).toEqual([
      expect.objectContaining({ file: "backlog/3-on-the-branch.md", line: 2, code: "duplicate-id-after-merge", message: expect.stringMatching(/^id 3 is new on main too \(backlog\/3-on-main\.md, "On main"\): after the merge, .* gives this branch's task #5 /) }),
    ]);
  });

  it("fails on a dependency whose task the other side deletes", async () => {
    const dir = await branched();
    await cli(dir, ["add", "Needs the docs", "depends:2"]);
    git(dir, "checkout", "-q", "main");
    await cli(dir, ["delete", "2"]);
    await cli(dir, ["purge", "2"]);
    git(dir, "checkout", "-q", "work");
    const { code, json } = await runJson<{ problems: { file: string; code: string; message: string }[] }>(dir, ["check", "--against", "main"]);
    expect(code).toBe(1);
    expect(json.problems).toEqual([expect.objectContaining({ file: "backlog/3-needs-the-docs.md", code: "missing-dependency-after-merge", message: expect.stringMatching(/task #3 depends on #2, which main deletes \(backlog\/2-write-the-docs\.md\)/) })]);
  });

  it("refuses an --against git does not know (exit 2)", async () => {
    const dir = await branched();
    const result = await runCli(dir, ["check", "--against", "nope"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/"nope" is not a commit git knows/);
  });
});
