/**
 * Random meeting series and exceptions for property tests (fast-check): every series passes
 * checkSeries, every exception names a date its rule gives.
 */
import fc from "fast-check";
import { dateOfDay, dayNumber, timeOfMinutes, weekdayOfDay } from "./local-time";
import { checkSeries, expandOccurrences, monthlyWeeksOf, type Frequency, type MeetingException, type MeetingSeries } from "./recurrence";

/** One zone without daylight saving and two with it, switching on different dates. */
export const TEST_ZONES = ["Asia/Shanghai", "America/New_York", "Europe/Berlin"] as const;

/** Wide enough for any series the arbitraries make (2026 to 2032). */
export const EVERYTHING = { from: new Date("2025-01-01T00:00:00Z"), to: new Date("2033-01-01T00:00:00Z") };

const FIRST_DAY = Date.UTC(2026, 0, 1) / 86_400_000;
const LAST_DAY = Date.UTC(2029, 11, 31) / 86_400_000;

/**
 * Minutes after midnight a time may take. Both daylight-saving zones switch between 01:00 and
 * 03:00 local time, so from 04:00 on no wall-clock time is missing or repeated.
 */
const ANY_MINUTE = { min: 0, max: 24 * 60 - 1 };
export const CLEAR_OF_SWITCHES = { min: 4 * 60, max: 24 * 60 - 1 };

export function seriesArbitrary(options: { frequencies?: readonly Frequency[]; minutes?: { min: number; max: number } } = {}): fc.Arbitrary<MeetingSeries> {
  const frequencies = options.frequencies ?? (["once", "weekly", "biweekly", "monthly"] as const);
  return fc
    .record({
      // Half the series on Sundays, the day both zones switch.
      day: fc.oneof(fc.integer({ min: FIRST_DAY, max: LAST_DAY }), fc.integer({ min: FIRST_DAY, max: LAST_DAY }).map((day) => day - weekdayOfDay(day))),
      // Half the time between 01:00 and 03:00, where the switches are, when the range has them.
      minutes: options.minutes ? fc.integer(options.minutes) : fc.oneof(fc.integer(ANY_MINUTE), fc.integer({ min: 60, max: 179 })),
      durationMinutes: fc.integer({ min: 15, max: 720 }),
      frequency: fc.constantFrom(...frequencies),
      end: fc.oneof(fc.constant({ kind: "open" as const }), fc.record({ kind: fc.constant("count" as const), count: fc.integer({ min: 1, max: 30 }) }), fc.record({ kind: fc.constant("until" as const), days: fc.integer({ min: 0, max: 800 }) })),
      timeZone: fc.constantFrom(...TEST_ZONES),
      last: fc.boolean(),
    })
    .map(({ day, minutes, durationMinutes, frequency, end, timeZone, last }): MeetingSeries => {
      const startsOn = dateOfDay(day);
      const weeks = monthlyWeeksOf(startsOn);
      const repeats = frequency !== "once";
      return {
        startsOn,
        startTime: timeOfMinutes(minutes),
        durationMinutes,
        timeZone,
        frequency,
        monthlyWeek: frequency === "monthly" ? ((last ? weeks.at(-1) : weeks[0]) ?? -1) : null,
        untilOn: repeats && end.kind === "until" ? dateOfDay(day + end.days) : null,
        occurrenceCount: repeats && end.kind === "count" ? end.count : null,
      };
    })
    .filter((series) => checkSeries(series).length === 0);
}

/** The local dates the rule gives, no exceptions applied. */
export function ruleDates(series: MeetingSeries): string[] {
  return expandOccurrences(series, [], EVERYTHING).map((occurrence) => occurrence.occurrenceOn);
}

/** Some of the series' rule dates cancelled, some moved up to a week either way to any time in `minutes`. */
export function exceptionsArbitrary(series: MeetingSeries, minutes: { min: number; max: number } = ANY_MINUTE): fc.Arbitrary<MeetingException[]> {
  const dates = ruleDates(series);
  const exception = (occurrenceOn: string): fc.Arbitrary<MeetingException> =>
    fc.oneof(
      fc.constant<MeetingException>({ occurrenceOn, kind: "cancelled" }),
      fc.record({ shift: fc.integer({ min: -7, max: 7 }), minutes: fc.integer(minutes) }).map(({ shift, minutes: movedMinutes }): MeetingException => {
        const day = dayNumber(occurrenceOn) ?? FIRST_DAY;
        return { occurrenceOn, kind: "moved", movedToOn: dateOfDay(day + shift), movedStartTime: timeOfMinutes(movedMinutes) };
      }),
    );
  return fc.subarray(dates, { maxLength: Math.min(6, dates.length) }).chain((chosen) => (chosen.length === 0 ? fc.constant([]) : fc.tuple(...chosen.map(exception))));
}
