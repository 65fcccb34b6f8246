import fc from "fast-check";
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { dayNumber, localPartsOf } from "./local-time";
import { calendarExceptions, checkSeries, expandOccurrences, isRuleDate, lastAllowedDay, monthlyWeeksOf, splitSeriesFrom, toRRule, type MeetingException, type MeetingSeries } from "./recurrence";
import { EVERYTHING, seriesArbitrary } from "./series-test-helpers";

const base: MeetingSeries = {
  startsOn: "2027-01-05",
  startTime: "19:30",
  durationMinutes: 90,
  timeZone: "Asia/Shanghai",
  frequency: "weekly",
  monthlyWeek: null,
  untilOn: null,
  occurrenceCount: null,
};
const wide = { from: new Date("2020-01-01T00:00:00Z"), to: new Date("2035-01-01T00:00:00Z") };
const starts = (series: MeetingSeries, exceptions: Parameters<typeof expandOccurrences>[1] = [], window = wide) =>
  expandOccurrences(series, exceptions, window).map((occurrence) => occurrence.startsAt.toISOString());
const dates = (series: MeetingSeries) => expandOccurrences(series, [], wide).map((occurrence) => occurrence.occurrenceOn);

describe("checking a series", () => {
  it("accepts a plain weekly series", () => {
    expect(checkSeries(base)).toEqual([]);
  });

  it("names impossible dates and times, durations out of range and unknown zones", () => {
    expect(checkSeries({ ...base, startsOn: "2027-02-30", startTime: "24:00", durationMinutes: 10, timeZone: "Mars/Base" })).toEqual([
      { field: "startsOn", problem: "date" },
      { field: "startTime", problem: "time" },
      { field: "durationMinutes", problem: "range", min: 15, max: 720 },
      { field: "timeZone", problem: "unknown" },
    ]);
    expect(checkSeries({ ...base, durationMinutes: 721 })).toEqual([{ field: "durationMinutes", problem: "range", min: 15, max: 720 }]);
    expect(checkSeries({ ...base, startsOn: "2028-02-29" })).toEqual([]);
    expect(checkSeries({ ...base, startsOn: "2027-02-29" })).toEqual([{ field: "startsOn", problem: "date" }]);
    for (const timeZone of ["America/New_York", "Europe/Berlin", "UTC", "Etc/GMT-8", "America/Argentina/Buenos_Aires"]) expect(checkSeries({ ...base, timeZone })).toEqual([]);
    // Intl reads any case; the zone data of calendar files does not.
    for (const timeZone of ["asia/shanghai", "ASIA/SHANGHAI", "", "Asia/Shanghai ", "+08:00", "Asia/Beijing"]) expect(checkSeries({ ...base, timeZone })).toEqual([{ field: "timeZone", problem: "unknown" }]);
  });

  it("refuses an end before the start, two ends, a count below one and more than two years", () => {
    expect(checkSeries({ ...base, untilOn: "2027-01-04" })).toEqual([{ field: "untilOn", problem: "beforeStart", years: 2 }]);
    expect(checkSeries({ ...base, untilOn: "2027-03-01", occurrenceCount: 3 })).toEqual([{ field: "untilOn", problem: "bothEnds", years: 2 }]);
    expect(checkSeries({ ...base, occurrenceCount: 0 })).toEqual([{ field: "occurrenceCount", problem: "range", years: 2 }]);
    expect(checkSeries({ ...base, untilOn: "2029-01-05" })).toEqual([]);
    expect(checkSeries({ ...base, untilOn: "2029-01-06" })).toEqual([{ field: "untilOn", problem: "tooFar", years: 2 }]);
    // 105 weekly meetings from 5 Jan 2027 reach 3 Jan 2029 (inside); 106 reach 10 Jan 2029.
    expect(checkSeries({ ...base, occurrenceCount: 105 })).toEqual([]);
    expect(checkSeries({ ...base, occurrenceCount: 106 })).toEqual([{ field: "occurrenceCount", problem: "tooFar", years: 2 }]);
    expect(checkSeries({ ...base, frequency: "monthly", monthlyWeek: 1, occurrenceCount: 26 })).toEqual([{ field: "occurrenceCount", problem: "tooFar", years: 2 }]);
  });

  it("ties the monthly week to the first date and keeps it out of other frequencies", () => {
    expect(checkSeries({ ...base, frequency: "monthly", monthlyWeek: null })).toEqual([{ field: "monthlyWeek", problem: "required" }]);
    expect(checkSeries({ ...base, frequency: "monthly", monthlyWeek: 2 })).toEqual([{ field: "monthlyWeek", problem: "notStartDate" }]);
    expect(checkSeries({ ...base, monthlyWeek: 1 })).toEqual([{ field: "monthlyWeek", problem: "notMonthly" }]);
    expect(checkSeries({ ...base, frequency: "once", untilOn: "2027-02-01" })).toEqual([{ field: "frequency", problem: "endOnOnce" }]);
    expect(monthlyWeeksOf("2027-01-05")).toEqual([1]);
    expect(monthlyWeeksOf("2027-01-26")).toEqual([4, -1]);
    expect(monthlyWeeksOf("2027-01-29")).toEqual([-1]);
  });
});

