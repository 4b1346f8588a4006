import { describe, expect, it } from "vitest";
import { FilterSyntaxError } from "../../../../src/domain/errors.js";
import type { FilterNode } from "../../../../src/domain/filter/index.js";
import { isEmptyFilter, parseFilter, filterReadsText, widensScope } from "../../../../src/domain/filter/index.js";
import { entry, select } from "./fixtures.js";

/** A fully parenthesised s-expression, so a test sees the tree's shape, not a pretty print. */
function tree(node: FilterNode): string {
  switch (node.kind) {
    case "empty":
      return "()";
    case "and":
    case "or":
    case "xor":
      return `(${node.kind} ${node.operands.map(tree).join(" ")})`;
    case "not":
      return `(not ${tree(node.operand)})`;
    case "ids":
      return `#${node.ranges.map(([from, to]) => (from === to ? from : `${from}-${to}`)).join(",")}`;
    case "tag":
      return `${node.present ? "+" : "-"}${node.tag}`;
    case "virtual":
      return `${node.present ? "+" : "-"}${node.tag}!`;
    case "word":
      return JSON.stringify(node.text);
    case "attribute":
      return `${node.user ? "user:" : ""}${node.attribute}.${node.modifier}=${JSON.stringify(node.value)}`;
  }
}

const shape = (input: string | readonly string[]): string => tree(parseFilter(input));

describe("parseFilter: precedence", () => {
  it("binds and tighter than or: a or b and c", () => {
    expect(shape("a or b and c")).toBe(`(or "a" (and "b" "c"))`);
    expect(shape("a or b c")).toBe(`(or "a" (and "b" "c"))`);
  });

  it("binds and tighter than xor, and xor tighter than or", () => {
    expect(shape("a xor b or c")).toBe(`(or (xor "a" "b") "c")`);
    expect(shape("a or b xor c")).toBe(`(or "a" (xor "b" "c"))`);
    expect(shape("a xor b c")).toBe(`(xor "a" (and "b" "c"))`);
  });

  it("binds not tightest: not a and b", () => {
    expect(shape("not a and b")).toBe(`(and (not "a") "b")`);
    expect(shape("! a b")).toBe(`(and (not "a") "b")`);
    expect(shape("not not a")).toBe(`(not (not "a"))`);
    expect(shape("!!a")).toBe(`(not (not "a"))`);
  });

  it("lets parentheses override precedence and flattens chains", () => {
    expect(shape("( project:web or project:api ) and not +BLOCKED")).toBe(
      `(and (or project.match="web" project.match="api") (not +BLOCKED!))`,
    );
    expect(shape("(a or b) c")).toBe(`(and (or "a" "b") "c")`);
    expect(shape("a (b c) d")).toBe(`(and "a" "b" "c" "d")`);
    expect(shape("not (a or b)")).toBe(`(not (or "a" "b"))`);
  });

  it("reads keywords in any case, and quoted keywords as words", () => {
    expect(shape("a OR b")).toBe(`(or "a" "b")`);
    expect(shape(`"or" 'and'`)).toBe(`(and "or" "and")`);
  });
});

