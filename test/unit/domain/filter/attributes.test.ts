import { describe, expect, it } from "vitest";
import { entry, select } from "./fixtures.js";

const backlog = [
  entry({ id: 1, title: "Implement user authentication", status: "pending", priority: "H", project: "web", tags: ["auth", "Security"], assignee: "claude", type: "feature" }),
  entry({ id: 2, title: "Fix login redirect", status: "active", priority: "M", project: "web.api", tags: ["bug"], depends: [1], assignee: "alice", type: "bug" }),
  entry({ id: 3, title: "Write docs", status: "done", project: "webapp", tags: [], depends: [1, 2], parent: 1, recur: "weekly", branch: "3-write-docs" }),
  entry({ id: 4, title: "Old idea", status: "deleted", priority: "L", body: "Some Body text mentioning OAuth.\n\n## Notes\n- 2026-11-01T10:00:00Z bob: talked to Redis folks\n" }),
  entry({ id: 5, title: "Misc chore", status: "pending", project: "api", tags: ["chore"], parent: 1, worktree: "../repo-5", related: [1, 2] }, { urgency: 7.5 }),
];

describe("status", () => {
  it("matches ignoring case, with completed as done", () => {
    expect(select("status:pending", backlog)).toEqual([1, 5]);
    expect(select("status:PENDING", backlog)).toEqual([1, 5]);
    expect(select("status:completed", backlog)).toEqual([3]);
    expect(select("status:done", backlog)).toEqual([3]);
    expect(select("status:active", backlog)).toEqual([2]);
    expect(select("status.not:pending", backlog)).toEqual([2, 3, 4]);
    expect(select("status.isnt:deleted", backlog)).toEqual([1, 2, 3, 5]);
    expect(select("status.startswith:d", backlog)).toEqual([3, 4]);
  });

  it("reads status:waiting as pending and waiting", () => {
    const entries = [
      entry({ id: 1, status: "pending" }, { waiting: true }),
      entry({ id: 2, status: "pending" }),
      entry({ id: 3, status: "done" }, { waiting: true }),
    ];
    expect(select("status:waiting", entries)).toEqual([1]);
    expect(select("status.not:waiting", entries)).toEqual([2, 3]);
  });

  it("matches every status when the filter has no status term", () => {
    expect(select("+auth or +bug or +chore", backlog)).toEqual([1, 2, 5]);
    expect(select("title.has:d", backlog)).toEqual([2, 3, 4]);
  });
});

describe("project", () => {
  it("matches the project and its sub-projects, not a longer name", () => {
    expect(select("project:web", backlog)).toEqual([1, 2]);
    expect(select("project:WEB", backlog)).toEqual([1, 2]);
    expect(select("project:web.api", backlog)).toEqual([2]);
  });

  it("matches exactly with .is and by prefix with .startswith", () => {
    expect(select("project.is:web", backlog)).toEqual([1]);
    expect(select("project.equals:web", backlog)).toEqual([1]);
    expect(select("project.startswith:web", backlog)).toEqual([1, 2, 3]);
    expect(select("project.endswith:api", backlog)).toEqual([2, 5]);
    expect(select("project.has:eba", backlog)).toEqual([3]);
  });

  it("negates with .not (tasks without a project too) and .isnt", () => {
    expect(select("project.not:web", backlog)).toEqual([3, 4, 5]);
    expect(select("project.isnt:web", backlog)).toEqual([2, 3, 4, 5]);
    expect(select("project.hasnt:web", backlog)).toEqual([4, 5]);
  });

  it("tests presence with project:, .none, .any", () => {
    expect(select("project:", backlog)).toEqual([4]);
    expect(select("project.none:", backlog)).toEqual([4]);
    expect(select("project.any:", backlog)).toEqual([1, 2, 3, 5]);
    expect(select("project.not:", backlog)).toEqual([1, 2, 3, 5]);
    expect(select("project.is:", backlog)).toEqual([4]);
  });
});