describe("expanding occurrences", () => {
  it("repeats weekly and every two weeks at the same local time, until a date inclusive", () => {
    expect(dates({ ...base, untilOn: "2027-01-26" })).toEqual(["2027-01-05", "2027-01-12", "2027-01-19", "2027-01-26"]);
    expect(dates({ ...base, frequency: "biweekly", occurrenceCount: 3 })).toEqual(["2027-01-05", "2027-01-19", "2027-02-02"]);
    expect(starts({ ...base, occurrenceCount: 1 })).toEqual(["2027-01-05T11:30:00.000Z"]);
  });

  it("finds the Nth and the last weekday of each month across month ends and a leap year", () => {
    expect(dates({ ...base, startsOn: "2028-01-31", frequency: "monthly", monthlyWeek: -1, occurrenceCount: 4 })).toEqual([
      "2028-01-31",
      "2028-02-28",
      "2028-03-27",
      "2028-04-24",
    ]);
    // Tuesday 29 Feb 2028 is the last (and 5th) Tuesday; the rule asks for the last each month.
    expect(dates({ ...base, startsOn: "2028-02-29", frequency: "monthly", monthlyWeek: -1, occurrenceCount: 3 })).toEqual(["2028-02-29", "2028-03-28", "2028-04-25"]);
    expect(dates({ ...base, startsOn: "2027-01-12", frequency: "monthly", monthlyWeek: 2, untilOn: "2027-04-30" })).toEqual([
      "2027-01-12",
      "2027-02-09",
      "2027-03-09",
      "2027-04-13",
    ]);
  });

  it("keeps the wall-clock time across daylight-saving changes, moving a time in the gap forward and taking the first of a repeated time", () => {
    const newYork = { ...base, timeZone: "America/New_York", startsOn: "2027-03-07", startTime: "02:30", occurrenceCount: 2 };
    // 14 March 2027 02:30 does not exist in New York: it becomes 03:30 EDT.
    expect(starts(newYork)).toEqual(["2027-03-07T07:30:00.000Z", "2027-03-14T07:30:00.000Z"]);
    const berlin = { ...base, timeZone: "Europe/Berlin", startsOn: "2027-10-24", startTime: "02:30", occurrenceCount: 2 };
    // 31 October 2027 02:30 happens twice in Berlin: the first is 00:30 UTC (CEST).
    expect(starts(berlin)).toEqual(["2027-10-24T00:30:00.000Z", "2027-10-31T00:30:00.000Z"]);
    const evening = { ...base, timeZone: "Europe/Berlin", startsOn: "2027-03-21", startTime: "19:00", occurrenceCount: 2 };
    expect(starts(evening)).toEqual(["2027-03-21T18:00:00.000Z", "2027-03-28T17:00:00.000Z"]);
  });

  it("marks cancelled occurrences, moves moved ones, and counts cancelled ones as COUNT does", () => {
    const series = { ...base, occurrenceCount: 3 };
    const found = expandOccurrences(series, [
      { occurrenceOn: "2027-01-12", kind: "cancelled" },
      { occurrenceOn: "2027-01-19", kind: "moved", movedToOn: "2027-01-21", movedStartTime: "10:00" },
    ], wide);
    expect(found.map((occurrence) => [occurrence.occurrenceOn, occurrence.status, occurrence.startsAt.toISOString()])).toEqual([
      ["2027-01-05", "scheduled", "2027-01-05T11:30:00.000Z"],
      ["2027-01-12", "cancelled", "2027-01-12T11:30:00.000Z"],
      ["2027-01-19", "moved", "2027-01-21T02:00:00.000Z"],
    ]);
  });

  it("returns what overlaps the window, including a meeting under way and one moved into it from later", () => {
    const window = { from: new Date("2027-01-12T12:00:00Z"), to: new Date("2027-01-20T00:00:00Z") };
    expect(starts(base, [], window)).toEqual(["2027-01-12T11:30:00.000Z", "2027-01-19T11:30:00.000Z"]);
    const moved = [{ occurrenceOn: "2027-02-02", kind: "moved" as const, movedToOn: "2027-01-14", movedStartTime: "19:30" }];
    expect(starts(base, moved, window)).toEqual(["2027-01-12T11:30:00.000Z", "2027-01-14T11:30:00.000Z", "2027-01-19T11:30:00.000Z"]);
  });

  it("finds late in a long series what the whole expansion finds there: a count's end, and one moved into the window from long before", () => {
    const window = { from: new Date("2028-03-01T00:00:00Z"), to: new Date("2028-03-31T00:00:00Z") };
    // The 63rd weekly occurrence is on 14 March 2028; the fifth, on 2 February 2027, moves to 9 March 2028.
    const counted = { ...base, occurrenceCount: 63 };
    const moved = [{ occurrenceOn: "2027-02-02", kind: "moved" as const, movedToOn: "2028-03-09", movedStartTime: "19:30" }];
    const expected = ["2028-03-07T11:30:00.000Z", "2028-03-09T11:30:00.000Z", "2028-03-14T11:30:00.000Z"];
    expect(starts(counted, moved, window)).toEqual(expected);
    expect(starts(counted, moved).filter((start) => start >= "2028-03-01" && start < "2028-03-31")).toEqual(expected);
  });

  it("stops an open-ended series two years after its first date", () => {
    const all = dates(base);
    expect(all.at(-1)).toBe("2029-01-02");
    expect(all).toHaveLength(105);
    expect(isRuleDate(base, "2027-01-19")).toBe(true);
    expect(isRuleDate(base, "2027-01-20")).toBe(false);
  });
});

