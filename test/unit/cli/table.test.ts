import { styleText } from "node:util";
import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { fit, measureFor, renderTable } from "../../../src/cli/output/table.js";

const SAMPLES = [
  "",
  "plain ascii",
  styleText("red", "coloured"),
  styleText("bold", styleText("cyan", "PENDING (3)")),
  "cut…",
  "日本語のタイトル",
  "Emoji 🚀 launch",
  "Café naïve",
  "e\u0301",
  "tab\there",
  "\u001b]8;;https://example.com\u0007link\u001b]8;;\u0007",
  `${styleText("dim", "Blocked title ⧗")}`,
];

describe("table widths", () => {
  it("measures every kind of cell as string-width does", async () => {
    const measure = await measureFor(SAMPLES);
    for (const text of SAMPLES) expect([text, measure(text)]).toEqual([text, stringWidth(text)]);
  });

  it("measures plain and coloured ASCII by length", async () => {
    const measure = await measureFor(["abc", styleText("red", "abc")]);
    expect(measure("abc")).toBe(3);
    expect(measure(styleText("red", "abc"))).toBe(3);
    expect(measure("abc…")).toBe(4);
  });

  it("cuts wide text by cells, with an ellipsis", async () => {
    const measure = await measureFor(["日本語のタイトル"]);
    expect(fit("日本語のタイトル", 7, measure)).toBe("日本語…");
    expect(fit("short", 7, measure)).toBe("short");
  });

  it("lines up columns of mixed widths and cuts the flex column to fit", async () => {
    const rows = [
      ["1", "日本語のタイトルはとても長いです", "web"],
      ["12", "Plain title", styleText("gray", "api")],
    ];
    const out = await renderTable([{ header: "ID", align: "right" }, { header: "Title", flex: true }, { header: "Project" }], rows, 30);
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(30);
    expect(lines[1]).toContain("…");
    expect(lines[2]?.startsWith("12  Plain title")).toBe(true);
  });
});
