import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../src/domain/config.js";
import { parseConfig } from "../../../src/domain/parse-config.js";

describe("parseConfig", () => {
  it("reads .backlog.example as exactly the defaults it documents", () => {
    const raw: unknown = parse(readFileSync(new URL("../../../.backlog.example", import.meta.url), "utf8"));
    expect(parseConfig(raw)).toEqual(DEFAULT_CONFIG);
  });

  it("fills every default for an empty file", () => {
    expect(parseConfig(undefined)).toEqual(DEFAULT_CONFIG);
  });

  it("maps snake_case keys and overrides urgency coefficients", () => {
    const config = parseConfig({ commit_prefix: "tasks:", branch: { title_words: 2 }, urgency: { priority_h: 10, blocked: -1 } });
    expect(config.commitPrefix).toBe("tasks:");
    expect(config.branch.titleWords).toBe(2);
    expect(config.urgency.priorityH).toBe(10);
    expect(config.urgency.blocked).toBe(-1);
    expect(config.urgency.due).toBe(12);
  });

  it("names the key of an unknown or mistyped setting", () => {
    expect(() => parseConfig({ comit: true })).toThrow(/comit|Unrecognized/);
    expect(() => parseConfig({ commit: "yes" })).toThrow(/commit/);
    expect(() => parseConfig({ urgency: { speed: 3 } })).toThrow(/urgency\.speed/);
  });

  it("takes `worktree.disposable` as the whole list, replacing the default one", () => {
    expect(DEFAULT_CONFIG.worktree.disposable).toEqual(["node_modules", "dist", "build", ".cache", "coverage", "target", ".venv"]);
    expect(parseConfig({ worktree: { disposable: ["vendor", ".env"] } }).worktree.disposable).toEqual(["vendor", ".env"]);
    expect(parseConfig({ worktree: { disposable: [] } }).worktree.disposable).toEqual([]);
  });

  it("refuses a `worktree.disposable` entry that is not a plain name, naming it", () => {
    expect(() => parseConfig({ worktree: { disposable: ["node_modules", "../secrets"] } })).toThrow(/worktree\.disposable: "\.\.\/secrets"/);
    expect(() => parseConfig({ worktree: { disposable: ["a/b"] } })).toThrow(/"a\/b"/);
    expect(() => parseConfig({ worktree: { disposable: ["."] } })).toThrow(/"\."/);
    expect(() => parseConfig({ worktree: { disposable: "node_modules" } })).toThrow(/worktree\.disposable/);
  });

  it("reads defaults as change words and refuses what a change could not set, naming the key", () => {
    expect(parseConfig({ defaults: { priority: "H", tags: ["triage"], depends: [1, 2], estimate: 3 } }).defaults).toEqual({ priority: "H", tags: ["triage"], depends: [1, 2], estimate: 3 });
    for (const key of ["id", "title", "status", "created", "modified", "started", "ended", "entry", "branch", "worktree"]) {
      expect(() => parseConfig({ defaults: { [key]: "5" } }), key).toThrow(new RegExp(`^\\.backlog: defaults\\.${key}: \\w+ cannot have a default`));
    }
    expect(() => parseConfig({ defaults: { priority: "X" } })).toThrow(/defaults\.priority: X.*priority is H, M or L/);
    expect(() => parseConfig({ defaults: { depends: [0] } })).toThrow(/defaults\.depends.*not a task id/);
  });

  it("refuses a task folder outside the repository", () => {
    expect(() => parseConfig({ dir: "../elsewhere" })).toThrow(/inside the repository/);
    expect(() => parseConfig({ dir: "/abs" })).toThrow(/inside the repository/);
    expect(() => parseConfig({ dir: ".git/tasks" })).toThrow(/inside the repository/);
  });

  it("refuses the repository itself or its git dir as the task folder", () => {
    for (const dir of [".", "./", "//", "tasks/..", ".GIT", "C:tasks", "tasks\\..\\.."]) {
      expect(() => parseConfig({ dir }), dir).toThrow(/^\.backlog: dir ".*" must name a folder inside the repository, such as "backlog"/);
    }
  });

  it("reads a loosely written relative folder as its plain path", () => {
    expect(parseConfig({ dir: "./work//tasks/" }).dir).toBe("work/tasks");
    expect(parseConfig({ dir: "work\\tasks" }).dir).toBe("work/tasks");
  });
});
