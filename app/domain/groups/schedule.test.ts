import { describe, expect, it } from "vitest";
import type { MeetingSeries } from "./recurrence";
import { findOccurrence, localTimes, nextMeeting, upcomingOccurrences } from "./schedule";

const weekly: MeetingSeries = { startsOn: "2027-01-05", startTime: "19:30", durationMinutes: 90, timeZone: "Asia/Shanghai", frequency: "weekly", monthlyWeek: null, untilOn: null, occurrenceCount: null };
const monthly: MeetingSeries = { ...weekly, startsOn: "2027-01-09", startTime: "10:00", frequency: "monthly", monthlyWeek: 2 };
const now = new Date("2027-01-10T12:00:00Z"); // 20:00 in Shanghai, Sunday 10 January

describe("what pages show of meetings", () => {
  it("merges several series soonest first and leaves out what has ended", () => {
    const found = upcomingOccurrences([{ id: "w", series: weekly, exceptions: [] }, { id: "m", series: monthly, exceptions: [] }], now, 30);
    expect(found.map((occurrence) => `${occurrence.meetingId} ${occurrence.occurrenceOn}`)).toEqual(["w 2027-01-12", "w 2027-01-19", "w 2027-01-26", "w 2027-02-02", "w 2027-02-09"]);
    const withMonthly = upcomingOccurrences([{ id: "w", series: weekly, exceptions: [] }, { id: "m", series: monthly, exceptions: [] }], now, 35);
    expect(withMonthly.map((occurrence) => occurrence.occurrenceOn)).toContain("2027-02-13");
  });

  it("skips a cancelled occurrence for the next meeting and finds an occurrence by its date", () => {
    const entry = { id: "w", series: weekly, exceptions: [{ occurrenceOn: "2027-01-12", kind: "cancelled" as const }] };
    expect(nextMeeting([entry], now)?.occurrenceOn).toBe("2027-01-19");
    expect(findOccurrence(entry, "2027-01-12", now)?.status).toBe("cancelled");
    expect(findOccurrence(entry, "2027-01-13", now)).toBeNull();
    expect(findOccurrence(entry, "2027-01-05", now)).toBeNull();
    // Looking back, for attendance: a meeting that has started, not one still to come.
    expect(findOccurrence(entry, "2027-01-05", now, 14)?.occurrenceOn).toBe("2027-01-05");
    expect(findOccurrence(entry, "2027-01-19", now, 14)).toBeNull();
    expect(findOccurrence(entry, "2026-12-29", now, 7)).toBeNull();
    expect(nextMeeting([{ ...entry, series: { ...weekly, untilOn: "2027-01-06" } }], now)).toBeNull();
  });

  it("gives local date and times in the reader's zone", () => {
    const [first] = upcomingOccurrences([{ id: "w", series: weekly, exceptions: [] }], now, 7);
    if (!first) throw new Error("none");
    expect(localTimes(first, "Asia/Shanghai")).toEqual({ date: "2027-01-12", weekday: 2, start: "19:30", end: "21:00" });
    expect(localTimes(first, "Europe/Berlin")).toEqual({ date: "2027-01-12", weekday: 2, start: "12:30", end: "14:00" });
  });
});
