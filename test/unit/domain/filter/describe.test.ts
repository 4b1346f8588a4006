import { describe, expect, it } from "vitest";
import { describeFilter, parseFilter } from "../../../../src/domain/filter/index.js";

const canonical = (filter: string | readonly string[]): string => describeFilter(parseFilter(filter));

describe("describeFilter", () => {
  it.each([
    ["", ""],
    ["status:Pending  project:backend +bug -wip", "status:pending project:backend +bug -wip"],
    ["( project:web or project:api ) and not +BLOCKED", "(project:web or project:api) not +BLOCKED"],
    ["a or b and c", "a or b and c"],
    ["(a or b) and c", "(a or b) c"],
    ["a xor (b or c)", "a xor (b or c)"],
    ["!(a b)", "not (a and b)"],
    ["description.contains:auth", "title.has:auth"],
    ["entry.after:now-2h agent:claude end:", "created.after:now-2h assignee:claude ended:"],
    ["urgency.over:5 id.under:3", "urgency.above:5 id.below:3"],
    ["status:completed priority:h", "status:done priority:H"],
    ["project.is: status.isnt:done", "project: status.isnt:done"],
    ["12 15 3-5", "12,15,3-5"],
    ["1 and 2", "1 and 2"],
    [`title.contains:"fix login" "or" "12" "+x" "title:y"`, `title.has:"fix login" "or" "12" "+x" "title:y"`],
    [`+"READY" +READY`, `+"READY" +READY`],
    [`"say \\"hi\\""`, `"say \\"hi\\""`],
  ])("%s → %s", (filter, expected) => {
    expect(canonical(filter)).toBe(expected);
  });

  it("describes argv the same way", () => {
    expect(canonical(["title.contains:fix login", "+bug"])).toBe(`title.has:"fix login" +bug`);
  });

  it.each([
    "a or b and c",
    "a xor b or c xor d",
    "not a and b",
    "not (a or b) c",
    "1 +x and 2 (3 or 4)",
    `tags.has:"a b" custom_field.not:x "(" "and"`,
    "due.before:friday+2d modified.after:now-2h +OVERDUE -WAITING",
    "project:web.api title:x:y 12:30 log-in",
  ])("reads back to the same tree: %s", (filter) => {
    const node = parseFilter(filter);
    expect(parseFilter(describeFilter(node))).toEqual(node);
  });
});
