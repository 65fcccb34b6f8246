import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, localPartsOf, minutesOfTime, timeOfMinutes } from "~/domain/groups/local-time";
import { CAPACITY_MAX, checkSlotSeries, expandSlots, singleSlot, SLOT_MINUTES, SLOT_SERIES_MAX_DAYS, SLOT_SERIES_MAX_SLOTS, type SlotSeries } from "./slot-series";

const TODAY = "2027-01-01";
// Mondays and Wednesdays in the first full week of 2027 (4 January is a Monday).
const series: SlotSeries = { weekdays: [1, 3], startTime: "09:00", endTime: "10:00", slotMinutes: 30, capacity: 4, startsOn: "2027-01-04", endsOn: "2027-01-10", timeZone: "Asia/Shanghai" };

describe("checking a slot series", () => {
  it("finds nothing wrong with a sound series, one starting today, or one ending a full year on", () => {
    expect(checkSlotSeries(series, TODAY)).toEqual([]);
    expect(checkSlotSeries({ ...series, startsOn: TODAY }, TODAY)).toEqual([]);
    expect(checkSlotSeries({ ...series, endsOn: addDays(series.startsOn, SLOT_SERIES_MAX_DAYS) }, TODAY)).toEqual([]);
    expect(checkSlotSeries({ ...series, slotMinutes: 60, capacity: CAPACITY_MAX }, TODAY)).toEqual([]);
  });

  it("wants weekdays: some, each once, Sunday (0) to Saturday (6)", () => {
    expect(checkSlotSeries({ ...series, weekdays: [] }, TODAY)).toEqual([{ field: "weekdays", problem: "required" }]);
    expect(checkSlotSeries({ ...series, weekdays: [1, 7] }, TODAY)).toEqual([{ field: "weekdays", problem: "range" }]);
    expect(checkSlotSeries({ ...series, weekdays: [1.5] }, TODAY)).toEqual([{ field: "weekdays", problem: "range" }]);
    expect(checkSlotSeries({ ...series, weekdays: [1, 1] }, TODAY)).toEqual([{ field: "weekdays", problem: "format" }]);
  });

  it("wants real times, the end after the start on the same day", () => {
    expect(checkSlotSeries({ ...series, startTime: "", endTime: "24:00" }, TODAY)).toEqual([
      { field: "startTime", problem: "required" },
      { field: "endTime", problem: "format" },
    ]);
    expect(checkSlotSeries({ ...series, endTime: "09:00" }, TODAY)).toEqual([{ field: "endTime", problem: "order" }]);
    expect(checkSlotSeries({ ...series, startTime: "22:00", endTime: "01:00" }, TODAY)).toEqual([{ field: "endTime", problem: "order" }]);
  });

  it("wants slots of 5 to 240 whole minutes, at least one of them between the times", () => {
    const range = { field: "slotMinutes", problem: "range", ...SLOT_MINUTES };
    expect(checkSlotSeries({ ...series, slotMinutes: 4 }, TODAY)).toEqual([range]);
    expect(checkSlotSeries({ ...series, slotMinutes: 241 }, TODAY)).toEqual([range]);
    expect(checkSlotSeries({ ...series, slotMinutes: 12.5 }, TODAY)).toEqual([range]);
    expect(checkSlotSeries({ ...series, slotMinutes: 61 }, TODAY)).toEqual([{ field: "slotMinutes", problem: "tooLong", minutes: 60 }]);
  });

  it("wants a whole capacity of 1 to 50", () => {
    for (const capacity of [0, CAPACITY_MAX + 1, 2.5, Number.NaN]) {
      expect(checkSlotSeries({ ...series, capacity }, TODAY)).toEqual([{ field: "capacity", problem: "range", min: 1, max: CAPACITY_MAX }]);
    }
  });

  it("wants real dates, from today on, in order, at most 366 days apart", () => {
    expect(checkSlotSeries({ ...series, startsOn: "2027-02-30", endsOn: " " }, TODAY)).toEqual([
      { field: "startsOn", problem: "format" },
      { field: "endsOn", problem: "required" },
    ]);
    expect(checkSlotSeries({ ...series, startsOn: "2026-12-31" }, TODAY)).toEqual([{ field: "startsOn", problem: "past" }]);
    expect(checkSlotSeries({ ...series, endsOn: "2027-01-03" }, TODAY)).toEqual([{ field: "endsOn", problem: "order" }]);
    expect(checkSlotSeries({ ...series, endsOn: addDays(series.startsOn, SLOT_SERIES_MAX_DAYS + 1) }, TODAY)).toEqual([{ field: "endsOn", problem: "tooLong", days: SLOT_SERIES_MAX_DAYS }]);
  });

  it("wants a zone the platform knows, spelled as it spells it", () => {
    for (const timeZone of ["Mars/Olympus", "+08:00", "asia/shanghai", ""]) expect(checkSlotSeries({ ...series, timeZone }, TODAY)).toEqual([{ field: "timeZone", problem: "unknown" }]);
  });

  it("refuses more than 5,000 slots, counting them only once the rest is sound", () => {
    // Every day of 4 weeks, 12 slots a day: 336; every 5 minutes from 00:00 to 23:55, 287 a day.
    const busy = { ...series, weekdays: [0, 1, 2, 3, 4, 5, 6], startTime: "00:00", endTime: "23:55", slotMinutes: 5, endsOn: "2027-01-31" };
    expect(checkSlotSeries(busy, TODAY)).toEqual([{ field: "endsOn", problem: "tooMany", max: SLOT_SERIES_MAX_SLOTS, slots: 28 * 287 }]);
    expect(checkSlotSeries({ ...busy, endsOn: "2027-01-20" }, TODAY)).toEqual([]);
    expect(checkSlotSeries({ ...busy, capacity: 0 }, TODAY)).toEqual([{ field: "capacity", problem: "range", min: 1, max: CAPACITY_MAX }]);
  });
});