/** ical.js has no zone database of its own: give it the VTIMEZONE our calendar files carry. */
function zoneFor(name: string): ICAL.Timezone {
  const vtimezone = getVtimezoneComponent(name);
  if (!vtimezone) throw new Error(`no VTIMEZONE for ${name}`);
  const zone = new ICAL.Timezone(new ICAL.Component(ICAL.parse(`BEGIN:VCALENDAR\r\n${vtimezone}\r\nEND:VCALENDAR`)).getFirstSubcomponent("vtimezone") ?? undefined);
  return zone;
}

describe("calendar rules", () => {
  it("write RRULE values a calendar reads", () => {
    expect(toRRule({ ...base, frequency: "once" })).toBeNull();
    expect(toRRule({ ...base, frequency: "biweekly", occurrenceCount: 5 })).toBe("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=5");
    expect(toRRule({ ...base, frequency: "monthly", monthlyWeek: 1, untilOn: "2027-06-30" })).toBe("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=1;UNTIL=20270630T155900Z");
  });

  // An independent implementation: Mozilla's ical.js expands the RRULE we write; it must give
  // the same instants as our expansion, for random series in zones with and without DST.
  it("expand in ical.js to exactly our occurrences", { timeout: 30_000 }, () => {
    const seriesArb = seriesArbitrary({ frequencies: ["weekly", "biweekly", "monthly"] });
    fc.assert(
      fc.property(seriesArb, (series) => {
        const ours = starts(series, [], EVERYTHING);
        const start = ICAL.Time.fromDateTimeString(`${series.startsOn}T${series.startTime}:00`);
        start.zone = zoneFor(series.timeZone);
        const rule = ICAL.Recur.fromString(toRRule(series) ?? "");
        const iterator = rule.iterator(start);
        const theirs: string[] = [];
        for (let next = iterator.next(); next && theirs.length < 200; next = iterator.next()) theirs.push(next.toJSDate().toISOString());
        // Times in a spring-forward gap or repeated at fall-back are where implementations differ
        // (RFC 5545 moves the first forward and takes the earlier of the second, as we do; the
        // known answers above check both): compare all the others.
        const localTime = (instant: string, shift: number) => localPartsOf(new Date(new Date(instant).getTime() + shift), series.timeZone).time;
        const inGap = (instant: string) => localTime(instant, 0) !== series.startTime || localTime(instant, 3_600_000) === series.startTime;
        expect(theirs.length).toBe(ours.length);
        expect(theirs.filter((_, index) => !inGap(ours[index] ?? ""))).toEqual(ours.filter((instant) => !inGap(instant)));
      }),
      { numRuns: 300 },
    );
  });
});

