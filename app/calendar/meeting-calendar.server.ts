/**
 * Calendar files (RFC 5545) for meetings, written by ical-generator (decision 022) so that
 * escaping, line folding and time-zone blocks are a maintained library's job. Times are the
 * group's wall-clock times with their zone (a VTIMEZONE from @touch4it/ical-timezones), so a
 * phone shows the right hour across daylight-saving changes. What goes in is already decided
 * by the caller: a neutral title, and an address only when the member asked for it.
 */
import ical from "ical-generator";
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import type { LocalDateTime } from "~/domain/groups/local-time";


export interface CalendarEvent {
  /** Stable and opaque (no names): the same meeting keeps its UID across downloads. */
  uid: string;
  timeZone: string;
  start: LocalDateTime;
  end: LocalDateTime;
  /** An RRULE value ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=10"), or null for one occurrence. */
  rrule: string | null;
  /** Original starts of cancelled occurrences (EXDATE). */
  cancelledStarts: LocalDateTime[];
  /** Occurrences moved to another time (a RECURRENCE-ID override each). */
  moved: { originalStart: LocalDateTime; start: LocalDateTime; end: LocalDateTime }[];
  title: string;
  location: string | null;
  /** Notes shown with the event (a booking code); none by default. */
  description?: string | null;
}

/** One event at one time, with no rule, cancellations or moves. */
export function singleEvent(event: Omit<CalendarEvent, "rrule" | "cancelledStarts" | "moved">): CalendarEvent {
  return { ...event, rrule: null, cancelledStarts: [], moved: [] };
}

function icsLocal(time: LocalDateTime): string {
  return `${time.replaceAll("-", "").replace(":", "")}00`;
}

function repeatingLines(event: CalendarEvent): string | null {
  if (!event.rrule) return null;
  const lines = [`RRULE:${event.rrule}`];
  if (event.cancelledStarts.length > 0) {
    lines.push(`EXDATE;TZID=${event.timeZone}:${event.cancelledStarts.map(icsLocal).join(",")}`);
  }
  return lines.join("\r\n");
}

const seconds = (time: LocalDateTime) => `${time}:00`;

export function meetingCalendar(events: CalendarEvent[]): string {
  const calendar = ical({ prodId: { company: "tongxing", product: "portal" } });
  // No calendar-wide zone (it would make DTSTAMP local); the generator writes a VTIMEZONE for
  // every zone an event names.
  calendar.timezone({ name: null, generator: getVtimezoneComponent });
  for (const event of events) {
    const common = { id: event.uid, timezone: event.timeZone, summary: event.title, location: event.location, description: event.description ?? null };
    calendar.createEvent({ ...common, start: seconds(event.start), end: seconds(event.end), repeating: repeatingLines(event) });
    for (const moved of event.moved) {
      calendar.createEvent({ ...common, recurrenceId: seconds(moved.originalStart), start: seconds(moved.start), end: seconds(moved.end) });
    }
  }
  return calendar.toString();
}

/** A calendar file as a download: never cached, under a neutral file name (it shows in the phone's downloads). */
export function calendarResponse(events: CalendarEvent[]): Response {
  return new Response(meetingCalendar(events), {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'attachment; filename="calendar.ics"',
      "Cache-Control": "no-store",
    },
  });
}
