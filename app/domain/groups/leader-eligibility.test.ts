import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anniversary, DEFAULT_LEADER_MINIMUM_YEARS, leaderEligibility } from "./leader-eligibility";
import { addDays, dateOfDay, dayNumber } from "./local-time";

describe("who may lead a group", () => {
  it("needs abstinence verified by staff at least two years back by default", () => {
    const check = (verifiedSince: string | null, today: string) => leaderEligibility({ verifiedSince, today, minimumYears: DEFAULT_LEADER_MINIMUM_YEARS });
    expect(DEFAULT_LEADER_MINIMUM_YEARS).toBe(2);
    expect(check(null, "2027-01-01")).toEqual({ eligible: false, reason: "notVerified" });
    expect(check("2025-02-30", "2027-01-01")).toEqual({ eligible: false, reason: "notVerified" });
    expect(check("2025-01-02", "2027-01-01")).toEqual({ eligible: false, reason: "tooRecent", eligibleOn: "2027-01-02" });
    expect(check("2025-01-02", "2027-01-02")).toEqual({ eligible: true });
    expect(check("2027-03-01", "2026-12-31")).toEqual({ eligible: false, reason: "tooRecent", eligibleOn: "2029-03-01" });
    expect(leaderEligibility({ verifiedSince: "2026-06-30", today: "2027-06-30", minimumYears: 1 })).toEqual({ eligible: true });
    expect(leaderEligibility({ verifiedSince: "2026-06-30", today: "2026-06-30", minimumYears: 0 })).toEqual({ eligible: true });
  });

  it("counts a 29 February as passed on 1 March of a common year, and on 29 February of a leap year", () => {
    expect(anniversary("2024-02-29", 2)).toBe("2026-03-01");
    expect(anniversary("2024-02-29", 4)).toBe("2028-02-29");
    expect(anniversary("2028-02-29", 1)).toBe("2029-03-01");
    expect(leaderEligibility({ verifiedSince: "2024-02-29", today: "2026-02-28", minimumYears: 2 })).toEqual({ eligible: false, reason: "tooRecent", eligibleOn: "2026-03-01" });
    expect(leaderEligibility({ verifiedSince: "2024-02-29", today: "2026-03-01", minimumYears: 2 })).toEqual({ eligible: true });
    expect(anniversary("2025-12-31", 2)).toBe("2027-12-31");
    expect(anniversary("2026-02-28", 2)).toBe("2028-02-28");
    expect(() => anniversary("2026-02-29", 2)).toThrow(RangeError);
  });

  it("becomes eligible on one day and stays so, never before the full years have passed", () => {
    const date = fc.integer({ min: dayNumber("1990-01-01") ?? 0, max: dayNumber("2035-12-31") ?? 0 }).map(dateOfDay);
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 10 }), fc.integer({ min: -800, max: 800 }), (verifiedSince, minimumYears, offset) => {
        const eligibleOn = anniversary(verifiedSince, minimumYears);
        const today = addDays(eligibleOn, offset);
        const result = leaderEligibility({ verifiedSince, today, minimumYears });
        expect(result).toEqual(offset >= 0 ? { eligible: true } : { eligible: false, reason: "tooRecent", eligibleOn });
        // The same month and day N years on, or 1 March for 29 February in a common year.
        const same = `${String(Number(verifiedSince.slice(0, 4)) + minimumYears).padStart(4, "0")}${verifiedSince.slice(4)}`;
        expect(eligibleOn).toBe(dayNumber(same) === null ? `${same.slice(0, 4)}-03-01` : same);
        // At least 365 days a year have passed, and at most the leap days between.
        const days = (dayNumber(eligibleOn) ?? 0) - (dayNumber(verifiedSince) ?? 0);
        expect(days).toBeGreaterThanOrEqual(365 * minimumYears);
        expect(days).toBeLessThanOrEqual(365 * minimumYears + Math.ceil(minimumYears / 4) + 1);
      }),
    );
  });
});