describe("changing a series from a date on", () => {
  it("ends the old series the day before the first occurrence changed and gives the new one the rest of the count", () => {
    const split = splitSeriesFrom({ ...base, occurrenceCount: 10 }, "2027-01-20", { startTime: "20:00" });
    expect(split?.before).toEqual({ ...base, untilOn: "2027-01-25", occurrenceCount: null });
    expect(split?.after).toEqual({ ...base, startsOn: "2027-01-26", startTime: "20:00", occurrenceCount: 7 });
    expect(dates(split?.before ?? base).concat(dates(split?.after ?? base))).toEqual(dates({ ...base, occurrenceCount: 10 }));
  });

  it("replaces the whole series from its first date and has nothing to change after its end", () => {
    expect(splitSeriesFrom(base, "2027-01-01", {})?.before).toBeNull();
    expect(splitSeriesFrom({ ...base, untilOn: "2027-01-19" }, "2027-01-20", {})).toBeNull();
  });
});

describe("known answers around daylight-saving changes, month ends and leap years", () => {
  const once = (overrides: Partial<MeetingSeries>) => ({ ...base, occurrenceCount: 3, ...overrides });

  it("takes the first of a time New York repeats when its clocks go back", () => {
    // 7 November 2027: 01:30 EDT (05:30 UTC), then 01:30 EST (06:30 UTC).
    expect(starts(once({ timeZone: "America/New_York", startsOn: "2027-10-31", startTime: "01:30" }))).toEqual([
      "2027-10-31T05:30:00.000Z",
      "2027-11-07T05:30:00.000Z",
      "2027-11-14T06:30:00.000Z",
    ]);
  });

  it("moves a time Berlin skips when its clocks go forward on by the hour it lacks", () => {
    // 28 March 2027: 02:00 CET becomes 03:00 CEST, so 02:30 is read as 03:30 CEST (01:30 UTC).
    expect(starts(once({ timeZone: "Europe/Berlin", startsOn: "2027-03-21", startTime: "02:30" }))).toEqual([
      "2027-03-21T01:30:00.000Z",
      "2027-03-28T01:30:00.000Z",
      "2027-04-04T00:30:00.000Z",
    ]);
  });

  it("keeps an evening meeting at its local hour through both switches in New York", () => {
    const evening = { timeZone: "America/New_York", startTime: "19:00", occurrenceCount: 2 };
    expect(starts(once({ ...evening, startsOn: "2027-03-07" }))).toEqual(["2027-03-08T00:00:00.000Z", "2027-03-14T23:00:00.000Z"]);
    expect(starts(once({ ...evening, startsOn: "2027-10-31" }))).toEqual(["2027-10-31T23:00:00.000Z", "2027-11-08T00:00:00.000Z"]);
  });

  it("meets on the last Sunday of each month at 02:30 in Berlin, the very days its clocks change", () => {
    const series = once({ timeZone: "Europe/Berlin", startsOn: "2027-01-31", startTime: "02:30", frequency: "monthly", monthlyWeek: -1, occurrenceCount: 11 });
    const found = expandOccurrences(series, [], wide).map((occurrence) => [occurrence.occurrenceOn, occurrence.startsAt.toISOString()]);
    expect(found).toContainEqual(["2027-02-28", "2027-02-28T01:30:00.000Z"]);
    expect(found).toContainEqual(["2027-03-28", "2027-03-28T01:30:00.000Z"]);
    expect(found).toContainEqual(["2027-04-25", "2027-04-25T00:30:00.000Z"]);
    expect(found).toContainEqual(["2027-10-31", "2027-10-31T00:30:00.000Z"]);
    expect(found.at(-1)).toEqual(["2027-11-28", "2027-11-28T01:30:00.000Z"]);
  });

  it("lasts its minutes in real time across a switch, and moves an occurrence into a gap forward too", () => {
    const [night] = expandOccurrences(once({ timeZone: "America/New_York", frequency: "once", startsOn: "2027-11-07", startTime: "00:30", durationMinutes: 120, occurrenceCount: null }), [], wide);
    expect([night?.startsAt.toISOString(), night?.endsAt.toISOString()]).toEqual(["2027-11-07T04:30:00.000Z", "2027-11-07T06:30:00.000Z"]);
    const moved: MeetingException[] = [{ occurrenceOn: "2027-03-16", kind: "moved", movedToOn: "2027-03-14", movedStartTime: "02:15" }];
    expect(starts(once({ timeZone: "America/New_York", startsOn: "2027-03-09", startTime: "19:00", occurrenceCount: 2 }), moved)).toEqual([
      "2027-03-10T00:00:00.000Z",
      "2027-03-14T07:15:00.000Z",
    ]);
  });

  it("is not moved by other zones' switches in Shanghai", () => {
    expect(starts(once({ startsOn: "2027-03-07", startTime: "02:30" }))).toEqual(["2027-03-06T18:30:00.000Z", "2027-03-13T18:30:00.000Z", "2027-03-20T18:30:00.000Z"]);
  });

  it("passes through 29 February 2028 weekly and every two weeks, and ends on it inclusive", () => {
    expect(dates(once({ startsOn: "2028-02-22" }))).toEqual(["2028-02-22", "2028-02-29", "2028-03-07"]);
    expect(dates(once({ startsOn: "2028-02-15", frequency: "biweekly" }))).toEqual(["2028-02-15", "2028-02-29", "2028-03-14"]);
    expect(dates({ ...base, startsOn: "2028-02-01", untilOn: "2028-02-29" })).toEqual(["2028-02-01", "2028-02-08", "2028-02-15", "2028-02-22", "2028-02-29"]);
    expect(checkSeries({ ...base, startsOn: "2028-02-01", untilOn: "2028-02-30" })).toEqual([{ field: "untilOn", problem: "date", years: 2 }]);
  });

  it("caps a series from 29 February at 28 February two years on, never past the full two years", () => {
    const leap = { ...base, startsOn: "2028-02-29" };
    expect(lastAllowedDay(dayNumber("2028-02-29") ?? 0)).toBe(dayNumber("2030-02-28"));
    expect(checkSeries({ ...leap, untilOn: "2030-02-28" })).toEqual([]);
    expect(checkSeries({ ...leap, untilOn: "2030-03-01" })).toEqual([{ field: "untilOn", problem: "tooFar", years: 2 }]);
    expect(dates(leap).at(-1)).toBe("2030-02-26");
  });

  it("finds the last Friday through a 31st, a leap February and a five-Friday March, and crosses the year", () => {
    expect(dates(once({ startsOn: "2027-12-31", frequency: "monthly", monthlyWeek: -1, occurrenceCount: 4 }))).toEqual(["2027-12-31", "2028-01-28", "2028-02-25", "2028-03-31"]);
    expect(dates(once({ startsOn: "2027-12-28", frequency: "biweekly", occurrenceCount: 2 }))).toEqual(["2027-12-28", "2028-01-11"]);
    // The 4th Tuesday is also the last in February 2028 (22nd; the 29th is the 5th and last).
    expect(dates(once({ startsOn: "2028-01-25", frequency: "monthly", monthlyWeek: 4 }))).toEqual(["2028-01-25", "2028-02-22", "2028-03-28"]);
  });
});

