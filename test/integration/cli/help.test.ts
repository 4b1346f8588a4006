import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../../src/cli/commands/index.js";
import { runCli } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/git-repo.js";

/** The lines of one titled section of a help text (`Options:`), up to the next blank line. */
function section(text: string, title: string): string[] {
  const lines = text.split("\n");
  const start = lines.indexOf(title);
  if (start < 0) return [];
  const end = lines.indexOf("", start);
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

// Help needs no repository: it runs anywhere.
describe.concurrent("help for every command", () => {
  let folder: { dir: string; cleanup: () => void };
  beforeAll(() => {
    folder = tempDir();
  });
  afterAll(() => folder.cleanup());

  it.each(COMMANDS.map((entry) => [entry.name]))("%s: usage, every option on a line of its own, and 2 to 4 examples", async (name) => {
    const command = await COMMANDS.find((entry) => entry.name === name)!.load();
    const help = await runCli(folder.dir, ["help", name]);
    expect(help.code).toBe(0);
    expect(help.stdout.split("\n")[0]).toBe(`Usage: git-backlog ${command.usage}`);
    const options = section(help.stdout, "Options:");
    expect(options.length).toBeGreaterThan(0);
    for (const flag of Object.keys(command.flags)) {
      expect(options.some((line) => new RegExp(`^  --${flag}( <[^>]+>)? {2,}\\S`).test(line)), `--${flag} in\n${options.join("\n")}`).toBe(true);
    }
    // A command line starts two spaces in; what it does may follow on a line indented further.
    const examples = section(help.stdout, "Examples:").filter((line) => /^ {2}\S/.test(line));
    expect(examples.length).toBeGreaterThanOrEqual(2);
    expect(examples.length).toBeLessThanOrEqual(4);
    for (const line of examples) expect(line).toMatch(/^ {2}(\S.* )?git-backlog /);
    // `<command> --help` says the same.
    expect((await runCli(folder.dir, [name, "--help"])).stdout).toBe(help.stdout);
  });

  it("names a command's aliases in its help", async () => {
    expect((await runCli(folder.dir, ["help", "ls"])).stdout).toContain("\nAlso: git-backlog ls\n");
  });
});
