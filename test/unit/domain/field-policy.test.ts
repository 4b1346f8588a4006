import { describe, expect, it } from "vitest";
import { settingRefusal, type SettingMode } from "../../../src/domain/field-policy.js";
import { KNOWN_FIELDS } from "../../../src/domain/task.js";

describe("which fields a change may set", () => {
  /** The fields each mode refuses (docs/reference/changes.md, "Fields a change cannot set"). */
  const refused: Record<SettingMode | "any", string[]> = {
    any: ["id", "created", "modified"],
    add: ["id", "created", "modified"],
    modify: ["id", "created", "modified", "status", "started", "ended"],
    default: ["id", "title", "status", "branch", "worktree", "created", "modified", "started", "ended"],
  };

  it.each(Object.entries(refused))("%s refuses exactly its fields, each refusal naming the field", (mode, fields) => {
    const given = mode === "any" ? undefined : (mode as SettingMode);
    const refusals = KNOWN_FIELDS.map((field) => [field, settingRefusal(field, given)] as const).filter(([, refusal]) => refusal);
    expect(refusals.map(([field]) => field).sort()).toEqual([...fields].sort());
    for (const [field, refusal] of refusals) {
      expect(refusal?.code).toBe("usage");
      expect(refusal?.message.startsWith(`${field} `)).toBe(true);
      expect(refusal?.data).toEqual({ field });
    }
  });

  it("lets a user field through in every mode", () => {
    for (const mode of ["add", "modify", "default", undefined] as const) expect(settingRefusal("estimate", mode)).toBeUndefined();
  });

  it("names the lifecycle step that moves a task to the status asked for", () => {
    expect(settingRefusal("status", "modify", "done")?.remedies).toEqual([{ use: "done", does: "moves it there" }]);
    expect(settingRefusal("status", "modify", "Active")?.remedies).toEqual([{ use: "start", does: "moves it there" }]);
    expect(settingRefusal("status", "modify", "pending")?.remedies).toEqual([{ use: ["stop", "restore"], does: "moves it back" }]);
    expect(settingRefusal("status", "modify", "wip")?.remedies).toEqual([{ use: ["start", "stop", "done", "delete", "restore"], does: "move it" }]);
  });

  it("words no refusal in either front end's syntax", () => {
    for (const mode of ["add", "modify", "default", undefined] as const) {
      for (const field of KNOWN_FIELDS) expect(settingRefusal(field, mode)?.message ?? "").not.toMatch(/--|task_|`|git-backlog/);
    }
  });
});
