import { describe, expect, it } from "vitest";
import { DEFAULT_URGENCY } from "../../../src/domain/config.js";
import { BacklogError } from "../../../src/domain/errors.js";
import { buildGraph } from "../../../src/domain/graph.js";
import { dotText, mermaidText, renderGraph, type GraphDirection, type GraphFormat } from "../../../src/domain/render-graph.js";
import type { Task } from "../../../src/domain/task.js";
import { NOW, task } from "./task-fixture.js";

const draw = (tasks: Task[], format: GraphFormat, root?: number, direction?: GraphDirection) =>
  renderGraph(tasks, buildGraph(tasks, NOW, DEFAULT_URGENCY), format, { ...(root !== undefined && { root }), ...(direction && { direction }) });

const backlog = [
  task(7, { title: "Design schema", status: "done" }),
  task(9, { title: "Session store", status: "active", depends: [7] }),
  task(12, { title: "Implement auth", depends: [7, 9] }),
  task(13, { title: "Loose task" }),
];

describe("renderGraph text", () => {
  it("draws a dependency tree, a shared subtree once and then a reference", () => {
    expect(draw(backlog, "text")).toBe(
      [
        "#12 Implement auth [pending]",
        "├── #7 Design schema [done]",
        "└── #9 Session store [active]",
        "    └── #7 Design schema [done] (see above)",
        "",
      ].join("\n"),
    );
  });

  it("draws around a root both what it depends on and what depends on it, transitively", () => {
    const chain = [...backlog, task(14, { title: "Release", depends: [12] })];
    expect(draw(chain, "text", 9)).toBe(
      [
        "#9 Session store [active]",
        "├── depends on",
        "│   └── #7 Design schema [done]",
        "└── required by",
        "    └── #12 Implement auth [pending]",
        "        └── #14 Release [pending]",
        "",
      ].join("\n"),
    );
  });

  it("draws only one direction with up or down", () => {
    expect(draw(backlog, "text", 9, "up")).toBe("#9 Session store [active]\n└── depends on\n    └── #7 Design schema [done]\n");
    expect(draw(backlog, "text", 9, "down")).toBe("#9 Session store [active]\n└── required by\n    └── #12 Implement auth [pending]\n");
    expect(draw(backlog, "text", 13, "both")).toBe("#13 Loose task [pending]\n");
  });

  it("refuses a direction without a root", () => {
    expect(() => draw(backlog, "text", undefined, "down")).toThrow(/needs a task id/);
  });

  it("marks a cycle and still draws tasks that only sit in one", () => {
    const tasks = [task(4, { title: "A", depends: [9] }), task(9, { title: "B", depends: [4] })];
    expect(draw(tasks, "text")).toBe("#4 A [pending]\n└── #9 B [pending]\n    └── #4 A [pending] (cycle)\n");
  });

  it("shows a dependency it was not given as not shown", () => {
    expect(draw([task(1, { title: "X", depends: [99] })], "text")).toBe("#1 X [pending]\n└── #99 (not shown)\n");
  });

  it("keeps a title with a newline on one line", () => {
    expect(draw([task(1, { title: "two\nlines", depends: [2] }), task(2)], "text")).toContain("#1 two lines [pending]\n");
  });

  it("says so when there is nothing to draw, and refuses an unknown root", () => {
    expect(draw([task(1)], "text")).toBe("No dependencies.\n");
    expect(() => draw([task(1)], "text", 5)).toThrow(BacklogError);
  });
});

describe("renderGraph related links", () => {
  const linked = [
    task(1, { title: "Login form" }),
    task(2, { title: "Session store", depends: [1], related: [3] }),
    task(3, { title: "Auth docs", related: [1, 2, 99] }),
    task(4, { title: "Loose" }),
  ];

  it("marks related tasks in the text tree with a dashed branch, as leaves that are never followed", () => {
    expect(draw(linked, "text")).toBe(
      [
        "#2 Session store [pending]",
        "├── #1 Login form [pending]",
        "└╌╌ #3 Auth docs [pending] (related)",
        "#3 Auth docs [pending]",
        "├╌╌ #1 Login form [pending] (related)",
        "├╌╌ #2 Session store [pending] (related)",
        "└╌╌ #99 (not shown) (related)",
        "",
      ].join("\n"),
    );
  });

  it("draws a root's related tasks, either way round, in a branch of their own", () => {
    expect(draw(linked, "text", 1)).toBe(
      [
        "#1 Login form [pending]",
        "├── required by",
        "│   └── #2 Session store [pending]",
        "└── related",
        "    └╌╌ #3 Auth docs [pending]",
        "",
      ].join("\n"),
    );
    expect(draw(linked, "text", 4)).toBe("#4 Loose [pending]\n");
  });

  it("draws a related link as one dashed edge without an arrow in mermaid and dot, after the dependencies", () => {
    const mermaid = draw(linked, "mermaid");
    expect(mermaid).toContain("  t1 --> t2\n  t2 -.- t3\n  t1 -.- t3\n  t3 -.- t99\n");
    expect(mermaid.match(/t2 -\.- t3|t3 -\.- t2/g)).toHaveLength(1);
    const dot = draw(linked, "dot");
    expect(dot).toContain("  t1 -> t2;\n  t2 -> t3 [style=dashed, dir=none, constraint=false];\n");
    expect(dot).toContain("  t1 -> t3 [style=dashed, dir=none, constraint=false];\n");
    expect(dot).not.toContain("t3 -> t2");
  });

  it("never draws a link of a task to itself", () => {
    expect(draw([task(1, { related: [1] })], "text")).toBe("No dependencies.\n");
  });
});

