import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anniversary } from "../groups/leader-eligibility";
import { addDays, dateOfDay, dayNumber } from "../groups/local-time";
import { abstinentYears, EXPERIENCE_AREAS, MENTOR_CAPACITY, MENTOR_LANGUAGES, MENTOR_TEXT_LIMITS } from "./mentor-fields";

const migration = readFileSync(new URL("../../../supabase/migrations/0051_mentors_and_mentorships.sql", import.meta.url), "utf8");

describe("mentor profile fields", () => {
  it("are the vocabularies and bounds the database checks", () => {
    expect(migration).toContain(`experience <@ array[${EXPERIENCE_AREAS.map((area) => `'${area}'`).join(", ")}]::text[]`);
    expect(migration).toContain(`languages <@ array[${MENTOR_LANGUAGES.map((language) => `'${language}'`).join(", ")}]::text[]`);
    expect(migration).toContain(`cardinality(experience) <= ${EXPERIENCE_AREAS.length}`);
    expect(migration).toContain(`capacity between ${MENTOR_CAPACITY.min} and ${MENTOR_CAPACITY.max}`);
    expect(migration).toContain(`char_length(note) <= ${MENTOR_TEXT_LIMITS.applicationNote}`);
    expect(migration).toContain(`mentorships_note_length check (char_length(note) <= ${MENTOR_TEXT_LIMITS.requestNote})`);
    expect(migration).toContain(`char_length(suspension_reason) <= ${MENTOR_TEXT_LIMITS.suspensionReason}`);
  });
});

describe("years of abstinence a mentor may show", () => {
  it("are whole years, rounded down, counted as the leaders' rule counts them", () => {
    expect(abstinentYears("2018-03-01", "2026-02-28")).toBe(7);
    expect(abstinentYears("2018-03-01", "2026-03-01")).toBe(8);
    expect(abstinentYears("2024-02-29", "2026-02-28")).toBe(1);
    expect(abstinentYears("2024-02-29", "2026-03-01")).toBe(2);
    expect(abstinentYears("2026-06-30", "2026-06-30")).toBe(0);
    expect(abstinentYears("2026-07-01", "2026-06-30")).toBe(0);
  });

  it("reach N on the day the leaders' rule counts N years, never before", () => {
    const date = fc.integer({ min: dayNumber("1990-01-01") ?? 0, max: dayNumber("2030-12-31") ?? 0 }).map(dateOfDay);
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 20 }), (since, years) => {
        const on = anniversary(since, years);
        expect(abstinentYears(since, on)).toBe(years);
        expect(abstinentYears(since, addDays(on, -1))).toBe(years - 1);
      }),
    );
  });
});
