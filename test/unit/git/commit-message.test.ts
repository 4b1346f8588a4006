import { describe, expect, it } from "vitest";
import { formatMessage, parseTrailers, stripPrefix, trailerValues } from "../../../src/git/commit-message.js";

describe("commit messages", () => {
  it("formats subject and trailers in the order docs/reference/git.md gives", () => {
    const message = formatMessage("backlog:", {
      op: "modify",
      subject: "modify 2 tasks",
      taskIds: [3, 9],
      agent: "claude",
      trailers: [["Backlog-Undo", "abc"]],
    });
    expect(message).toBe("backlog: modify 2 tasks\n\nBacklog-Op: modify\nBacklog-Task: 3\nBacklog-Task: 9\nBacklog-Agent: claude\nBacklog-Undo: abc\n");
  });

  it("keeps subject and trailer values on one line", () => {
    const message = formatMessage("", { op: "add", subject: "add #1 Title\nwith: newline", taskIds: [1], agent: "a\nb" });
    expect(message).toBe("add #1 Title with: newline\n\nBacklog-Op: add\nBacklog-Task: 1\nBacklog-Agent: a b\n");
  });

  it("keeps control characters and Unicode line separators out of the subject and trailers", () => {
    const message = formatMessage("backlog:", { op: "start", subject: "start #1 a\u2028b\u2029c\u0085d\te\u001ef\u001fg\r\nh\u0000i", taskIds: [1], agent: "x\u001ey" });
    expect(message).toBe("backlog: start #1 a b c d e f g h i\n\nBacklog-Op: start\nBacklog-Task: 1\nBacklog-Agent: x y\n");
  });

  it("refuses trailer keys git would not read", () => {
    expect(() => formatMessage("x", { op: "add", subject: "s", taskIds: [], trailers: [["Bad Key", "v"]] })).toThrow(/trailer key/);
  });

  it("parses trailers of the last paragraph only", () => {
    const message = "backlog: add #1\n\nNot: a trailer, a body line\n\nBacklog-Op: add\nBacklog-Task: 1\nbacklog-task: 2\n";
    const trailers = parseTrailers(message);
    expect(trailers).toEqual([
      ["Backlog-Op", "add"],
      ["Backlog-Task", "1"],
      ["backlog-task", "2"],
    ]);
    expect(trailerValues(trailers, "Backlog-Task")).toEqual(["1", "2"]);
    expect(parseTrailers("subject only\n")).toEqual([]);
  });

  it("strips the prefix when present", () => {
    expect(stripPrefix("backlog: add #1", "backlog:")).toBe("add #1");
    expect(stripPrefix("other: add #1", "backlog:")).toBe("other: add #1");
  });
});
