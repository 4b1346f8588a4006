import { describe, expect, it } from "vitest";
import { addDuration, addMonths, formatResolvedDate, parseDuration, resolveDate } from "../../../src/domain/dates.js";
import { DAY_MS } from "../../../src/domain/iso-time.js";

/** Friday 2026-11-20, noon UTC. */
const NOW = new Date("2026-11-20T12:00:00Z");
const ms = (iso: string): number => Date.parse(iso);

function resolved(text: string, now = NOW): { start: string; end: string; hasTime: boolean } | undefined {
  const date = resolveDate(text, now);
  if (!date) return undefined;
  return { start: new Date(date.start).toISOString(), end: new Date(date.end).toISOString(), hasTime: date.hasTime };
}

function day(iso: string): { start: string; end: string; hasTime: boolean } {
  return { start: `${iso}T00:00:00.000Z`, end: new Date(ms(iso) + DAY_MS).toISOString(), hasTime: false };
}

function instant(iso: string): { start: string; end: string; hasTime: boolean } {
  return { start: new Date(ms(iso)).toISOString(), end: new Date(ms(iso) + 1).toISOString(), hasTime: true };
}

describe("resolveDate", () => {
  it("reads ISO dates as whole UTC days and times without a zone as UTC", () => {
    expect(resolved("2026-12-01")).toEqual(day("2026-12-01"));
    expect(resolved("2026-12-01T10:30")).toEqual(instant("2026-12-01T10:30:00Z"));
    expect(resolved("2026-12-01T10:30:15Z")).toEqual(instant("2026-12-01T10:30:15Z"));
    expect(resolved("2026-12-01T10:30:15.250Z")).toEqual(instant("2026-12-01T10:30:15.250Z"));
    expect(resolved("2026-12-01T10:30:00+02:00")).toEqual(instant("2026-12-01T08:30:00Z"));
    expect(resolved("2026-12-01t10:30:00-0130")).toEqual(instant("2026-12-01T12:00:00Z"));
  });

  it("rejects impossible ISO dates and times", () => {
    for (const text of ["2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-12-01T24:00", "2026-12-01T10:60", "2026-1-1", ""]) {
      expect(resolveDate(text, NOW), text).toBeUndefined();
    }
    expect(resolved("2028-02-29")).toEqual(day("2028-02-29"));
  });

  it("reads years below 100 as such, not as 19xx", () => {
    expect(new Date(resolveDate("0050-06-01", NOW)!.start).getUTCFullYear()).toBe(50);
  });

  it("names now, today, yesterday, tomorrow relative to the injected clock", () => {
    expect(resolved("now")).toEqual(instant("2026-11-20T12:00:00Z"));
    expect(resolved("today")).toEqual(day("2026-11-20"));
    expect(resolved("YESTERDAY")).toEqual(day("2026-11-19"));
    expect(resolved("Tomorrow")).toEqual(day("2026-11-21"));
    expect(resolved("today", new Date("2026-12-31T23:59:59Z"))).toEqual(day("2026-12-31"));
    expect(resolved("tomorrow", new Date("2026-12-31T23:59:59Z"))).toEqual(day("2027-01-01"));
  });

  it("takes a weekday as the next such day strictly after today (Taskwarrior)", () => {
    // NOW is a Friday.
    expect(resolved("saturday")).toEqual(day("2026-11-21"));
    expect(resolved("sun")).toEqual(day("2026-11-22"));
    expect(resolved("monday")).toEqual(day("2026-11-23"));
    expect(resolved("thu")).toEqual(day("2026-11-26"));
    expect(resolved("friday")).toEqual(day("2026-11-27"));
    expect(resolved("fri")).toEqual(day("2026-11-27"));
  });

  it("starts weeks on Monday: sow is a day, eow the instant 23:59:59 on Sunday", () => {
    expect(resolved("sow")).toEqual(day("2026-11-16"));
    expect(resolved("socw")).toEqual(day("2026-11-16"));
    expect(resolved("eow")).toEqual(instant("2026-11-22T23:59:59Z"));
    expect(resolved("eocw")).toEqual(instant("2026-11-22T23:59:59Z"));
    expect(resolved("sonw")).toEqual(day("2026-11-23"));
    expect(resolved("sopw")).toEqual(day("2026-11-09"));
    // On a Sunday the week is still the one that began on Monday.
    expect(resolved("sow", new Date("2026-11-22T20:00:00Z"))).toEqual(day("2026-11-16"));
    expect(resolved("sow", new Date("2026-11-23T00:00:00Z"))).toEqual(day("2026-11-23"));
  });

  it("resolves month, quarter, year and day boundaries", () => {
    expect(resolved("som")).toEqual(day("2026-11-01"));
    expect(resolved("eom")).toEqual(instant("2026-11-30T23:59:59Z"));
    expect(resolved("sonm")).toEqual(day("2026-12-01"));
    expect(resolved("eopm")).toEqual(instant("2026-10-31T23:59:59Z"));
    expect(resolved("soq")).toEqual(day("2026-10-01"));
    expect(resolved("eoq")).toEqual(instant("2026-12-31T23:59:59Z"));
    expect(resolved("soy")).toEqual(day("2026-01-01"));
    expect(resolved("eoy")).toEqual(instant("2026-12-31T23:59:59Z"));
    expect(resolved("sony")).toEqual(day("2027-01-01"));
    expect(resolved("sod")).toEqual(day("2026-11-20"));
    expect(resolved("eod")).toEqual(instant("2026-11-20T23:59:59Z"));
    expect(resolved("eom", new Date("2028-02-10T00:00:00Z"))).toEqual(instant("2028-02-29T23:59:59Z"));
  });

  it("applies relative offsets to now, to named days and to ISO dates", () => {
    expect(resolved("now-2h")).toEqual(instant("2026-11-20T10:00:00Z"));
    expect(resolved("+3d")).toEqual(instant("2026-11-23T12:00:00Z"));
    expect(resolved("3d")).toEqual(instant("2026-11-23T12:00:00Z"));
    expect(resolved("-1w")).toEqual(instant("2026-11-13T12:00:00Z"));
    expect(resolved("now+90min")).toEqual(instant("2026-11-20T13:30:00Z"));
    expect(resolved("now-30s")).toEqual(instant("2026-11-20T11:59:30Z"));
    expect(resolved("today+1d")).toEqual(day("2026-11-21"));
    expect(resolved("friday+2d")).toEqual(day("2026-11-29"));
    expect(resolved("sow+2d")).toEqual(day("2026-11-18"));
    expect(resolved("2026-12-01+1w")).toEqual(day("2026-12-08"));
    expect(resolved("2026-12-01-1d")).toEqual(day("2026-11-30"));
    expect(resolved("today+1d-2h")).toEqual(instant("2026-11-20T22:00:00Z"));
    // A time unit turns a day into an instant.
    expect(resolved("today+9h")).toEqual(instant("2026-11-20T09:00:00Z"));
  });

  it("refuses a bare m (minutes or months?) and reads mo/q/y as calendar months, clamped", () => {
    expect(resolveDate("now-1m", NOW)).toBeUndefined();
    expect(resolveDate("30m", NOW)).toBeUndefined();
    expect(resolved("now+1mo")).toEqual(instant("2026-12-20T12:00:00Z"));
    expect(resolved("now+1month")).toEqual(instant("2026-12-20T12:00:00Z"));
    expect(resolved("2026-01-31+1mo")).toEqual(day("2026-02-28"));
    expect(resolved("2028-02-29+1y")).toEqual(day("2029-02-28"));
    expect(resolved("today+1q")).toEqual(day("2027-02-20"));
    expect(resolved("today-2years")).toEqual(day("2024-11-20"));
  });

  it("refuses what is not a date", () => {
    for (const text of ["fridya", "now-2", "now-2x", "+d", "today+", "next friday", "constructor", "__proto__", "toString", "now-2h-", "x".repeat(200)]) {
      expect(resolveDate(text, NOW), text).toBeUndefined();
    }
  });

  it("returns undefined instead of an invalid instant for absurd offsets", () => {
    expect(resolveDate("now+999999999999y", NOW)).toBeUndefined();
    expect(resolveDate("now", new Date(Number.NaN))).toBeUndefined();
  });
});