describe("renderGraph mermaid", () => {
  it("draws edges from dependency to dependent, with classes by status", () => {
    const out = draw(backlog, "mermaid");
    expect(out.startsWith("graph TD\n")).toBe(true);
    expect(out).toContain('  t12["#35;12 Implement auth [pending]"]');
    expect(out).toContain("  t7 --> t12\n");
    expect(out).toContain("  t9 --> t12\n");
    expect(out).toContain("  t7 --> t9\n");
    expect(out).toContain("  class t7 done\n");
    expect(out).toContain("  class t9 active\n");
    expect(out).not.toContain("t13");
  });

  it("colours a blocked task and the edges of a cycle", () => {
    const out = draw([task(1, { depends: [2] }), task(2, { depends: [1] }), task(3, { depends: [1] })], "mermaid");
    expect(out).toContain("class t1,t2,t3 blocked");
    // edges in order: t2-->t1 (0), t1-->t2 (1), t1-->t3 (2)
    expect(out).toContain("  linkStyle 0,1 stroke:#dc2626");
  });

  it("escapes titles so they cannot break out of the label", () => {
    const title = 'Say "hi" ]> <b>x</b> & #12; `code` {a|b}\nend\\';
    const label = mermaidText(title);
    expect(label).not.toMatch(/["<>`{}|\n\\]/);
    expect(label).toBe(
      "Say #34;hi#34; ]#62; #60;b#62;x#60;/b#62; #38; #35;12#59; #96;code#96; #123;a#124;b#125; end#92;",
    );
    const out = draw([task(1, { title, depends: [2] }), task(2, { title: "ünïcödé 日本" })], "mermaid");
    expect(out).toContain(`t1["#35;1 ${label} [pending]"]`);
    expect(out).toContain('t2["#35;2 ünïcödé 日本 [pending]"]');
    expect(out.split("\n").filter((line) => line.includes("t1[")).length).toBe(1);
  });

  it("draws around a root the tasks above and below it, and only edges between drawn tasks", () => {
    const out = draw([...backlog, task(15, { title: "Other", depends: [13] }), task(16, { depends: [12, 13] })], "mermaid", 12);
    expect(out).toContain("  t7 --> t12\n");
    expect(out).toContain("  t12 --> t16\n");
    expect(out).not.toContain("t13");
    expect(out).not.toContain("t15");
    const down = draw(backlog, "mermaid", 9, "down");
    expect(down).toContain("  t9 --> t12\n");
    expect(down).not.toContain("t7");
  });
});

describe("renderGraph dot", () => {
  it("draws only what depends on a root with down", () => {
    const out = draw(backlog, "dot", 7, "down");
    expect(out).toContain("  t7 -> t9;\n");
    expect(out).toContain("  t7 -> t12;\n");
    expect(out).toContain("  t9 -> t12;\n");
    expect(draw(backlog, "dot", 7, "up")).not.toContain("->");
  });

  it("draws a digraph with edges from dependency to dependent and status colours", () => {
    const out = draw(backlog, "dot");
    expect(out.startsWith("digraph backlog {\n")).toBe(true);
    expect(out.endsWith("}\n")).toBe(true);
    expect(out).toContain('  t7 [label="#7 Design schema\\n[done]", fillcolor="#dcfce7", color="#16a34a", fontcolor="#14532d"];');
    expect(out).toContain("  t7 -> t12;\n");
    expect(out).toContain("  t9 -> t12;\n");
  });

  it("marks cycle edges red and dashes deleted tasks", () => {
    const out = draw([task(1, { depends: [2] }), task(2, { depends: [1] }), task(3, { status: "deleted", depends: [1] })], "dot");
    expect(out).toContain('  t2 -> t1 [color="#dc2626", penwidth=2];');
    expect(out).toContain('  t1 -> t3;');
    expect(out).toMatch(/t3 \[label=.*style="rounded,filled,dashed"\];/);
  });

  it("escapes quotes and backslashes so a title cannot end the string", () => {
    expect(dotText('a "quoted" \\N title\nnext')).toBe('a \\"quoted\\" \\\\N title next');
    const out = draw([task(1, { title: 'x"];evil->t2;"', depends: [2] }), task(2)], "dot");
    expect(out).toContain('t1 [label="#1 x\\"];evil->t2;\\"\\n[pending]"');
    expect(out.match(/->/g)!.length).toBe(2); // the real edge, and the one inside the escaped title
  });
});
