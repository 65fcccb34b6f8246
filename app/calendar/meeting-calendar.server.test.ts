import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { meetingCalendar, type CalendarEvent } from "./meeting-calendar.server";

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
  for (let next = iterator.next(); next && found.length < 50; next = iterator.next()) {
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
});
