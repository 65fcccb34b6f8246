import { describe, expect, it } from "vitest";
import { isOverLimit, RATE_LIMITS, scaleLimit, secondsUntilWindowEnds, windowStart } from "./rate-limits";

describe("rate limits", () => {
  it("puts every instant of a window at the same start", () => {
    const a = windowStart(new Date("2026-01-01T10:00:01Z"), 900);
    const b = windowStart(new Date("2026-01-01T10:14:59Z"), 900);
    expect(a.toISOString()).toBe("2026-01-01T10:00:00.000Z");
    expect(b).toEqual(a);
    expect(windowStart(new Date("2026-01-01T10:15:00Z"), 900)).not.toEqual(a);
  });
  it("tells how long until the window ends", () => {
    expect(secondsUntilWindowEnds(new Date("2026-01-01T10:14:00Z"), 900)).toBe(60);
  });
  it("allows exactly the limit and refuses the next", () => {
    const limit = RATE_LIMITS.signIn.perClient;
    expect(isOverLimit(limit.limit, limit)).toBe(false);
    expect(isOverLimit(limit.limit + 1, limit)).toBe(true);
  });
  it("scales client limits and keeps the window", () => {
    expect(scaleLimit({ limit: 10, windowSeconds: 60 }, 5)).toEqual({ limit: 50, windowSeconds: 60 });
  });
  it("limits sign-in and recovery per handle", () => {
    expect(RATE_LIMITS.signIn.perHandle?.limit).toBeGreaterThan(0);
    expect(RATE_LIMITS.recovery.perHandle?.limit).toBeGreaterThan(0);
  });
});
