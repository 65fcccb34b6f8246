/**
 * What a page shows of meetings: the next occurrences of several series together, soonest
 * first, each with the local date and times a member reads in their own zone.
 */
import { localPartsOf } from "./local-time";
import { expandOccurrences, type MeetingException, type MeetingSeries, type Occurrence } from "./recurrence";

export interface SeriesWithExceptions {
  id: string;
  series: MeetingSeries;
  exceptions: readonly MeetingException[];
}

export interface UpcomingOccurrence extends Occurrence {
  meetingId: string;
}

/** Occurrences of these series that have not ended by `now`, within `days`, soonest first. */
export function upcomingOccurrences(seriesList: readonly SeriesWithExceptions[], now: Date, days: number, limit = 50): UpcomingOccurrence[] {
  const window = { from: now, to: new Date(now.getTime() + days * 86_400_000) };
  return seriesList
    .flatMap((entry) => expandOccurrences(entry.series, entry.exceptions, window).map((occurrence) => ({ ...occurrence, meetingId: entry.id })))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || (a.meetingId < b.meetingId ? -1 : 1))
    .slice(0, limit);
}

/** The next occurrence that will take place (cancelled ones skipped), or null. Looks a few weeks ahead first, as nearly every group meets that often. */
export function nextMeeting(seriesList: readonly SeriesWithExceptions[], now: Date): UpcomingOccurrence | null {
  for (const days of [21, 800]) {
    const found = upcomingOccurrences(seriesList, now, days, 500).find((occurrence) => occurrence.status !== "cancelled");
    if (found) return found;
  }
  return null;
}

/** An occurrence's start and end as a member in `zone` reads them. */
export function localTimes(occurrence: { startsAt: Date; endsAt: Date }, zone: string): { date: string; weekday: number; start: string; end: string } {
  const start = localPartsOf(occurrence.startsAt, zone);
  return { date: start.date, weekday: start.weekday, start: start.time, end: localPartsOf(occurrence.endsAt, zone).time };
}

/**
 * The occurrence named by its meeting and original date, if the rule gives one that has not
 * ended by `now` (to answer or cancel it), or, with `pastDays`, one that started in the
 * last `pastDays` days (to mark attendance).
 */
export function findOccurrence(entry: SeriesWithExceptions, occurrenceOn: string, now: Date, pastDays?: number): Occurrence | null {
  const window = pastDays === undefined ? { from: now, to: new Date(now.getTime() + 800 * 86_400_000) } : { from: new Date(now.getTime() - pastDays * 86_400_000), to: now };
  const found = expandOccurrences(entry.series, entry.exceptions, window).find((occurrence) => occurrence.occurrenceOn === occurrenceOn) ?? null;
  return found && pastDays !== undefined && found.startsAt > now ? null : found;
}
