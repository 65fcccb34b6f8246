// Properties every series keeps, checked on series fast-check makes up (series-test-helpers.ts);
// the examples and known answers are in recurrence.test.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, dayNumber, localPartsOf } from "./local-time";
import { checkSeries, expandOccurrences, lastAllowedDay, monthlyWeeksOf, splitSeriesFrom } from "./recurrence";
import { EVERYTHING, exceptionsArbitrary, ruleDates, seriesArbitrary } from "./series-test-helpers";

describe("properties of any series", () => {
  const withExceptions = seriesArbitrary().chain((series) => exceptionsArbitrary(series).map((exceptions) => ({ series, exceptions })));
  const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));

  it("show in a window exactly the occurrences of the whole expansion that overlap it", () => {
    fc.assert(
      fc.property(withExceptions, fc.integer({ min: -10 * 1440, max: 800 * 1440 }), fc.integer({ min: 1, max: 60 * 1440 }), ({ series, exceptions }, fromMinute, lengthMinutes) => {
        const from = new Date(Date.parse(`${series.startsOn}T00:00:00Z`) + fromMinute * 60_000);
        const to = new Date(from.getTime() + lengthMinutes * 60_000);
        const all = expandOccurrences(series, exceptions, EVERYTHING);
        expect(expandOccurrences(series, exceptions, { from, to })).toEqual(all.filter((occurrence) => occurrence.endsAt > from && occurrence.startsAt < to));
      }),
    );
  });

  it("keep every rule date under its name whatever is cancelled or moved, so COUNT counts cancelled ones", () => {
    fc.assert(
      fc.property(withExceptions, ({ series, exceptions }) => {
        const plain = expandOccurrences(series, [], EVERYTHING);
        const all = expandOccurrences(series, exceptions, EVERYTHING);
        expect(all.map((occurrence) => occurrence.occurrenceOn).sort()).toEqual(plain.map((occurrence) => occurrence.occurrenceOn));
        if (series.occurrenceCount !== null) expect(all).toHaveLength(series.occurrenceCount);
        const byName = new Map(exceptions.map((exception) => [exception.occurrenceOn, exception]));
        for (const occurrence of all) {
          const exception = byName.get(occurrence.occurrenceOn);
          expect(occurrence.status).toBe(exception ? (exception.kind === "moved" ? "moved" : "cancelled") : "scheduled");
          if (exception?.kind !== "moved") expect(plain).toContainEqual(occurrence.status === "scheduled" ? occurrence : { ...occurrence, status: "scheduled" });
          else expect(localPartsOf(occurrence.startsAt, series.timeZone).date).toBe(exception.movedToOn);
          expect(occurrence.endsAt.getTime() - occurrence.startsAt.getTime()).toBe(series.durationMinutes * 60_000);
        }
        for (let index = 1; index < all.length; index += 1) expect(all[index - 1]!.startsAt <= all[index]!.startsAt).toBe(true);
      }),
    );
  });

  it("follow the rule: first date first, same weekday, the right step or monthly week, never past two years", () => {
    fc.assert(
      fc.property(seriesArbitrary(), (series) => {
        const dates = ruleDates(series);
        const startDay = dayNumber(series.startsOn) ?? 0;
        expect(dates[0]).toBe(series.startsOn);
        if (series.frequency === "once") expect(dates).toEqual([series.startsOn]);
        const days = dates.map((date) => dayNumber(date) ?? NaN);
        for (const [index, day] of days.entries()) {
          expect((day - startDay) % 7).toBe(0);
          expect(day).toBeLessThanOrEqual(lastAllowedDay(startDay));
          const previous = days[index - 1];
          if (previous === undefined) continue;
          if (series.frequency === "weekly") expect(day - previous).toBe(7);
          if (series.frequency === "biweekly") expect(day - previous).toBe(14);
          if (series.frequency === "monthly") {
            expect(monthlyWeeksOf(dates[index] ?? "")).toContain(series.monthlyWeek);
            // The next calendar month, never one skipped.
            const months = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
            expect(months(dates[index] ?? "") - months(dates[index - 1] ?? "")).toBe(1);
          }
        }
      }),
    );
  });

  it("end by date or count exactly where the open-ended rule reaches that date or count", () => {
    fc.assert(
      fc.property(seriesArbitrary({ frequencies: ["weekly", "biweekly", "monthly"] }), (series) => {
        const open = ruleDates({ ...series, untilOn: null, occurrenceCount: null });
        const { untilOn, occurrenceCount } = series;
        const expected = untilOn !== null ? open.filter((date) => date <= untilOn) : occurrenceCount !== null ? open.slice(0, occurrenceCount) : open;
        expect(ruleDates(series)).toEqual(expected);
        if (series.untilOn === null && series.occurrenceCount === null) expect(dayNumber(addDays(open.at(-1) ?? "", 35)) ?? 0).toBeGreaterThan(lastAllowedDay(dayNumber(series.startsOn) ?? 0));
      }),
    );
  });

  it("keep the wall-clock time: the start time itself, or an hour on when that time does not exist, and never the second of a repeated time", () => {
    fc.assert(
      fc.property(seriesArbitrary(), (series) => {
        for (const occurrence of expandOccurrences(series, [], EVERYTHING)) {
          const local = localPartsOf(occurrence.startsAt, series.timeZone);
          const hourEarlier = localPartsOf(new Date(occurrence.startsAt.getTime() - 3_600_000), series.timeZone);
          expect(local.date).toBe(occurrence.occurrenceOn);
          expect(hourEarlier.time).not.toBe(series.startTime);
          if (local.time !== series.startTime) {
            expect(series.timeZone).not.toBe("Asia/Shanghai");
            expect(minutesOf(local.time)).toBe(minutesOf(series.startTime) + 60);
            // Two hours of clock in one real hour: the clocks went forward in between.
            expect(minutesOf(local.time) - minutesOf(hourEarlier.time)).toBe(120);
          }
        }
      }),
    );
  });

  it("split from any date into two series that together give the same dates and the same count", () => {
    fc.assert(
      fc.property(seriesArbitrary({ frequencies: ["weekly", "biweekly", "monthly"] }), fc.integer({ min: -10, max: 800 }), (series, offset) => {
        const fromOn = addDays(series.startsOn, offset);
        const dates = ruleDates(series);
        const earlier = dates.filter((date) => date < fromOn);
        const later = dates.filter((date) => date >= fromOn);
        const split = splitSeriesFrom(series, fromOn, { startTime: "20:15" });
        if (later.length === 0) {
          expect(split).toBeNull();
          return;
        }
        if (!split) throw new Error("a split was expected");
        expect(split.after.startsOn).toBe(later[0]);
        expect(split.after.startTime).toBe("20:15");
        expect(checkSeries(split.after)).toEqual([]);
        if (earlier.length === 0) expect(split.before).toBeNull();
        else {
          if (!split.before) throw new Error("an earlier part was expected");
          expect(checkSeries(split.before)).toEqual([]);
          expect(ruleDates(split.before)).toEqual(earlier);
        }
        // An open-ended series' new part has its own two years; within the old reach it agrees.
        expect(ruleDates(split.after).slice(0, later.length)).toEqual(later);
        if (series.untilOn !== null || series.occurrenceCount !== null) expect(ruleDates(split.after)).toEqual(later);
        if (series.occurrenceCount !== null) expect(split.after.occurrenceCount).toBe(later.length);
      }),
    );
  });
});