describe("formatResolvedDate", () => {
  it("formats days as dates and instants as UTC to the second", () => {
    expect(formatResolvedDate(resolveDate("tomorrow", NOW)!)).toBe("2026-11-21");
    expect(formatResolvedDate(resolveDate("eow", NOW)!)).toBe("2026-11-22T23:59:59Z");
    expect(formatResolvedDate({ start: ms("2026-11-20T10:00:00.250Z"), hasTime: true })).toBe("2026-11-20T10:00:00Z");
  });
});

describe("parseDuration", () => {
  const DAY = DAY_MS;
  it("reads named periods", () => {
    expect(parseDuration("daily")).toEqual({ months: 0, ms: DAY });
    expect(parseDuration("weekly")).toEqual({ months: 0, ms: 7 * DAY });
    expect(parseDuration("Biweekly")).toEqual({ months: 0, ms: 14 * DAY });
    expect(parseDuration("fortnightly")).toEqual({ months: 0, ms: 14 * DAY });
    expect(parseDuration("monthly")).toEqual({ months: 1, ms: 0 });
    expect(parseDuration("quarterly")).toEqual({ months: 3, ms: 0 });
    expect(parseDuration("yearly")).toEqual({ months: 12, ms: 0 });
    expect(parseDuration("week")).toEqual({ months: 0, ms: 7 * DAY });
  });

  it("reads counts with units and ISO 8601 durations", () => {
    expect(parseDuration("2w")).toEqual({ months: 0, ms: 14 * DAY });
    expect(parseDuration("3d")).toEqual({ months: 0, ms: 3 * DAY });
    expect(parseDuration("1mo")).toEqual({ months: 1, ms: 0 });
    expect(parseDuration("2months")).toEqual({ months: 2, ms: 0 });
    expect(parseDuration("12h")).toEqual({ months: 0, ms: 12 * 3_600_000 });
    expect(parseDuration("2 weeks")).toEqual({ months: 0, ms: 14 * DAY });
    expect(parseDuration("P1D")).toEqual({ months: 0, ms: DAY });
    expect(parseDuration("P1Y2M")).toEqual({ months: 14, ms: 0 });
    expect(parseDuration("P2W")).toEqual({ months: 0, ms: 14 * DAY });
    expect(parseDuration("PT1H30M")).toEqual({ months: 0, ms: 90 * 60_000 });
  });

  it("refuses zero, garbage and half-written ISO durations", () => {
    for (const text of ["0d", "P0D", "P", "PT", "P1DT", "fortnights", "3", "d", "m", "2m", "2x", "-1d", "constructor", ""]) {
      expect(parseDuration(text), text).toBeUndefined();
    }
  });
});

