import { describe, expect, it } from "vitest";
import { BacklogError } from "../../../src/domain/errors.js";
import type { Task } from "../../../src/domain/task.js";
import { editTaskFile } from "../../../src/format/edit-task-file.js";
import { parseTaskFile } from "../../../src/format/parse-task-file.js";
import { renderTaskFile } from "../../../src/format/render-task-file.js";

const full: Task = {
  id: 12,
  title: "Fix: crash on login",
  status: "active",
  priority: "H",
  type: "bug",
  project: "web.api",
  tags: ["auth", "security"],
  depends: [7, 9],
  related: [4, 20],
  parent: 3,
  assignee: "claude",
  due: "2026-12-01",
  scheduled: "2026-11-30",
  wait: "2026-11-29",
  until: "2027-01-01",
  recur: "weekly",
  branch: "12-fix-crash",
  worktree: "../repo-12-fix-crash",
  created: "2026-11-21T10:02:11Z",
  modified: "2026-11-21T10:02:11Z",
  started: "2026-11-21T11:00:00Z",
  ended: "2026-11-22T11:00:00Z",
  user: { estimate: 3, reviewers: ["ana", "bob"], meta: { owner: "team a", flags: { fast: true } }, approved: "yes" },
  body: "The description.\n\n## Notes\n- 2026-11-21T10:30:00Z claude: a note.\n",
  notes: [{ time: "2026-11-21T10:30:00Z", author: "claude", text: "a note." }],
  path: "backlog/12-fix-crash-on-login.md",
};

describe("renderTaskFile", () => {
  it("writes known fields in order, then user fields, then the body", () => {
    expect(renderTaskFile(full)).toBe(
      [
        "---",
        "id: 12",
        'title: "Fix: crash on login"',
        "status: active",
        "priority: H",
        "type: bug",
        "project: web.api",
        "tags: [auth, security]",
        "depends: [7, 9]",
        "related: [4, 20]",
        "parent: 3",
        "assignee: claude",
        "due: 2026-12-01",
        "scheduled: 2026-11-30",
        "wait: 2026-11-29",
        "until: 2027-01-01",
        "recur: weekly",
        "branch: 12-fix-crash",
        "worktree: ../repo-12-fix-crash",
        "created: 2026-11-21T10:02:11Z",
        "modified: 2026-11-21T10:02:11Z",
        "started: 2026-11-21T11:00:00Z",
        "ended: 2026-11-22T11:00:00Z",
        "estimate: 3",
        "reviewers: [ana, bob]",
        "meta:",
        "  owner: team a",
        "  flags:",
        "    fast: true",
        'approved: "yes"',
        "---",
        "The description.",
        "",
        "## Notes",
        "- 2026-11-21T10:30:00Z claude: a note.",
        "",
      ].join("\n"),
    );
  });

  it("parses back to the same task", () => {
    expect(parseTaskFile(renderTaskFile(full), full.path)).toEqual({ task: full, problems: [] });
  });

  it("leaves out empty fields and empty lists", () => {
    const text = renderTaskFile({ id: 1, title: "Bare", status: "pending", tags: [], depends: [], user: {}, body: "", project: "" });
    expect(text).toBe("---\nid: 1\ntitle: Bare\nstatus: pending\n---\n");
  });

  it("writes files that minimal edits can change line by line", () => {
    const text = renderTaskFile(full);
    const edited = editTaskFile(text, { tags: ["auth"], status: "done" });
    expect(edited).toBe(text.replace("tags: [auth, security]", "tags: [auth]").replace("status: active", "status: done"));
  });

  it("writes a long text with a line break on one line, escaped, at the top level and nested", () => {
    const long = "A first line long enough for YAML to fold\nand a second line";
    const text = renderTaskFile({ id: 1, title: "Notes", project: long, user: { note: long, nested: { note: long } } });
    expect(text).toContain(`project: ${JSON.stringify(long)}\n`);
    expect(text).toContain(`note: ${JSON.stringify(long)}\n`);
    expect(parseTaskFile(text, "1.md").task).toMatchObject({ project: long, user: { note: long, nested: { note: long } } });
  });

  it("refuses a task the reader would reject", () => {
    expect(() => renderTaskFile({ id: 1, title: "  " })).toThrow(BacklogError);
    expect(() => renderTaskFile({ id: 1, title: "t", due: "friday" })).toThrow(/due "friday" is not an ISO 8601 date/);
    expect(() => renderTaskFile({ id: 0, title: "t" })).toThrow(/id 0 is not a positive integer/);
  });
});