describe("title and body", () => {
  it("searches bare words in title and body, notes included, ignoring case", () => {
    expect(select("login", backlog)).toEqual([2]);
    expect(select("LOGIN", backlog)).toEqual([2]);
    expect(select("oauth", backlog)).toEqual([4]);
    expect(select("redis", backlog)).toEqual([4]);
    expect(select("user auth", backlog)).toEqual([1]);
    expect(select(`"user auth"`, backlog)).toEqual([1]);
    expect(select(`"auth user"`, backlog)).toEqual([]);
  });

  it("keeps a hyphenated word whole", () => {
    const entries = [entry({ id: 1, title: "log-in page" }), entry({ id: 2, title: "log in" }), entry({ id: 3, title: "login -in" })];
    expect(select("log-in", entries)).toEqual([1]);
  });

  it("reads title.contains, description aliases and body terms", () => {
    expect(select("title.contains:auth", backlog)).toEqual([1]);
    expect(select("description.has:FIX", backlog)).toEqual([2]);
    expect(select("desc.startswith:write", backlog)).toEqual([3]);
    expect(select("title.endswith:chore", backlog)).toEqual([5]);
    expect(select("title:write docs", backlog)).toEqual([]); // two terms: title is "write", and a word
    expect(select(`title:"write docs"`, backlog)).toEqual([3]);
    expect(select(["title:Write docs"], backlog)).toEqual([3]);
    expect(select("title.hasnt:t", backlog)).toEqual([4, 5]);
    expect(select("body.contains:oauth", backlog)).toEqual([4]);
    expect(select("title.has:oauth", backlog)).toEqual([]);
    expect(select("body.any:", backlog)).toEqual([4]);
    expect(select("body:", backlog)).toEqual([1, 2, 3, 5]);
  });
});

describe("tags", () => {
  it("+tag and -tag, -tag including untagged tasks, ignoring case", () => {
    expect(select("+auth", backlog)).toEqual([1]);
    expect(select("+security", backlog)).toEqual([1]);
    expect(select("-bug", backlog)).toEqual([1, 3, 4, 5]);
    expect(select("+auth +security", backlog)).toEqual([1]);
    expect(select("+auth +bug", backlog)).toEqual([]);
  });

  it("reads tags.has, tags:, tags.none and list values", () => {
    expect(select("tags.has:bug", backlog)).toEqual([2]);
    expect(select("tags.contains:chore", backlog)).toEqual([5]);
    expect(select("tags.hasnt:bug", backlog)).toEqual([1, 3, 4, 5]);
    expect(select("tags:", backlog)).toEqual([3, 4]);
    expect(select("tags.none:", backlog)).toEqual([3, 4]);
    expect(select("tags.any:", backlog)).toEqual([1, 2, 5]);
    expect(select("tags:auth,security", backlog)).toEqual([1]);
    expect(select("tag.startswith:sec", backlog)).toEqual([1]);
    expect(select("tags.endswith:ore", backlog)).toEqual([5]);
    expect(select("tags.not:bug", backlog)).toEqual([1, 3, 4, 5]);
  });
});

describe("ids, parent and depends", () => {
  it("matches bare ids, lists and ranges, or-ed together", () => {
    expect(select("2", backlog)).toEqual([2]);
    expect(select("1 3", backlog)).toEqual([1, 3]);
    expect(select("1,3", backlog)).toEqual([1, 3]);
    expect(select("2-4", backlog)).toEqual([2, 3, 4]);
    expect(select("1 4-5 status:pending", backlog)).toEqual([1, 5]);
    expect(select("1 and 3", backlog)).toEqual([]);
    expect(select("1 or 3", backlog)).toEqual([1, 3]);
    expect(select("99", backlog)).toEqual([]);
  });

  it("compares id and parent as numbers", () => {
    expect(select("id:2", backlog)).toEqual([2]);
    expect(select("id:1,4-5", backlog)).toEqual([1, 4, 5]);
    expect(select("id.above:3", backlog)).toEqual([4, 5]);
    expect(select("id.below:3", backlog)).toEqual([1, 2]);
    expect(select("id.after:3", backlog)).toEqual([4, 5]);
    expect(select("id.by:3", backlog)).toEqual([1, 2, 3]);
    expect(select("id.not:2", backlog)).toEqual([1, 3, 4, 5]);
    expect(select("parent:1", backlog)).toEqual([3, 5]);
    expect(select("parent:", backlog)).toEqual([1, 2, 4]);
    expect(select("parent.any:", backlog)).toEqual([3, 5]);
    expect(select("parent.not:1", backlog)).toEqual([1, 2, 4]);
  });

  it("reads depends as a list: has, plain, none", () => {
    expect(select("depends.has:1", backlog)).toEqual([2, 3]);
    expect(select("depends:2", backlog)).toEqual([3]);
    expect(select("depends:1,2", backlog)).toEqual([3]);
    expect(select("dep.hasnt:2", backlog)).toEqual([1, 2, 4, 5]);
    expect(select("depends:", backlog)).toEqual([1, 4, 5]);
    expect(select("depends.any:", backlog)).toEqual([2, 3]);
  });

  it("reads related as a list like depends: has, plain, none", () => {
    expect(select("related.has:2", backlog)).toEqual([5]);
    expect(select("related:1,2", backlog)).toEqual([5]);
    expect(select("related:1,3", backlog)).toEqual([]);
    expect(select("related.hasnt:2", backlog)).toEqual([1, 2, 3, 4]);
    expect(select("related:", backlog)).toEqual([1, 2, 3, 4]);
    expect(select("related.any:", backlog)).toEqual([5]);
    expect(() => select("related.has:x", backlog)).toThrow(/"x" is not a list of ids: write related:7/);
  });

  it("compares urgency as a number", () => {
    expect(select("urgency.above:5", backlog)).toEqual([5]);
    expect(select("urgency.over:7.5", backlog)).toEqual([]);
    expect(select("urgency.under:1", backlog)).toEqual([1, 2, 3, 4]);
    expect(select("urgency:7.5", backlog)).toEqual([5]);
  });
});