describe("calendar exceptions", () => {
  it("name cancelled and moved occurrences by the rule's local start, in rule order, ignoring dates the rule does not give", () => {
    const exceptions: MeetingException[] = [
      { occurrenceOn: "2027-01-19", kind: "moved", movedToOn: "2027-01-21", movedStartTime: "10:00" },
      { occurrenceOn: "2027-01-12", kind: "cancelled" },
      { occurrenceOn: "2027-01-20", kind: "cancelled" },
    ];
    expect(calendarExceptions(base, exceptions)).toEqual({
      excluded: ["2027-01-12T19:30"],
      moved: [{ originalStart: "2027-01-19T19:30", start: "2027-01-21T10:00", end: "2027-01-21T11:30" }],
    });
    expect(calendarExceptions(base, [])).toEqual({ excluded: [], moved: [] });
  });

  it("give a moved time inside a gap as the clock shows it", () => {
    const newYork = { ...base, timeZone: "America/New_York", startsOn: "2027-03-09", startTime: "19:00" };
    expect(calendarExceptions(newYork, [{ occurrenceOn: "2027-03-16", kind: "moved", movedToOn: "2027-03-14", movedStartTime: "02:15" }]).moved).toEqual([
      { originalStart: "2027-03-16T19:00", start: "2027-03-14T03:15", end: "2027-03-14T04:45" },
    ]);
  });
});
