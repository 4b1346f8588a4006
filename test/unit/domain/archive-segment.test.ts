import { describe, expect, it } from "vitest";
import { archiveSegment, isArchiveSegment } from "../../../src/domain/archive-segment.js";
import { BacklogError } from "../../../src/domain/errors.js";

describe("archiveSegment", () => {
  it("names the UTC quarter a task ended in", () => {
    expect(archiveSegment("2026-01-01")).toBe("2026-Q1");
    expect(archiveSegment("2026-03-31T23:59:59Z")).toBe("2026-Q1");
    expect(archiveSegment("2026-04-01T00:00:00Z")).toBe("2026-Q2");
    expect(archiveSegment("2026-09-30")).toBe("2026-Q3");
    expect(archiveSegment("2026-11-21T10:02:11Z")).toBe("2026-Q4");
  });

  it("uses UTC, not the offset's local day", () => {
    expect(archiveSegment("2026-12-31T23:30:00-02:00")).toBe("2027-Q1");
    expect(archiveSegment("2027-01-01T00:30:00+02:00")).toBe("2026-Q4");
  });

  it("refuses a value that is not an ISO date", () => {
    expect(() => archiveSegment("last tuesday")).toThrow(BacklogError);
    expect(() => archiveSegment("2026-13-01")).toThrow(/"2026-13-01"/);
  });

  it("accepts only YYYY-Qn as a segment name", () => {
    expect(isArchiveSegment("2026-Q4")).toBe(true);
    for (const bad of ["2026-Q5", "../2026-Q4", "2026-q4", "2026-Q4/..", ""]) expect(isArchiveSegment(bad)).toBe(false);
  });
});