describe("priority, type and free strings", () => {
  it("matches priority ignoring case and orders H > M > L", () => {
    expect(select("priority:H", backlog)).toEqual([1]);
    expect(select("pri:m", backlog)).toEqual([2]);
    expect(select("priority:", backlog)).toEqual([3, 5]);
    expect(select("priority.not:H", backlog)).toEqual([2, 3, 4, 5]);
    expect(select("priority.below:H", backlog)).toEqual([2, 4]);
    expect(select("priority.above:L", backlog)).toEqual([1, 2]);
    expect(select("priority.by:M", backlog)).toEqual([2, 4]);
  });

  it("matches type, assignee (agent), recur, branch, worktree", () => {
    expect(select("type:bug", backlog)).toEqual([2]);
    expect(select("type:", backlog)).toEqual([3, 4, 5]);
    expect(select("assignee:claude", backlog)).toEqual([1]);
    expect(select("agent:CLAUDE", backlog)).toEqual([1]);
    expect(select("assignee.any:", backlog)).toEqual([1, 2]);
    expect(select("assignee.not:claude", backlog)).toEqual([2, 3, 4, 5]);
    expect(select("recur:weekly", backlog)).toEqual([3]);
    expect(select("branch.startswith:3-", backlog)).toEqual([3]);
    expect(select("worktree.has:repo", backlog)).toEqual([5]);
  });
});

describe("user fields", () => {
  const entries = [
    entry({ id: 1, user: { estimate: 3, reviewer: "Bob", labels: ["ux", "Mobile"], reviewed: "2026-11-10", flag: true } }),
    entry({ id: 2, user: { estimate: 12, reviewer: "alice", labels: [], reviewed: "2026-11-25", note: null } }),
    entry({ id: 3, user: { estimate: "8", reviewer: "" } }),
    entry({ id: 4, user: {} }),
  ];

  it("compares as strings ignoring case, numbers numerically", () => {
    expect(select("reviewer:bob", entries)).toEqual([1]);
    expect(select("reviewer:", entries)).toEqual([3, 4]);
    expect(select("reviewer.not:bob", entries)).toEqual([2, 3, 4]);
    expect(select("estimate:3.0", entries)).toEqual([1]);
    expect(select("estimate.above:5", entries)).toEqual([2, 3]);
    expect(select("estimate.below:10", entries)).toEqual([1, 3]);
    expect(select("estimate.any:", entries)).toEqual([1, 2, 3]);
    expect(select("flag:true", entries)).toEqual([1]);
    expect(select("note:", entries)).toEqual([1, 2, 3, 4]);
  });

  it("matches a list when an item does, .has being membership", () => {
    expect(select("labels:mobile", entries)).toEqual([1]);
    expect(select("labels.has:ux", entries)).toEqual([1]);
    expect(select("labels.has:u", entries)).toEqual([]);
    expect(select("labels:", entries)).toEqual([2, 3, 4]);
    expect(select("reviewer.has:li", entries)).toEqual([2]);
    expect(select("reviewer.startswith:B", entries)).toEqual([1]);
  });

  it("compares dates as dates when both sides are dates", () => {
    expect(select("reviewed.before:today", entries)).toEqual([1]);
    expect(select("reviewed.after:today", entries)).toEqual([2]);
    expect(select("reviewed.by:2026-11-10", entries)).toEqual([1]);
  });

  it("never finds Object's prototype behind a field name", () => {
    expect(select("constructor.any:", entries)).toEqual([]);
    expect(select("toString:", entries)).toEqual([1, 2, 3, 4]);
  });
});
