import { describe, expect, it } from "vitest";
import { daysLeft, shareExpiry } from "./share-expiry";

describe("share expiry", () => {
  const now = new Date("2026-03-01T10:00:00Z");
  it("adds whole days", () => {
    expect(shareExpiry(now, 90).toISOString()).toBe("2026-05-30T10:00:00.000Z");
    expect(shareExpiry(now, 1).toISOString()).toBe("2026-03-02T10:00:00.000Z");
  });
  it("counts the days left, rounding up, and never below zero", () => {
    expect(daysLeft(shareExpiry(now, 90), now)).toBe(90);
    expect(daysLeft(new Date("2026-03-01T10:00:01Z"), now)).toBe(1);
    expect(daysLeft(new Date("2026-02-01T00:00:00Z"), now)).toBe(0);
  });
});
