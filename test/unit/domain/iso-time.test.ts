import { describe, expect, it } from "vitest";
import { daysInMonth, parseIsoTime, utcDay } from "../../../src/domain/iso-time.js";

describe("parseIsoTime", () => {
  it("reads dates as 00:00 UTC and times without an offset as UTC, never local time", () => {
    expect(parseIsoTime("2026-12-01")).toBe(Date.UTC(2026, 11, 1));
    expect(parseIsoTime("2026-12-01T10:00:00Z")).toBe(Date.UTC(2026, 11, 1, 10));
    expect(parseIsoTime("2026-12-01T10:00:00.123Z")).toBe(Date.UTC(2026, 11, 1, 10, 0, 0, 123));
    expect(parseIsoTime("2026-12-01T10:00")).toBe(Date.UTC(2026, 11, 1, 10));
    expect(parseIsoTime("2026-12-01 10:00:00")).toBe(Date.UTC(2026, 11, 1, 10));
    expect(parseIsoTime("2026-12-01T10:00:00+02:00")).toBe(Date.UTC(2026, 11, 1, 8));
    expect(parseIsoTime("2026-12-01T10:00:00-0130")).toBe(Date.UTC(2026, 11, 1, 11, 30));
  });

  it("gives undefined for anything that is not an ISO date, or an impossible one", () => {
    for (const bad of [undefined, "", "tomorrow", "Dec 1 2026", "2026-02-29", "2026-13-01", "2026-12-01T24:00:00Z", "2026-12-01T10:00:00X", "2026-1-01"]) {
      expect(parseIsoTime(bad)).toBeUndefined();
    }
    expect(parseIsoTime("2028-02-29")).toBe(Date.UTC(2028, 1, 29));
  });
});

describe("calendar helpers", () => {
  it("knows month lengths and leap years", () => {
    expect([2026, 2028, 2100, 2000].map((year) => daysInMonth(year, 1))).toEqual([28, 29, 28, 29]);
    expect(daysInMonth(2026, 3)).toBe(30);
    expect(daysInMonth(2026, 11)).toBe(31);
  });

  it("names the UTC day of an instant", () => {
    expect(utcDay(Date.UTC(2026, 10, 21, 23, 59))).toBe("2026-11-21");
  });
});
