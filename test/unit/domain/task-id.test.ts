import { describe, expect, it } from "vitest";
import { MAX_TASK_ID, idFromFileName, isTaskId, notATaskId, readTaskId } from "../../../src/domain/task-id.js";

describe("task ids", () => {
  it("are whole numbers from 1 to 2^31-1", () => {
    expect(MAX_TASK_ID).toBe(2147483647);
    expect([1, 12, MAX_TASK_ID].every(isTaskId)).toBe(true);
    expect([0, -3, 1.5, MAX_TASK_ID + 1, Number.MAX_SAFE_INTEGER, NaN, "12"].some(isTaskId)).toBe(false);
  });

  it("read from typed digits, with or without #, and nothing out of range", () => {
    expect(readTaskId("12")).toBe(12);
    expect(readTaskId("#12")).toBe(12);
    expect(readTaskId("2147483647")).toBe(MAX_TASK_ID);
    for (const text of ["0", "2147483648", "99999999999999999999", "-1", "1.5", "12a", "", " 12"]) expect(readTaskId(text), text).toBeUndefined();
  });

  it("come from <id>-slug and <id>.md file names, and a name out of range gives none", () => {
    expect(idFromFileName("12-implement-auth.md")).toBe(12);
    expect(idFromFileName("7.md")).toBe(7);
    expect(idFromFileName("12-")).toBe(12);
    expect(idFromFileName("notes.md")).toBeUndefined();
    expect(idFromFileName("12.txt")).toBeUndefined();
    expect(idFromFileName("0-zero.md")).toBeUndefined();
    expect(idFromFileName("2147483648-x.md")).toBeUndefined();
    expect(idFromFileName("99999999999999999999-x.md")).toBeUndefined();
  });

  it("name the value and the range when refused", () => {
    expect(notATaskId("9007199254740992")).toBe('"9007199254740992" is not a task id (ids are whole numbers from 1 to 2147483647)');
    expect(notATaskId(0)).toBe("0 is not a task id (ids are whole numbers from 1 to 2147483647)");
  });
});