describe("the slots of a series", () => {
  it("are back to back on each chosen day, at the wall-clock time of the site's zone", () => {
    expect(expandSlots(series).map((slot) => [slot.date, slot.startTime, slot.startsAt.toISOString(), slot.endsAt.toISOString()])).toEqual([
      ["2027-01-04", "09:00", "2027-01-04T01:00:00.000Z", "2027-01-04T01:30:00.000Z"],
      ["2027-01-04", "09:30", "2027-01-04T01:30:00.000Z", "2027-01-04T02:00:00.000Z"],
      ["2027-01-06", "09:00", "2027-01-06T01:00:00.000Z", "2027-01-06T01:30:00.000Z"],
      ["2027-01-06", "09:30", "2027-01-06T01:30:00.000Z", "2027-01-06T02:00:00.000Z"],
    ]);
  });

  it("leave out a last part too short for a whole slot", () => {
    expect(expandSlots({ ...series, endTime: "10:29" }).map((slot) => slot.startTime)).toEqual(["09:00", "09:30", "09:00", "09:30"]);
    expect(expandSlots({ ...series, endTime: "10:30" }).map((slot) => slot.startTime)).toEqual(["09:00", "09:30", "10:00", "09:00", "09:30", "10:00"]);
  });

  it("skip wall-clock times a spring-forward switch leaves out, and keep a fall-back hour once", () => {
    // New York: 14 March 2027 goes from 02:00 to 03:00; 7 November 2027 goes from 02:00 back to 01:00.
    const night = { ...series, weekdays: [0], startTime: "01:00", endTime: "04:00", startsOn: "2027-03-14", endsOn: "2027-03-14", timeZone: "America/New_York" };
    const spring = expandSlots(night);
    expect(spring.map((slot) => slot.startTime)).toEqual(["01:00", "01:30", "03:00", "03:30"]);
    expect(new Set(spring.map((slot) => slot.startsAt.getTime())).size).toBe(4);
    const autumn = expandSlots({ ...night, startsOn: "2027-11-07", endsOn: "2027-11-07" });
    expect(autumn.map((slot) => slot.startTime)).toEqual(["01:00", "01:30", "02:00", "02:30", "03:00", "03:30"]);
    expect(autumn.map((slot) => slot.startsAt.toISOString().slice(11, 16))).toEqual(["05:00", "05:30", "07:00", "07:30", "08:00", "08:30"]);
  });

  it("cover exactly the chosen weekdays and times of any sound series, in start order", () => {
    const arbitrary = fc
      .record({
        weekdays: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
        start: fc.integer({ min: 0, max: 22 * 60 }),
        open: fc.integer({ min: 5, max: 120 }),
        slotMinutes: fc.integer({ min: SLOT_MINUTES.min, max: 60 }),
        offset: fc.integer({ min: 0, max: 400 }),
        days: fc.integer({ min: 0, max: 40 }),
        timeZone: fc.constantFrom("Asia/Shanghai", "Europe/Berlin"),
      })
      .map(({ weekdays, start, open, slotMinutes, offset, days, timeZone }) => ({
        weekdays,
        startTime: timeOfMinutes(start),
        endTime: timeOfMinutes(Math.min(start + open, 23 * 60 + 59)),
        slotMinutes,
        capacity: 1,
        startsOn: addDays(TODAY, offset),
        endsOn: addDays(TODAY, offset + days),
        timeZone,
      }));
    fc.assert(
      fc.property(arbitrary, (candidate) => {
        if (checkSlotSeries(candidate, TODAY).length > 0) return;
        const slots = expandSlots(candidate);
        const times = slots.map((slot) => slot.startsAt.getTime());
        expect(times).toEqual([...times].sort((a, b) => a - b));
        expect(new Set(times).size).toBe(times.length);
        for (const slot of slots) {
          expect(slot.date >= candidate.startsOn && slot.date <= candidate.endsOn).toBe(true);
          expect(localPartsOf(slot.startsAt, candidate.timeZone)).toEqual({ date: slot.date, time: slot.startTime, weekday: new Date(`${slot.date}T00:00:00Z`).getUTCDay() });
          expect(candidate.weekdays).toContain(localPartsOf(slot.startsAt, candidate.timeZone).weekday);
          expect(slot.endsAt.getTime() - slot.startsAt.getTime()).toBe(candidate.slotMinutes * 60_000);
          expect(slot.startTime >= candidate.startTime).toBe(true);
          expect((minutesOfTime(slot.startTime) ?? Infinity) + candidate.slotMinutes).toBeLessThanOrEqual(minutesOfTime(candidate.endTime) ?? -Infinity);
        }
      }),
    );
  });
});

describe("a single slot", () => {
  it("is a series of one day with one slot", () => {
    const one = singleSlot("2027-01-05", "14:00", 20, 3, "Asia/Shanghai");
    expect(one).toEqual({ weekdays: [2], startTime: "14:00", endTime: "14:20", slotMinutes: 20, capacity: 3, startsOn: "2027-01-05", endsOn: "2027-01-05", timeZone: "Asia/Shanghai" });
    expect(checkSlotSeries(one, TODAY)).toEqual([]);
    expect(expandSlots(one).map((slot) => slot.startsAt.toISOString())).toEqual(["2027-01-05T06:00:00.000Z"]);
  });

  it("leaves an unreal date, or an end past midnight, to checkSlotSeries", () => {
    expect(checkSlotSeries(singleSlot("2027-02-30", "14:00", 20, 3, "Asia/Shanghai"), TODAY)).toEqual([
      { field: "weekdays", problem: "required" },
      { field: "startsOn", problem: "format" },
      { field: "endsOn", problem: "format" },
    ]);
    expect(checkSlotSeries(singleSlot("2027-01-05", "23:50", 20, 3, "Asia/Shanghai"), TODAY)).toEqual([{ field: "endTime", problem: "format" }]);
  });
});