describe("addDuration", () => {
  it("keeps a date-only value date-only", () => {
    expect(addDuration("2026-12-01", parseDuration("weekly")!)).toBe("2026-12-08");
    expect(addDuration("2026-12-01", parseDuration("3d")!, 2)).toBe("2026-12-07");
  });

  it("gives a time when the period has one, always in UTC", () => {
    expect(addDuration("2026-12-01", parseDuration("12h")!)).toBe("2026-12-01T12:00:00Z");
    expect(addDuration("2026-12-01T10:00:00+02:00", parseDuration("daily")!)).toBe("2026-12-02T08:00:00Z");
  });

  it("counts months from the anchor so a month end does not drift", () => {
    const monthly = parseDuration("monthly")!;
    expect(addDuration("2026-01-31", monthly, 1)).toBe("2026-02-28");
    expect(addDuration("2026-01-31", monthly, 2)).toBe("2026-03-31");
    expect(addDuration("2026-01-31T09:00:00Z", monthly, 3)).toBe("2026-04-30T09:00:00Z");
    expect(addDuration("2028-02-29", parseDuration("yearly")!)).toBe("2029-02-28");
  });

  it("returns undefined for a value that is not an ISO date", () => {
    expect(addDuration("friday", parseDuration("daily")!)).toBeUndefined();
  });

  it("adds months across year ends and backwards", () => {
    expect(addMonths(ms("2026-11-30T06:00:00Z"), 3)).toBe(ms("2027-02-28T06:00:00Z"));
    expect(addMonths(ms("2026-03-31T00:00:00Z"), -1)).toBe(ms("2026-02-28T00:00:00Z"));
  });
});