describe("parseFilter: terms", () => {
  it("reads attributes with aliases and canonical modifiers", () => {
    expect(shape("description.contains:auth")).toBe(`title.has="auth"`);
    expect(shape("entry.before:today start.after:now end.by:eow agent:claude")).toBe(
      `(and created.before="today" started.after="now" ended.by="eow" assignee.match="claude")`,
    );
    expect(shape("urgency.over:5 id.under:3 due.equals:today tags.left:a tags.right:b")).toBe(
      `(and urgency.after="5" id.before="3" due.is="today" tags.startswith="a" tags.endswith="b")`,
    );
    expect(shape("Status:Completed PRIORITY:h")).toBe(`(and status.match="done" priority.match="H")`);
  });

  it("keeps user fields as written and leaves their values alone", () => {
    expect(shape("Custom_Field:Value")).toBe(`user:Custom_Field.match="Value"`);
    expect(shape("estimate.above:3")).toBe(`user:estimate.after="3"`);
  });

  it("reads a quoted value as part of the attribute and a fully quoted word as a search word", () => {
    expect(shape(`title.contains:"fix login"`)).toBe(`title.has="fix login"`);
    expect(shape(`"title:x"`)).toBe(`"title:x"`);
    expect(shape(["title.contains:fix login"])).toBe(`title.has="fix login"`);
  });

  it("reads tags, virtual tags and their negations", () => {
    expect(shape("+bug -wip +READY -BLOCKED +A")).toBe(`(and +bug -wip +READY! -BLOCKED! +A)`);
    expect(shape(`+"READY"`)).toBe(`+READY`);
  });

  it("reads a hyphenated word as one word, and bare words with colons after non-names as words", () => {
    expect(shape("log-in 12:30")).toBe(`(and "log-in" "12:30")`);
  });

  it("or-s bare ids and id lists together (Taskwarrior), wherever they sit in an and-run", () => {
    expect(shape("1 2")).toBe("#1,2");
    expect(shape("12,15 3-5")).toBe("#12,15,3-5");
    expect(shape("1 +bug 2")).toBe("(and #1,2 +bug)");
    expect(shape("1 and 2")).toBe("(and #1 #2)");
    expect(shape("(1) 2")).toBe("(and #1 #2)");
    expect(shape(`"12"`)).toBe(`"12"`);
  });

  it("gives an empty node for empty input, spaces or an empty argv", () => {
    expect(isEmptyFilter(parseFilter(""))).toBe(true);
    expect(isEmptyFilter(parseFilter("   "))).toBe(true);
    expect(isEmptyFilter(parseFilter([]))).toBe(true);
    expect(isEmptyFilter(parseFilter(["", ""]))).toBe(true);
    expect(isEmptyFilter(parseFilter("a"))).toBe(false);
  });

  it("says whether a filter widens the open-task scope and whether it reads text", () => {
    expect(widensScope(parseFilter("project:web (status:done or +bug)"))).toBe(true);
    expect(widensScope(parseFilter("not status.not:deleted"))).toBe(true);
    expect(widensScope(parseFilter("status.any:"))).toBe(true);
    expect(widensScope(parseFilter("+COMPLETED"))).toBe(true);
    expect(widensScope(parseFilter("+bug or +DELETED"))).toBe(true);
    expect(widensScope(parseFilter("12,15 +bug"))).toBe(true);
    expect(widensScope(parseFilter("project:web +READY"))).toBe(false);
    expect(widensScope(parseFilter("+PENDING -ACTIVE -COMPLETED"))).toBe(false);
    expect(widensScope(parseFilter("status_note:x"))).toBe(false);
    expect(filterReadsText(parseFilter("+bug or auth"))).toBe(true);
    expect(filterReadsText(parseFilter("body.has:x"))).toBe(true);
    expect(filterReadsText(parseFilter("+ANNOTATED"))).toBe(true);
    expect(filterReadsText(parseFilter("+bug title.has:auth"))).toBe(false);
  });
});

describe("parseFilter: precedence decides which tasks match", () => {
  // One task per combination of tags a, b, c: id = 1 + bits.
  const entries = Array.from({ length: 8 }, (_, bits) =>
    entry({ id: bits + 1, tags: ["a", "b", "c"].filter((_, i) => (bits >> i) & 1) }),
  );
  const truth = (formula: (a: boolean, b: boolean, c: boolean) => boolean): number[] =>
    Array.from({ length: 8 }, (_, bits) => bits)
      .filter((bits) => formula(!!(bits & 1), !!(bits & 2), !!(bits & 4)))
      .map((bits) => bits + 1);

  it.each([
    ["+a or +b and +c", (a: boolean, b: boolean, c: boolean) => a || (b && c)],
    ["+a or +b +c", (a: boolean, b: boolean, c: boolean) => a || (b && c)],
    ["(+a or +b) +c", (a: boolean, b: boolean, c: boolean) => (a || b) && c],
    ["+a xor +b or +c", (a: boolean, b: boolean, c: boolean) => a !== b || c],
    ["+a xor +b +c", (a: boolean, b: boolean, c: boolean) => a !== (b && c)],
    ["+a xor +b xor +c", (a: boolean, b: boolean, c: boolean) => (a !== b) !== c],
    ["not +a and +b", (a: boolean, b: boolean) => !a && b],
    ["not (+a and +b)", (a: boolean, b: boolean) => !(a && b)],
    ["!+a or -b +c", (a: boolean, b: boolean, c: boolean) => !a || (!b && c)],
  ])("%s", (filter, formula) => {
    expect(select(filter, entries)).toEqual(truth(formula));
  });
});

