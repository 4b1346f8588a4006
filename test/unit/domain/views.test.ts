import { describe, expect, it } from "vitest";
import { BacklogError } from "../../../src/domain/errors.js";
import { BOARD_COLUMNS, BUILTIN_VIEWS, groupBoard, isViewName, resolveViews } from "../../../src/domain/views.js";
import { task } from "./task-fixture.js";

describe("BUILTIN_VIEWS", () => {
  it("has the five built-ins with their filters", () => {
    expect(Object.keys(BUILTIN_VIEWS)).toEqual(["ready", "blocked", "active", "overdue", "board"]);
    expect(BUILTIN_VIEWS.ready).toMatchObject({ filter: "+READY", sort: "urgency-,due+,id+" });
    expect(BUILTIN_VIEWS.blocked!.filter).toBe("+BLOCKED");
    expect(BUILTIN_VIEWS.active!.filter).toBe("status:active");
    expect(BUILTIN_VIEWS.overdue!.filter).toBe("+OVERDUE");
    expect(BUILTIN_VIEWS.board!.filter).toBe("status.not:deleted");
  });
});

describe("groupBoard", () => {
  it("groups by status in the given order; only pending, active and done are drawn", () => {
    const board = groupBoard([task(3), task(1, { status: "done" }), task(2, { status: "active" }), task(4), task(5, { status: "deleted" })]);
    expect(BOARD_COLUMNS).toEqual(["pending", "active", "done"]);
    expect(Object.fromEntries(Object.entries(board).map(([column, tasks]) => [column, tasks.map((t) => t.id)]))).toEqual({
      pending: [3, 4],
      active: [2],
      done: [1],
      deleted: [5],
    });
  });
});

describe("resolveViews", () => {
  it("adds user views after the built-ins", () => {
    const views = resolveViews(BUILTIN_VIEWS, { "web-bugs": { filter: "project:web +bug", sort: "priority-" } });
    expect(Object.keys(views)).toEqual(["ready", "blocked", "active", "overdue", "board", "web-bugs"]);
    expect(views["web-bugs"]).toEqual({ filter: "project:web +bug", sort: "priority-" });
  });

  it("lets a user view override only the keys it sets", () => {
    const views = resolveViews(BUILTIN_VIEWS, { ready: { filter: "+READY project:web", sort: undefined } });
    expect(views.ready).toEqual({ ...BUILTIN_VIEWS.ready, filter: "+READY project:web" });
    expect(BUILTIN_VIEWS.ready!.filter).toBe("+READY");
  });

  it("refuses names that could leave their namespace or are not plain", () => {
    for (const name of ["../x", "Ready", "-x", "a b", "__proto__", "", "x/y"]) {
      expect(isViewName(name)).toBe(false);
      expect(() => resolveViews({}, { [name]: { filter: "+READY" } })).toThrow(BacklogError);
    }
    expect(isViewName("my_view-2")).toBe(true);
  });

  it("does not confuse a view named like an Object method with a built-in", () => {
    const views = resolveViews(BUILTIN_VIEWS, { constructor: { filter: "+bug" } });
    expect(views.constructor).toEqual({ filter: "+bug" });
  });

  it("names the view whose sort spec is bad", () => {
    expect(() => resolveViews(BUILTIN_VIEWS, { mine: { filter: "", sort: "due*" } })).toThrow(/View "mine": Bad sort key "due\*"/);
  });

  it("refuses a new view without a filter", () => {
    expect(() => resolveViews({}, { mine: { sort: "id+" } as never })).toThrow(/View "mine" has no filter/);
  });
});
