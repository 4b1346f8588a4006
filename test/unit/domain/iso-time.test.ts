import { describe, expect, it } from "vitest";
import { daysInMonth, parseIsoDate, parseIsoTime, readIsoTime, utcDay, utcMidnight } from "../../../src/domain/iso-time.js";

const ms = (iso: string): number => Date.parse(iso);

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

describe("parseIsoDate", () => {
  it("parses what task files store and says whether a time was given", () => {
    expect(parseIsoDate("2026-12-01")).toEqual({ ms: ms("2026-12-01T00:00:00Z"), hasTime: false });
    expect(parseIsoDate("2026-12-01T10:02:11Z")).toEqual({ ms: ms("2026-12-01T10:02:11Z"), hasTime: true });
    expect(parseIsoDate("friday")).toBeUndefined();
  });
});

describe("readIsoTime", () => {
  it("says whether a time and a zone were written", () => {
    expect(readIsoTime("2026-12-01")).toEqual({ ms: ms("2026-12-01T00:00:00Z"), hasTime: false, hasZone: false });
    expect(readIsoTime("2026-12-01T10:02:11Z")).toEqual({ ms: ms("2026-12-01T10:02:11Z"), hasTime: true, hasZone: true });
    expect(readIsoTime("2026-12-01 10:02")).toEqual({ ms: ms("2026-12-01T10:02:00Z"), hasTime: true, hasZone: false });
    expect(readIsoTime("2026-12-01T10:02+05")).toEqual({ ms: ms("2026-12-01T05:02:00Z"), hasTime: true, hasZone: true });
  });

  it("knows leap days: 2024-02-29 and 2000-02-29 exist, 2023-02-29 and 2100-02-29 do not", () => {
    expect(readIsoTime("2024-02-29")?.ms).toBe(ms("2024-02-29T00:00:00Z"));
    expect(readIsoTime("2000-02-29T12:00:00Z")?.ms).toBe(ms("2000-02-29T12:00:00Z"));
    for (const text of ["2023-02-29", "2023-02-29T12:00:00Z", "2100-02-29", "1900-02-29T00:00:00.000Z", "2024-02-30"]) {
      expect(readIsoTime(text), text).toBeUndefined();
    }
  });

  it("refuses 24:00, month 13, month 00, day 00, day 32 and the 31st of a 30-day month", () => {
    for (const text of ["2026-12-01T24:00Z", "2026-12-01T24:00:00Z", "2026-13-01", "2026-00-01", "2026-12-00", "2026-12-32", "2026-04-31", "2026-12-01T23:60Z", "2026-12-01T23:59:60Z"]) {
      expect(readIsoTime(text), text).toBeUndefined();
    }
    expect(readIsoTime("2026-12-31T23:59:59Z")?.ms).toBe(ms("2026-12-31T23:59:59Z"));
  });

  it("applies offsets with or without the colon, hours only, and -00:00 as UTC", () => {
    const utc = ms("2026-12-01T10:00:00Z");
    expect(readIsoTime("2026-12-01T15:30:00+05:30")?.ms).toBe(utc);
    expect(readIsoTime("2026-12-01T15:30:00+0530")?.ms).toBe(utc);
    expect(readIsoTime("2026-12-01T05:00:00-05")?.ms).toBe(utc);
    expect(readIsoTime("2026-12-01T10:00:00-00:00")?.ms).toBe(utc);
    expect(readIsoTime("2026-12-02T09:59:00+23:59")?.ms).toBe(utc);
    for (const text of ["2026-12-01T10:00:00+24:00", "2026-12-01T10:00:00+05:60", "2026-12-01T10:00:00+5", "2026-12-01T10:00:00+05:3", "2026-12-01T10:00:00+05:", "2026-12-01T10:00:00 Z", "2026-12-01T10:00:00UTC", "2026-12-01Z", "2026-12-01+05:00"]) {
      expect(readIsoTime(text), text).toBeUndefined();
    }
  });

  it("reads fractional seconds of any length, cut (not rounded) to the millisecond", () => {
    const at = (fraction: string): number | undefined => readIsoTime(`2026-12-01T10:00:00.${fraction}Z`)?.ms;
    const base = ms("2026-12-01T10:00:00Z");
    expect([at("5"), at("12"), at("123"), at("1239"), at("999999999"), at("12345678901234567890")]).toEqual(
      [500, 120, 123, 123, 999, 123].map((millis) => base + millis),
    );
    for (const text of ["2026-12-01T10:00:00.Z", "2026-12-01T10:00:00,5Z", "2026-12-01T10:00.5Z"]) {
      expect(readIsoTime(text), text).toBeUndefined();
    }
  });

  it("accepts a lower-case t and z, and a space for the T, with the same meaning", () => {
    const canonical = readIsoTime("2026-12-01T10:02:11Z");
    expect(readIsoTime("2026-12-01t10:02:11z")).toEqual(canonical);
    expect(readIsoTime("2026-12-01 10:02:11Z")).toEqual(canonical);
    expect(readIsoTime("2026-12-01t10:02:11.000z")).toEqual(canonical);
  });

  it("refuses surrounding space, which parseIsoTime and parseIsoDate ignore", () => {
    for (const text of [" 2026-12-01", "2026-12-01 ", "2026-12-01\n", "\t2026-12-01T10:02:11Z"]) {
      expect(readIsoTime(text), JSON.stringify(text)).toBeUndefined();
      expect(parseIsoTime(text), JSON.stringify(text)).toBe(readIsoTime(text.trim())?.ms);
      expect(parseIsoDate(text)?.ms, JSON.stringify(text)).toBe(readIsoTime(text.trim())?.ms);
    }
  });

  it("reads years 0000 to 0099 as such, not as 1900 to 1999", () => {
    expect(readIsoTime("0050-06-01")?.ms).toBe(ms("0050-06-01T00:00:00Z"));
    expect(readIsoTime("0099-12-31T23:59:59Z")?.ms).toBe(ms("0099-12-31T23:59:59Z"));
    expect(parseIsoTime("0000-01-01T00:00:00.000Z")).toBe(ms("0000-01-01T00:00:00.000Z"));
    expect(parseIsoTime("9999-12-31T23:59:59.999Z")).toBe(ms("9999-12-31T23:59:59.999Z"));
  });

  it("refuses other shapes: short parts, other separators, signed or long years, non-ASCII digits", () => {
    for (const text of ["26-12-01", "2026-1-01", "2026-12-1", "2026/12/01", "20261201", "+2026-12-01", "12026-12-01", "2026-12-01T1:00Z", "2026-12-01T10:0Z", "2026-12-01T10Z", "2026-12-01T10:00:0Z", "2026-12-01TT10:00Z", "２０２６-12-01", "2026-12-01T10:00:00Zjunk"]) {
      expect(readIsoTime(text), text).toBeUndefined();
    }
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

  it("gives 00:00 UTC of a day, years below 100 and month overflow included", () => {
    expect(utcMidnight(2026, 11, 1)).toBe(ms("2026-12-01T00:00:00Z"));
    expect(utcMidnight(2026, 12, 1)).toBe(ms("2027-01-01T00:00:00Z"));
    expect(utcMidnight(99, 12, 1)).toBe(ms("0100-01-01T00:00:00Z"));
  });
});
