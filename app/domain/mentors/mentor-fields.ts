/**
 * What a mentor profile holds and the bounds of what members write about mentoring. The
 * database checks the same vocabularies and bounds (migration 0051); mentor-fields.test.ts
 * reads the migration to hold the two together.
 */
import { anniversary } from "../groups/leader-eligibility";
import { GROUP_LANGUAGES } from "../groups/meeting-fields";

/** The experience areas a mentor may say they know from their own life. */
export const EXPERIENCE_AREAS = ["employment", "family", "heroin", "synthetic_drugs", "methadone"] as const;
export type ExperienceArea = (typeof EXPERIENCE_AREAS)[number];

/** Mentors speak the languages groups meet in. */
export const MENTOR_LANGUAGES = GROUP_LANGUAGES;

export const MENTOR_CAPACITY = { min: 1, max: 10 } as const;

export const MENTOR_TEXT_LIMITS = {
  applicationNote: 1000,
  requestNote: 500,
  decisionReason: 500,
  suspensionReason: 500,
} as const;

/** Whole years from `verifiedSince` to `today` ("YYYY-MM-DD"), rounded down: what a mentor may show. */
export function abstinentYears(verifiedSince: string, today: string): number {
  let years = Math.max(0, Number(today.slice(0, 4)) - Number(verifiedSince.slice(0, 4)));
  while (years > 0 && anniversary(verifiedSince, years) > today) years -= 1;
  return years;
}
