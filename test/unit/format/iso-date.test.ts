import { describe, expect, it } from "vitest";
import { dateIndexOf, dateOf } from "../../../src/domain/filter/task-cache.js";
import { parseIsoDate, parseIsoTime, readIsoTime } from "../../../src/domain/iso-time.js";
import { checkIsoDate, type DateVerdict } from "../../../src/format/iso-date.js";
import { task } from "../domain/task-fixture.js";

describe("checkIsoDate", () => {
  it.each([
    "2026-12-01",
    "2024-02-29",
    "2026-12-01T10:02:11Z",
    "2026-12-01t10:02:11z",
    "2026-12-01T10:02Z",
    "2026-12-01T10:02:11.123Z",
    "2026-12-01T10:02:11+02:00",
    "2026-12-01T10:02:11-0530",
    "2026-12-01 10:02:11Z",
  ])("accepts %s", (date) => {
    expect(checkIsoDate(date)).toBe("ok");
  });

  it.each(["2026-12-01T10:02:11", "2026-12-01 10:02"])("flags %s as a time without a zone", (date) => {
    expect(checkIsoDate(date)).toBe("no-zone");
  });

  it.each(["2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-12-01T24:00:00Z", "2026-12-01T10:60Z", "26-12-01", "friday", "2026-12-01T10:00:00+25:00", " 2026-12-01"])(
    "refuses %s",
    (date) => {
      expect(checkIsoDate(date)).toBe("invalid");
    },
  );
});

/** A time part, a zone and whether each is one the reader accepts; what the instant should be. */
interface Part {
  text: string;
  ok: boolean;
  /** `HH:MM:SS.fff` for a time, minutes east of UTC for a zone. */
  value?: string | number;
}

const YEARS = ["0000", "0050", "0099", "0100", "1900", "1970", "2000", "2023", "2024", "2100", "9999"];
const MONTHS = ["00", "01", "02", "04", "09", "12", "13"];
const DAYS = ["00", "01", "28", "29", "30", "31", "32"];
const TIMES: Part[] = [
  { text: "T00:00", ok: true, value: "00:00:00.000" },
  { text: "T23:59", ok: true, value: "23:59:00.000" },
  { text: "t10:02", ok: true, value: "10:02:00.000" },
  { text: " 10:02:11", ok: true, value: "10:02:11.000" },
  { text: "T23:59:59", ok: true, value: "23:59:59.000" },
  { text: "T10:02:11.5", ok: true, value: "10:02:11.500" },
  { text: "T10:02:11.123", ok: true, value: "10:02:11.123" },
  { text: "T10:02:11.1239876543", ok: true, value: "10:02:11.123" },
  { text: "T24:00", ok: false },
  { text: "T10:60", ok: false },
  { text: "T10:02:60", ok: false },
  { text: "T10:02:11,5", ok: false },
  { text: "T10:02.5", ok: false },
  { text: "T1:02", ok: false },
  { text: "T10:02:11.", ok: false },
  { text: "_10:02", ok: false },
];
const ZONES: Part[] = [
  { text: "", ok: true },
  { text: "Z", ok: true, value: 0 },
  { text: "z", ok: true, value: 0 },
  { text: "+05:30", ok: true, value: 330 },
  { text: "-00:00", ok: true, value: 0 },
  { text: "+0530", ok: true, value: 330 },
  { text: "-05", ok: true, value: -300 },
  { text: "+23:59", ok: true, value: 1439 },
  { text: "-23:59", ok: true, value: -1439 },
  { text: "+24:00", ok: false },
  { text: "+05:60", ok: false },
  { text: "+5", ok: false },
  { text: "+05:3", ok: false },
  { text: "UTC", ok: false },
  { text: " Z", ok: false },
];

interface Case {
  text: string;
  /** The verdict and instant worked out without the reader: JavaScript's own calendar and ISO parser. */
  verdict: DateVerdict;
  ms?: number;
}

function dateCase(year: string, month: string, day: string, time?: Part, zone?: Part): Case {
  const text = `${year}-${month}-${day}${time?.text ?? ""}${zone?.text ?? ""}`;
  const probe = new Date(0);
  probe.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  const realDay = probe.getUTCMonth() === Number(month) - 1 && probe.getUTCDate() === Number(day);
  if (!realDay || time?.ok === false || zone?.ok === false) return { text, verdict: "invalid" };
  if (time === undefined) return zone?.value === undefined ? { text, verdict: "ok", ms: Date.parse(`${year}-${month}-${day}T00:00:00.000Z`) } : { text, verdict: "invalid" };
  const ms = Date.parse(`${year}-${month}-${day}T${String(time.value)}Z`) - Number(zone?.value ?? 0) * 60_000;
  return { text, verdict: zone?.value === undefined ? "no-zone" : "ok", ms };
}

function generatedCases(): Case[] {
  const cases: Case[] = [];
  for (const year of YEARS) for (const month of MONTHS) for (const day of DAYS) cases.push(dateCase(year, month, day));
  for (const [year, month, day] of [["2024", "02", "29"], ["2023", "02", "29"], ["0050", "06", "01"], ["9999", "12", "31"], ["2026", "04", "31"]] as const) {
    for (const time of TIMES) for (const zone of ZONES) cases.push(dateCase(year, month, day, time, zone));
    for (const zone of ZONES) cases.push(dateCase(year, month, day, undefined, zone));
  }
  for (const text of ["", "friday", "26-12-01", "2026-1-01", "2026/12/01", "20261201", "+2026-12-01", "12026-12-01", "2026-12-01T", "2026-12-01T10Z", "２０２６-12-01"]) {
    cases.push({ text, verdict: "invalid" });
  }
  return cases;
}

describe("one reader for task files, filters, sort and the filter's date memo", () => {
  const cases = generatedCases();

  it("checks a generated set of dates the way the calendar and JavaScript's ISO parser read them", () => {
    expect(cases.length).toBeGreaterThan(1000);
    const wrong = cases.filter((c) => checkIsoDate(c.text) !== c.verdict).map((c) => `${c.text}: ${checkIsoDate(c.text)}, expected ${c.verdict}`);
    expect(wrong).toEqual([]);
  });

  it("parses every date checkIsoDate accepts to the same finite instant everywhere, and nothing it refuses", () => {
    const due = dateIndexOf("due");
    const wrong: string[] = [];
    for (const c of cases) {
      const read = readIsoTime(c.text);
      const readers = [read?.ms, parseIsoTime(c.text), parseIsoDate(c.text)?.ms, dateOf(task(1, { due: c.text }), due)];
      const expected = c.verdict === "invalid" ? [undefined, undefined, undefined, Number.NaN] : [c.ms, c.ms, c.ms, c.ms];
      if (!readers.every((ms, i) => Object.is(ms, expected[i])) || (c.ms !== undefined && !Number.isFinite(c.ms))) {
        wrong.push(`${c.text} (${c.verdict}): ${readers.join(", ")}, expected ${String(c.ms)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("refuses surrounding space in a file; the parsers read the trimmed text", () => {
    const wrong: string[] = [];
    for (const c of cases.filter((each) => each.verdict !== "invalid")) {
      for (const text of [` ${c.text}`, `${c.text}\n`, `\t${c.text} `]) {
        if (checkIsoDate(text) !== "invalid" || readIsoTime(text) !== undefined) wrong.push(`${JSON.stringify(text)} accepted`);
        if (parseIsoTime(text) !== c.ms || parseIsoDate(text)?.ms !== c.ms) wrong.push(`${JSON.stringify(text)} not read as ${String(c.ms)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
