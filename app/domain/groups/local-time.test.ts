import { describe, expect, it } from "vitest";
import { DEFAULT_TIME_ZONE, isKnownTimeZone, todayIn } from "./local-time";

const at = (instant: string) => new Date(instant);

describe("today in a zone", () => {
  it("is the date people in the zone see, not the UTC date", () => {
    expect(todayIn("Asia/Shanghai", at("2026-12-03T23:30:00Z"))).toBe("2026-12-04");
    expect(todayIn("America/New_York", at("2026-12-03T23:30:00Z"))).toBe("2026-12-03");
  });

  it("turns over at local midnight in China (16:00 UTC)", () => {
    expect(todayIn("Asia/Shanghai", at("2026-12-04T15:59:59Z"))).toBe("2026-12-04");
    expect(todayIn("Asia/Shanghai", at("2026-12-04T16:00:00Z"))).toBe("2026-12-05");
  });

  it("follows daylight saving: Berlin's midnight is 23:00 UTC in winter, 22:00 UTC in summer", () => {
    // 29 March 2026: clocks go forward at 01:00 UTC, so the day starts in CET and ends in CEST.
    expect(todayIn("Europe/Berlin", at("2026-03-28T22:59:59Z"))).toBe("2026-03-28");
    expect(todayIn("Europe/Berlin", at("2026-03-28T23:00:00Z"))).toBe("2026-03-29");
    expect(todayIn("Europe/Berlin", at("2026-03-29T21:59:59Z"))).toBe("2026-03-29");
    expect(todayIn("Europe/Berlin", at("2026-03-29T22:00:00Z"))).toBe("2026-03-30");
    // 25 October 2026: clocks go back at 01:00 UTC, so the day starts in CEST and ends in CET.
    expect(todayIn("Europe/Berlin", at("2026-10-24T21:59:59Z"))).toBe("2026-10-24");
    expect(todayIn("Europe/Berlin", at("2026-10-24T22:00:00Z"))).toBe("2026-10-25");
    expect(todayIn("Europe/Berlin", at("2026-10-25T22:59:59Z"))).toBe("2026-10-25");
    expect(todayIn("Europe/Berlin", at("2026-10-25T23:00:00Z"))).toBe("2026-10-26");
  });

  it("defaults to China Standard Time, a zone the platform knows", () => {
    expect(DEFAULT_TIME_ZONE).toBe("Asia/Shanghai");
    expect(isKnownTimeZone(DEFAULT_TIME_ZONE)).toBe(true);
  });
});
