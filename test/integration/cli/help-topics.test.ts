import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATE_FORMS, DATE_UNITS, RECUR_COUNTS, RECUR_NAMES, TOPICS } from "../../../src/cli/help/topics.js";
import { resolveDate } from "../../../src/domain/dates.js";
import { VIRTUAL_TAGS } from "../../../src/domain/filter/index.js";
import { MODIFIER_NAMES } from "../../../src/domain/filter/attributes.js";
import { parseRecur } from "../../../src/domain/recurrence.js";
import { KNOWN_FIELDS } from "../../../src/domain/task.js";
import { runCli } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/git-repo.js";

const reference = (name: string): string => readFileSync(new URL(`../../../docs/reference/${name}`, import.meta.url), "utf8");
const NOW = new Date("2026-11-18T10:00:00Z");

describe.concurrent("help topics", () => {
  let folder: { dir: string; cleanup: () => void };
  const help = async (...args: string[]): Promise<string> => {
    const result = await runCli(folder.dir, ["help", ...args]);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout;
  };
  beforeAll(() => {
    folder = tempDir();
  });
  afterAll(() => folder.cleanup());

  it("help lists every topic with what it covers, after the commands", async () => {
    const text = await help();
    expect(text).toContain("\nHelp topics:\n");
    for (const topic of ["filter", "changes", "fields", "dates"]) expect(text).toMatch(new RegExp(`\\n {2}${topic} +\\S`));
  });

  it("help filter names every attribute form, modifier and virtual tag, each tag with its meaning", async () => {
    const text = await help("filter");
    expect(await help("filters")).toBe(text);
    for (const tag of VIRTUAL_TAGS) expect(text).toMatch(new RegExp(`\\n {2}${tag} +\\S`));
    for (const modifier of MODIFIER_NAMES) expect(text).toMatch(new RegExp(`\\b${modifier}\\b`));
    for (const term of ["+bug", "-wip", "due.before:friday", "12,15", "3-5", "xor", "pri:H"]) expect(text).toContain(term);
  });

  it("help fields gives every task field its type and meaning, and says what user fields are", async () => {
    const text = await help("fields");
    for (const field of KNOWN_FIELDS) expect(text).toMatch(new RegExp(`\\n {2}${field} +\\S+ +\\S`));
    expect(text).toContain("field of your own (a user field)");
  });

  it("help changes covers field:value, tags, id lists, -- and the names it reads", async () => {
    const text = await help("changes");
    for (const word of ["priority:H", "due:", "+tag", "-tag", "tags:a,b", "depends:7,-9", "depends:-7", "parent:3", "--", "pri:H", "did you mean", "git-backlog edit"]) expect(text).toContain(word);
  });

  it("help dates: every date form it shows resolves, every unit it names works, m is refused", async () => {
    const text = await help("dates");
    for (const [forms] of DATE_FORMS) for (const form of forms.split(" ")) expect(resolveDate(form, NOW), form).toBeDefined();
    for (const unit of DATE_UNITS.flat()) expect(resolveDate(`now+2${unit}`, NOW), unit).toBeDefined();
    for (const period of [...RECUR_NAMES, ...RECUR_COUNTS]) expect(() => parseRecur(period)).not.toThrow();
    expect(resolveDate("now+2m", NOW)).toBeUndefined();
    expect(text).toContain("A bare m is refused");
  });

  it("agrees with the reference: the same virtual tags, fields and date units", () => {
    const filters = reference("filters.md");
    for (const tag of VIRTUAL_TAGS) expect(filters).toContain(tag);
    for (const unit of DATE_UNITS.map(([short]) => short)) expect(filters).toContain(`\`${unit}\``);
    const format = reference("file-format.md");
    for (const field of KNOWN_FIELDS) expect(format).toContain(`\`${field}\``);
  });

  it("suggests the topic a typo meant", async () => {
    const result = await runCli(folder.dir, ["help", "fitler"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command or help topic "fitler"; did you mean filter?');
  });

  it("has no topic named like a command, so help <name> is never ambiguous", async () => {
    const { findCommand } = await import("../../../src/cli/commands/index.js");
    for (const topic of TOPICS) for (const name of [topic.name, ...topic.aliases]) expect(findCommand(name)).toBeUndefined();
  });
});
