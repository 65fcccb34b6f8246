import { describe, expect, it } from "vitest";
import { anniversary, DEFAULT_LEADER_MINIMUM_YEARS, leaderEligibility } from "./leader-eligibility";

describe("who may lead a group", () => {
  it("needs abstinence verified by staff at least two years back by default", () => {
    const check = (verifiedSince: string | null, today: string) => leaderEligibility({ verifiedSince, today, minimumYears: DEFAULT_LEADER_MINIMUM_YEARS });
    expect(check(null, "2027-01-01")).toEqual({ eligible: false, reason: "notVerified" });
    expect(check("2025-01-02", "2027-01-01")).toEqual({ eligible: false, reason: "tooRecent", eligibleOn: "2027-01-02" });
    expect(check("2025-01-02", "2027-01-02")).toEqual({ eligible: true });
    expect(leaderEligibility({ verifiedSince: "2026-06-30", today: "2027-06-30", minimumYears: 1 })).toEqual({ eligible: true });
  });

  it("counts a 29 February as passed on 1 March of a common year, and on 29 February of a leap year", () => {
    expect(anniversary("2024-02-29", 2)).toBe("2026-03-01");
    expect(anniversary("2024-02-29", 4)).toBe("2028-02-29");
    expect(leaderEligibility({ verifiedSince: "2024-02-29", today: "2026-02-28", minimumYears: 2 })).toEqual({ eligible: false, reason: "tooRecent", eligibleOn: "2026-03-01" });
    expect(anniversary("2025-12-31", 2)).toBe("2027-12-31");
  });
});