describe("parseFilter: errors name the token and its position", () => {
  it.each([
    // [filter, token, position, the message mentions]
    ["due.befor:friday", "due.befor:friday", 0, /Unknown modifier "\.befor".*due\.before/],
    ["+bug (a or b", "(", 5, /Unclosed "\(".*add a "\)"/],
    ["a b)", ")", 3, /Unmatched "\)"/],
    ["a or", "or", 2, /ends the filter/],
    ["a and", "and", 2, /ends the filter/],
    ["and a", "and", 0, /nothing before it/],
    ["a or or b", "or", 5, /follows "or"/],
    ["a or and b", "and", 5, /follows "or"/],
    ["(a or) b", ")", 5, /follows "or"/],
    ["a not", "not", 2, /ends the filter/],
    ["a !", "!", 2, /ends the filter/],
    ["x () y", "(", 2, /Empty parentheses/],
    ["+bug due:fridya", "due:fridya", 5, /not a date/],
    ["due.before:", "due.before:", 0, /needs a value/],
    ["modified.after:now-30m", "modified.after:now-30m", 0, /"now-30m": "m" could mean minutes or months; write min for minutes or mo for months \(now-30min, now-30mo\)/],
    ["status:pendng", "status:pendng", 0, /not a status.*pending/],
    ["priority:X", "priority:X", 0, /H, M or L/],
    ["type:epic", "type:epic", 0, /not a task type/],
    ["id:abc", "id:abc", 0, /not an id list/],
    ["depends:x", "depends:x", 0, /not a list of ids/],
    ["urgency.above:high", "urgency.above:high", 0, /not a number/],
    ["tags.before:x", "tags.before:x", 0, /does not apply to tags/],
    ["+FOO", "+FOO", 0, /Unknown virtual tag.*\+foo/],
    ["a -WIPE", "-WIPE", 2, /Unknown virtual tag/],
    ["+", "+", 0, /no tag name/],
    ["5-3", "5-3", 0, /Reversed id range/],
    [`title:"fix`, `"fix`, 6, /Unterminated " quote/],
    [`""`, `""`, 0, /Empty quoted word/],
  ])("%s", (filter, token, position, message) => {
    const error = catchError(() => parseFilter(filter));
    expect(error).toBeInstanceOf(FilterSyntaxError);
    expect(error).toMatchObject({ token, position, code: "filter-syntax" });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(`position ${position}`);
    expect(filter.slice(position).startsWith(token)).toBe(true);
  });

  it("names the attribute and modifier as they were typed, never the canonical form they are read as", () => {
    for (const [input, typed, canonical] of [
      [["title.contains:(a+)+$"], "title.contains:", "title.has"],
      [["desc.contains:"], "desc.contains:", "title.has"],
      [["due.below:"], "due.below:", "due.before"],
      [["id.under:abc"], "id.under:", "id.before"],
      [["Priority.Equals:X"], "Priority.Equals:", "priority.is"],
    ] as const) {
      const error = catchError(() => parseFilter(input)) as FilterSyntaxError;
      expect(error, input[0]).toBeInstanceOf(FilterSyntaxError);
      expect(error.message, input[0]).toContain(typed);
      expect(error.message, input[0]).not.toContain(canonical);
    }
    const regex = catchError(() => parseFilter(["title.contains:(a+)+$"])) as FilterSyntaxError;
    expect(regex).toMatchObject({ token: "title.contains:", position: 0 });
    expect(regex.message).toMatch(/parentheses .*in quotes.*title\.contains:"/);
    expect(parseFilter(['title.contains:"(a+)+$"'])).toMatchObject({ kind: "attribute", attribute: "title", modifier: "has", value: "(a+)+$" });
  });

  it("counts positions in argv joined by single spaces", () => {
    const args = ["project:web", "or", "due.before:fridya"];
    const error = catchError(() => parseFilter(args)) as FilterSyntaxError;
    expect(error).toMatchObject({ token: "due.before:fridya", position: 15 });
    expect(args.join(" ").slice(error.position)).toBe("due.before:fridya");
    expect(catchError(() => parseFilter(["a", "(b"]))).toMatchObject({ token: "(", position: 2 });
  });

  it("refuses nesting deeper than 100 levels instead of overflowing the stack", () => {
    expect(() => parseFilter(`${"(".repeat(100)}a${")".repeat(100)}`)).not.toThrow();
    expect(catchError(() => parseFilter(`${"(".repeat(5000)}a`))).toBeInstanceOf(FilterSyntaxError);
    expect(catchError(() => parseFilter(`${"not ".repeat(5000)}a`))).toBeInstanceOf(FilterSyntaxError);
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
