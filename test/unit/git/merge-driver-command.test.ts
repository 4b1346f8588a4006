import { describe, expect, it } from "vitest";
import { DRIVER_BY_NAME, driverCommand, quoteForShell, readDriverCommand } from "../../../src/git/merge-driver-command.js";

describe("the merge driver's command", () => {
  it("names node and the entry script in single quotes and keeps git's placeholders", () => {
    expect(driverCommand({ node: "/usr/bin/node", script: "/opt/git backlog/main.js" })).toBe("'/usr/bin/node' '/opt/git backlog/main.js' merge-driver %O %A %B %P");
  });

  it("writes a single quote inside a path as '\\''", () => {
    expect(quoteForShell("/home/o'brien/node")).toBe("'/home/o'\\''brien/node'");
  });

  it("reads back the paths of a command it wrote, whatever they hold", () => {
    for (const program of [
      { node: "/usr/bin/node", script: "/usr/lib/node_modules/git-backlog/dist/cli/main.js" },
      { node: "/home/o'brien/my node/node", script: `/tmp/a "b" $c & 'd'/main.js` },
      { node: "'", script: "''" },
    ]) {
      expect(readDriverCommand(driverCommand(program))).toEqual({ kind: "absolute", programs: [program.node, program.script] });
    }
  });

  it("tells the by-name form of earlier versions from a driver the user wrote", () => {
    expect(readDriverCommand(DRIVER_BY_NAME)).toEqual({ kind: "by-name" });
    for (const custom of [
      "/usr/local/bin/git-backlog merge-driver %O %A %B %P",
      "'/usr/local/bin/git-backlog' merge-driver %O %A %B %P",
      "'/usr/bin/node' '/x/main.js' merge-driver %O %A %B",
      "'/usr/bin/node' '/x/main.js' merge-driver %O %A %B %P --verbose",
      "my-wrapper %O %A %B %P",
    ]) {
      expect(readDriverCommand(custom), custom).toEqual({ kind: "custom" });
    }
  });
});
