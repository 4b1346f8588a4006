import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import stringWidth from "string-width";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, ESCAPE, backlogRepo, cli, cliEnv, cliJson, frontmatter, taskFiles, type JsonTask } from "../../helpers/cli.js";

const LONG_TITLE =
  "Migrate the legacy billing exports to the new warehouse pipeline without losing the historical invoices of closed accounts";
const UNICODE_TITLE = "Ünïcödé — 漢字のタイトル 🚀 naïve café";

// util-linux `script` gives the CLI a real terminal; it is part of every Debian base system.
const SCRIPT = ["/usr/bin/script", "/bin/script"].find((path) => existsSync(path)) ?? "/usr/bin/script";

function quote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Runs the CLI on a pseudo-terminal of `columns` columns; returns what it printed, line endings normalised. */
function runOnTty(cwd: string, args: readonly string[], env: Record<string, string | undefined>, columns = 80): string {
  const command = `stty cols ${columns} 2>/dev/null; ${[process.execPath, CLI, ...args].map(quote).join(" ")}`;
  const result = spawnSync(SCRIPT, ["-qec", command, "/dev/null"], { cwd, env: cliEnv({ SHELL: "/bin/sh", TERM: "xterm-256color", ...env }), encoding: "utf8", input: "" });
  if (result.status !== 0) throw new Error(`script exited ${result.status}: ${result.stderr}${result.stdout}`);
  return result.stdout.replace(/\r\n/g, "\n");
}

describe.concurrent("terminal output", () => {
  let repo: { dir: string; cleanup: () => void };
  let dir: string;
  beforeAll(async () => {
    repo = backlogRepo();
    dir = repo.dir;
    await cli(dir, ["add", UNICODE_TITLE, "project:intl", "+i18n", "priority:H"]);
    await cli(dir, ["add", LONG_TITLE, "project:billing", "+data", "due:2026-11-01"]);
    await cli(dir, ["add", "Short", "project:x", "depends:1"]);
  });
  afterAll(() => repo.cleanup());

  it("keeps unicode titles exact in the file, the JSON and the file name", async () => {
    expect(frontmatter(dir, 1).title).toBe(UNICODE_TITLE);
    expect((await cliJson<JsonTask>(dir, ["show", "1"])).title).toBe(UNICODE_TITLE);
    expect(taskFiles(dir)[0]).toBe("1-unicode-naive-cafe.md");
    expect((await cli(dir, ["show", "1"])).split("\n")[0]).toBe(`#1 ${UNICODE_TITLE}`);
  });

  it("lines up columns by display width, wide characters included", async () => {
    const lines = (await cli(dir, ["list"])).trimEnd().split("\n").slice(0, 4);
    // The Project column starts at the same display column on every row.
    const starts = lines.map((line) => {
      const at = line.search(/ {2}(Project|intl|billing|x)( |$)/) + 2;
      return stringWidth(line.slice(0, at));
    });
    expect(new Set(starts).size).toBe(1);
  });

  it("does not read COLUMNS when not on a terminal: a long title still prints whole, one line per task", async () => {
    const out = await cli(dir, ["list"], { env: { COLUMNS: "20" } });
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(6); // header, 3 tasks, the markers' legend, the count
    expect(lines[2]).toContain(`${LONG_TITLE} !`);
    expect(lines[2]).toContain("billing");
    expect(lines[1]).toContain(UNICODE_TITLE);
    expect(out).not.toContain("…");
    expect(await cli(dir, ["list"], { env: { COLUMNS: "300" } })).toBe(out);
  });

  it("never writes escape codes when not on a terminal, NO_COLOR or not", async () => {
    for (const env of [{ NO_COLOR: undefined }, { NO_COLOR: undefined, FORCE_COLOR: "1" }]) {
      for (const args of [["list"], ["show", "1"], ["view", "board"], ["graph"]]) {
        const out = await cli(dir, args, { env });
        expect(out, args.join(" ")).not.toMatch(ESCAPE);
      }
    }
  });

  it("colours a terminal, CI or not, but not with NO_COLOR", () => {
    for (const ci of [undefined, "true"]) {
      const coloured = runOnTty(dir, ["list"], { NO_COLOR: undefined, CI: ci });
      expect(coloured, `CI=${ci}`).toMatch(ESCAPE);
      expect(coloured).toContain("Short");
    }
    const plain = runOnTty(dir, ["list"], { NO_COLOR: "1" });
    expect(plain).not.toMatch(ESCAPE);
    expect(plain).toContain("Short");
  });

  it("fits the table to a narrow terminal, cutting the title with an ellipsis", () => {
    const out = runOnTty(dir, ["list"], { NO_COLOR: "1" }, 60);
    const lines = out.trimEnd().split("\n");
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(60);
    expect(out).toMatch(/ 2 +Migrate the [^\n]*… ! +billing /);
    expect(out).toContain("…");
    expect(out).not.toContain(LONG_TITLE);
  });

  it.each([60, 80])("gives titles the space first at %i columns, keeps their markers and explains them below", (columns) => {
    const out = runOnTty(dir, ["list", "status:pending"], { NO_COLOR: "1" }, columns);
    const lines = out.trimEnd().split("\n");
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(columns);
    // At least half the terminal for the title: the tags go before the title is cut to a stub.
    const long = lines.find((line) => line.includes("Migrate")) ?? "";
    const shown = /Migrate[^…]*…/.exec(long)?.[0] ?? "";
    expect(stringWidth(shown)).toBeGreaterThanOrEqual(columns / 2 - 2);
    expect(long).toMatch(/… !/);
    expect(lines.find((line) => line.includes("Short"))).toMatch(/Short ⧗/);
    expect(lines[0]).not.toContain("Tags");
    expect(out).toContain("\n⧗ blocked by an open dependency  ! overdue\n3 tasks\n");
  });

  it("explains only the markers that appear", async () => {
    const out = await cli(dir, ["list", "project:billing"]);
    expect(out).toMatch(/\n! overdue\n1 task\n$/);
    expect(out).not.toContain("blocked by");
    expect(await cli(dir, ["list", "project:intl"])).toMatch(/i18n[^\n]*\n1 task\n$/);
  });

  it("says how many of how many a --limit shows", async () => {
    expect(await cli(dir, ["list", "--limit", "2"])).toMatch(/\n2 of 3 tasks\n$/);
    expect(await cli(dir, ["list", "--limit", "3"])).toMatch(/\n3 tasks\n$/);
  });

  it("sizes the board's columns by their content on a narrow terminal", () => {
    const out = runOnTty(dir, ["view", "board"], { NO_COLOR: "1" }, 60);
    const lines = out.trimEnd().split("\n");
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(60);
    const [pending, active, done] = (lines[0] ?? "").split(" │ ");
    expect(active?.trimEnd()).toBe("ACTIVE (0)");
    expect(done?.trimEnd()).toBe("DONE (0)");
    // The empty columns give their width to the full one: far more than a third of 60.
    expect(stringWidth(pending ?? "")).toBeGreaterThanOrEqual(32);
    // A card cut to fit keeps its markers, as a table row does, and the legend explains them.
    expect(out).toMatch(/#2 Migrate the legacy billing[^\n]*… ! │/);
    expect(out).toMatch(/\n#3 Short ⧗ +│/);
    expect(out).toContain("\n⧗ blocked by an open dependency  ! overdue\n");
  });
});
