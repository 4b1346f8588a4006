import { describe, expect, it } from "vitest";
import { checkIsoDate } from "../../../src/format/iso-date.js";

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
