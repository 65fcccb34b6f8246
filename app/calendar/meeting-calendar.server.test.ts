import fc from "fast-check";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { localDateTimeOf } from "~/domain/groups/local-time";
import { calendarExceptions, expandOccurrences, toRRule } from "~/domain/groups/recurrence";
import { CLEAR_OF_SWITCHES, EVERYTHING, exceptionsArbitrary, seriesArbitrary } from "~/domain/groups/series-test-helpers";
import { calendarResponse, meetingCalendar, singleEvent, type CalendarEvent } from "./meeting-calendar.server";

const weekly: CalendarEvent = {
  uid: "meeting-1@tongxing",
  timeZone: "America/New_York",
  start: "2027-02-23T18:00",
  end: "2027-02-23T19:30",
  rrule: "FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;COUNT=6",
  cancelledStarts: ["2027-03-09T18:00"],
  moved: [{ originalStart: "2027-03-16T18:00", start: "2027-03-17T19:00", end: "2027-03-17T20:30" }],
  title: "Meeting, weekly; \"A\"",
  location: null,
};

/** Every occurrence a calendar program would show, as UTC instants, overrides applied. */
function occurrencesOf(ics: string): string[] {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const [master, ...overrides] = calendar.getAllSubcomponents("vevent").map((component) => new ICAL.Event(component));
  if (!master) throw new Error("no event");
  for (const override of overrides) master.relateException(override);
  const found: string[] = [];
  const iterator = master.iterator();
  for (let next = iterator.next(); next && found.length < 200; next = iterator.next()) {
    found.push(master.getOccurrenceDetails(next).startDate.toJSDate().toISOString());
  }
  return found;
}

describe("meeting calendar files", () => {
  it("expand in a parser to the wall-clock times across a daylight-saving change, without cancelled ones, with moved ones moved", () => {
    expect(occurrencesOf(meetingCalendar([weekly]))).toEqual([
      "2027-02-23T23:00:00.000Z",
      "2027-03-02T23:00:00.000Z",
      // 9 March cancelled; 14 March clocks go forward, 18:00 stays 18:00 local
      "2027-03-17T23:00:00.000Z",
      "2027-03-23T22:00:00.000Z",
      "2027-03-30T22:00:00.000Z",
    ]);
  });

  it("carry the zone's rules, the neutral title escaped, and no address unless one is given", () => {
    const ics = meetingCalendar([weekly]);
    expect(ics).toContain("BEGIN:VTIMEZONE\r\nTZID:America/New_York");
    expect(ics).toContain("SUMMARY:Meeting\\, weekly\\; \"A\"");
    expect(ics).not.toMatch(/^LOCATION/m);
    expect(ics).toMatch(/^DTSTAMP:\d{8}T\d{6}Z\r$/m);
    const withAddress = meetingCalendar([{ ...weekly, location: "Room 3, 12 Long Road" }]);
    expect(withAddress).toContain("LOCATION:Room 3\\, 12 Long Road");
  });

  it("write a one-off meeting without a rule", () => {
    const ics = meetingCalendar([{ ...weekly, timeZone: "Asia/Shanghai", rrule: null, cancelledStarts: [], moved: [] }]);
    expect(ics).not.toContain("RRULE");
    expect(occurrencesOf(ics)).toEqual(["2027-02-23T10:00:00.000Z"]);
  });

  it("write one event with its notes, as a neutral download", async () => {
    const event = singleEvent({ uid: "booking-1@tongxing", timeZone: "Asia/Shanghai", start: "2027-02-23T09:00", end: "2027-02-23T09:30", title: "Appointment", location: "8 Sun Road", description: "Show this code at the desk: ABCD-EFGH" });
    const response = calendarResponse([event]);
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="calendar.ics"');
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const ics = await response.text();
    expect(ics).not.toContain("RRULE");
    expect(occurrencesOf(ics)).toEqual(["2027-02-23T01:00:00.000Z"]);
    const parsed = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent") ?? undefined);
    expect([parsed.summary, parsed.location, parsed.description]).toEqual(["Appointment", "8 Sun Road", "Show this code at the desk: ABCD-EFGH"]);
  });

  // The domain's expansion and a maintained parser reading our file must agree on every
  // meeting a member's phone shows, cancelled ones gone and moved ones moved (times clear of
  // daylight-saving switches, where the recurrence tests hold the known answers).
  it("show in a parser exactly the meetings our expansion gives, for random series with cancellations and moves", { timeout: 60_000 }, () => {
    const seriesArb = seriesArbitrary({ frequencies: ["weekly", "biweekly", "monthly"], minutes: CLEAR_OF_SWITCHES });
    const withExceptions = seriesArb.chain((series) => exceptionsArbitrary(series, CLEAR_OF_SWITCHES).map((exceptions) => ({ series, exceptions })));
    fc.assert(
      fc.property(withExceptions, ({ series, exceptions }) => {
        const local = (instant: Date) => localDateTimeOf(instant, series.timeZone);
        const [first] = expandOccurrences(series, [], EVERYTHING);
        if (!first) throw new Error("a series has a first meeting");
        const { excluded, moved } = calendarExceptions(series, exceptions);
        const ics = meetingCalendar([{ ...weekly, timeZone: series.timeZone, start: local(first.startsAt), end: local(first.endsAt), rrule: toRRule(series), cancelledStarts: excluded, moved }]);
        const ours = expandOccurrences(series, exceptions, EVERYTHING).filter((occurrence) => occurrence.status !== "cancelled");
        expect(occurrencesOf(ics).sort()).toEqual(ours.map((occurrence) => occurrence.startsAt.toISOString()).sort());
      }),
      { numRuns: 150 },
    );
  });
});
