import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backlogRepo, cli, cliJson, frontmatter, ids, runCli, snapshot, writeTask, type JsonTask } from "../../helpers/cli.js";

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

  it("reads Taskwarrior abbreviations of field names in change words: pri:H proj:web", async () => {
    await cli(dir, ["modify", "1", "pri:H", "proj:web", "sched:tomorrow"]);
    expect(frontmatter(dir, 1)).toMatchObject({ priority: "H", project: "web", scheduled: "2026-11-19" });
    expect(frontmatter(dir, 1)).not.toHaveProperty("pri");
    await cli(dir, ["modify", "1", "prio:M"]);
    expect(frontmatter(dir, 1)).toMatchObject({ priority: "M" });
    expect(frontmatter(dir, 1)).not.toHaveProperty("prio");
  });

  it("reads the same abbreviations in filters", async () => {
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "pri:M", "proj:web"]))).toEqual([1]);
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "pri.above:L", "desc.has:first"]))).toEqual([1]);
  });

  it("refuses an abbreviation that fits several fields and names them, in changes and filters", async () => {
    const before = snapshot(dir);
    const change = await runCli(dir, ["modify", "1", "re:daily"]);
    expect(change.code).toBe(2);
    expect(change.stderr).toContain('"re:daily": "re" is short for more than one field: recur or related; write more of the name; putting it after `--` keeps "re:daily" as text.');
    const filter = await runCli(dir, ["list", "re:2"]);
    expect(filter.code).toBe(2);
    expect(filter.stderr).toContain('"re" in "re:2" at position 0 is short for more than one attribute: recur or related; write more of the name.');
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses a near miss of a field name with did you mean, instead of making it a user field", async () => {
    const before = snapshot(dir);
    const change = await runCli(dir, ["modify", "1", "priorty:H"]);
    expect(change.code).toBe(2);
    expect(change.stderr).toContain('"priorty:H": unknown field "priorty"; did you mean priority?');
    expect(change.stderr).toContain('`edit <id>` adds "priorty: …" to one task, or putting it after `--` keeps "priorty:H" as text.');
    const added = await runCli(dir, ["add", "Second", "projcet:web"]);
    expect(added.code).toBe(2);
    expect(added.stderr).toContain('unknown field "projcet"; did you mean project?');
    const filter = await runCli(dir, ["list", "priorty:H"]);
    expect(filter.code).toBe(2);
    expect(filter.stderr).toContain('Unknown attribute "priorty" in "priorty:H" at position 0: did you mean priority?');
    expect(snapshot(dir)).toEqual(before);
  });

  it("keeps user fields working: a name far from every field, or one a task already carries", async () => {
    await cli(dir, ["modify", "1", "estimate:3"]);
    expect(frontmatter(dir, 1)).toMatchObject({ estimate: 3 });
    writeTask(dir, "20-carried.md", "---\nid: 20\ntitle: Carried\nstatus: pending\nstat: 4\nassigned: bob\n---\n");
    await cli(dir, ["modify", "20", "stat:5", "assigned:alice"]);
    expect(frontmatter(dir, 20)).toMatchObject({ status: "pending", stat: 5, assigned: "alice" });
    expect(ids(await cliJson<JsonTask[]>(dir, ["list", "stat:5", "assigned:alice"]))).toEqual([20]);
  });

  it("keeps a capitalised word that is no field name as title text", async () => {
    const task = await cliJson<JsonTask>(dir, ["add", "Re:", "the", "login", "bug"]);
    expect(task.title).toBe("Re: the login bug");
  });

  it("refuses a virtual tag not written in capitals, or misspelt, with did you mean", async () => {
    const mixed = await runCli(dir, ["list", "+Ready"]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('"+Ready" at position 0: did you mean +READY? Virtual tags are written in capitals');
    expect((await runCli(dir, ["list", "pri:M", "-Blocked"])).stderr).toContain("did you mean -BLOCKED?");
    const misspelt = await runCli(dir, ["list", "+READDY"]);
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toContain('Unknown virtual tag "+READDY" at position 0: did you mean +READY?');
    // A tag of your own in lower case is still a tag, whatever its name.
    expect((await runCli(dir, ["list", "+ready"])).code).toBe(0);
  });
});
