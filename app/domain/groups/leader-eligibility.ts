/**
 * Who may lead a group: a member whose abstinence staff have verified since a date at least
 * N years back (default two). An anniversary on 29 February falls on 1 March in other years:
 * the full N years have then passed, never a day early. private.eligible_to_lead decides the
 * same in the database, and tests/db/group-leading.test.ts holds the two to each other.
 */
import { addYears, dateOfDay, dayNumber } from "./local-time";

export const DEFAULT_LEADER_MINIMUM_YEARS = 2;

export type LeaderEligibility = { eligible: true } | { eligible: false; reason: "notVerified" } | { eligible: false; reason: "tooRecent"; eligibleOn: string };

/** The date `years` after `date` ("YYYY-MM-DD", a real date); 29 February becomes 1 March in a common year. */
export function anniversary(date: string, years: number): string {
  const day = dayNumber(date);
  if (day === null) throw new RangeError(`not a date: ${date}`);
  return dateOfDay(addYears(day, years, "roll"));
}

export function leaderEligibility(input: { verifiedSince: string | null; today: string; minimumYears: number }): LeaderEligibility {
  if (input.verifiedSince === null || dayNumber(input.verifiedSince) === null) return { eligible: false, reason: "notVerified" };
  const eligibleOn = anniversary(input.verifiedSince, input.minimumYears);
  return input.today >= eligibleOn ? { eligible: true } : { eligible: false, reason: "tooRecent", eligibleOn };
}
