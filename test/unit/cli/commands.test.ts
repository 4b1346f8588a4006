import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Command } from "../../../src/cli/command.js";
import { COMMANDS, findCommand, loadCommands } from "../../../src/cli/commands/index.js";

const folder = fileURLToPath(new URL("../../../src/cli/commands/", import.meta.url));

function isCommand(value: unknown): value is Command {
  return typeof value === "object" && value !== null && typeof (value as Command).name === "string" && typeof (value as Command).run === "function";
}

describe("the lazy command table", () => {
  it("loads, for every entry, the command of the same name and aliases", async () => {
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect({ name: command.name, aliases: command.aliases ?? [] }).toEqual({ name: entry.name, aliases: entry.aliases ?? [] });
    }
  });

  it("lists every command the command modules export", async () => {
    const exported = new Set<string>();
    for (const file of readdirSync(folder).filter((name) => name.endsWith(".ts") && name !== "index.ts")) {
      const module = (await import(`${folder}${file}`)) as Record<string, unknown>;
      for (const value of Object.values(module)) if (isCommand(value)) exported.add(value.name);
    }
    expect([...exported].sort()).toEqual(COMMANDS.map((entry) => entry.name).sort());
  });

  it("finds commands by name and alias, and loads them all for help", async () => {
    expect(findCommand("ls")?.name).toBe("list");
    expect(findCommand("info")?.name).toBe("show");
    expect(findCommand("nope")).toBeUndefined();
    expect((await loadCommands()).map((command) => command.name)).toEqual(COMMANDS.map((entry) => entry.name));
  });
});
