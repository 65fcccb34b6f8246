/**
 * Meeting series and their occurrences (decision 021). A series is one-off or repeats weekly,
 * every two weeks, or monthly on the Nth (or last) weekday of its first date, until a date or
 * for a count, with RRULE semantics: the wall-clock time stays put in the group's zone across
 * daylight-saving changes, COUNT counts cancelled occurrences too, and an occurrence is named
 * by the local date the rule gave it even after it is moved.
 */
import { addMonths, addYears, dateOfDay, dayNumber, daysInMonth, isKnownTimeZone, localDateTimeOf, minutesOfTime, weekdayOfDay, zonedInstant, type LocalDateTime } from "./local-time";

export const FREQUENCIES = ["once", "weekly", "biweekly", "monthly"] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const MONTHLY_WEEKS = [1, 2, 3, 4, -1] as const;
export type MonthlyWeek = (typeof MONTHLY_WEEKS)[number];

export const MEETING_MINUTES = { min: 15, max: 720 } as const;
/** No series may reach further than this many years past its first date. */
export const SERIES_MAX_YEARS = 2;

export interface MeetingSeries {
  startsOn: string;
  startTime: string;
  durationMinutes: number;
  timeZone: string;
  frequency: Frequency;
  monthlyWeek: MonthlyWeek | null;
  untilOn: string | null;
  occurrenceCount: number | null;
}

export type MeetingException =
  | { occurrenceOn: string; kind: "cancelled" }
  | { occurrenceOn: string; kind: "moved"; movedToOn: string; movedStartTime: string };

export interface Occurrence {
  /** The local date the rule gave this occurrence: its name, even after a move. */
  occurrenceOn: string;
  startsAt: Date;
  endsAt: Date;
  status: "scheduled" | "cancelled" | "moved";
}

export type SeriesProblem =
  | { field: "startsOn"; problem: "date" }
  | { field: "startTime"; problem: "time" }
  | { field: "durationMinutes"; problem: "range"; min: number; max: number }
  | { field: "timeZone"; problem: "unknown" }
  | { field: "monthlyWeek"; problem: "required" | "notMonthly" | "notStartDate" }
  | { field: "untilOn"; problem: "date" | "beforeStart" | "bothEnds" | "tooFar"; years: number }
  | { field: "occurrenceCount"; problem: "range" | "tooFar"; years: number }
  | { field: "frequency"; problem: "endOnOnce" };

const STEP_DAYS: Partial<Record<Frequency, number>> = { weekly: 7, biweekly: 14 };

/** The last day a series may reach: its first date plus SERIES_MAX_YEARS (29 Feb → 28 Feb). */
export function lastAllowedDay(startDay: number): number {
  return addYears(startDay, SERIES_MAX_YEARS, "clamp");
}

/** The Nth (1..4) or last (-1) `weekday` of a month, as a day number. */
function nthWeekdayOfMonth(year: number, month: number, weekday: number, week: MonthlyWeek): number {
  if (week === -1) {
    const last = Date.UTC(year, month, daysInMonth(year, month)) / 86_400_000;
    return last - ((weekdayOfDay(last) - weekday + 7) % 7);
  }
  const first = Date.UTC(year, month, 1) / 86_400_000;
  return first + ((weekday - weekdayOfDay(first) + 7) % 7) + (week - 1) * 7;
}

/** The monthly week (1..4, or -1 when it is also the last) a date is on, e.g. for a form's choices. */
export function monthlyWeeksOf(date: string): MonthlyWeek[] {
  const day = dayNumber(date);
  if (day === null) return [];
  const dom = new Date(day * 86_400_000).getUTCDate();
  const parts = new Date(day * 86_400_000);
  const weeks: MonthlyWeek[] = [];
  if (dom <= 28) weeks.push(Math.ceil(dom / 7) as MonthlyWeek);
  if (dom + 7 > daysInMonth(parts.getUTCFullYear(), parts.getUTCMonth())) weeks.push(-1);
  return weeks;
}

/**
 * Rule days from the first, in order, until `stopDay` (inclusive) or the series' own end.
 * Weekly and fortnightly days before `fromDay` are counted, not walked (the kth is the first
 * plus k steps), so a page's cost does not grow with a series' age; COUNT still holds.
 */
function* ruleDays(series: MeetingSeries, startDay: number, stopDay: number, fromDay = startDay): Generator<number> {
  const untilDay = series.untilOn === null ? null : dayNumber(series.untilOn);
  const lastDay = Math.min(stopDay, untilDay ?? Infinity, lastAllowedDay(startDay));
  let produced = 0;
  const more = (day: number) => day <= lastDay && (series.occurrenceCount === null || produced < series.occurrenceCount);
  if (series.frequency === "once") {
    if (more(startDay)) yield startDay;
    return;
  }
  const step = STEP_DAYS[series.frequency];
  if (step !== undefined) {
    produced = Math.max(0, Math.ceil((fromDay - startDay) / step));
    for (let day = startDay + produced * step; more(day); day += step, produced += 1) yield day;
    return;
  }
  const start = new Date(startDay * 86_400_000);
  const week = series.monthlyWeek ?? 1;
  for (let index = 0; ; index += 1) {
    const { year, month } = addMonths(start.getUTCFullYear(), start.getUTCMonth(), index);
    const day = nthWeekdayOfMonth(year, month, weekdayOfDay(startDay), week);
    // Only a series checkSeries refused starts after its month's rule day: never before the start.
    if (day < startDay) continue;
    if (!more(day)) return;
    produced += 1;
    yield day;
  }
}

export function checkSeries(series: MeetingSeries): SeriesProblem[] {
  const problems: SeriesProblem[] = [];
  const startDay = dayNumber(series.startsOn);
  if (startDay === null) problems.push({ field: "startsOn", problem: "date" });
  if (minutesOfTime(series.startTime) === null) problems.push({ field: "startTime", problem: "time" });
  if (!Number.isInteger(series.durationMinutes) || series.durationMinutes < MEETING_MINUTES.min || series.durationMinutes > MEETING_MINUTES.max) {
    problems.push({ field: "durationMinutes", problem: "range", ...MEETING_MINUTES });
  }
  if (!isKnownTimeZone(series.timeZone)) problems.push({ field: "timeZone", problem: "unknown" });
  if (series.frequency === "monthly") {
    if (series.monthlyWeek === null) problems.push({ field: "monthlyWeek", problem: "required" });
    else if (startDay !== null && !monthlyWeeksOf(series.startsOn).includes(series.monthlyWeek)) problems.push({ field: "monthlyWeek", problem: "notStartDate" });
  } else if (series.monthlyWeek !== null) problems.push({ field: "monthlyWeek", problem: "notMonthly" });
  const years = SERIES_MAX_YEARS;
  if (series.frequency === "once") {
    if (series.untilOn !== null || series.occurrenceCount !== null) problems.push({ field: "frequency", problem: "endOnOnce" });
    return problems;
  }
  if (series.untilOn !== null && series.occurrenceCount !== null) problems.push({ field: "untilOn", problem: "bothEnds", years });
  if (series.untilOn !== null) {
    const untilDay = dayNumber(series.untilOn);
    if (untilDay === null) problems.push({ field: "untilOn", problem: "date", years });
    else if (startDay !== null && untilDay < startDay) problems.push({ field: "untilOn", problem: "beforeStart", years });
    else if (startDay !== null && untilDay > lastAllowedDay(startDay)) problems.push({ field: "untilOn", problem: "tooFar", years });
  }
  if (series.occurrenceCount !== null) {
    if (!Number.isInteger(series.occurrenceCount) || series.occurrenceCount < 1) problems.push({ field: "occurrenceCount", problem: "range", years });
    else if (startDay !== null && problems.length === 0) {
      const days = [...ruleDays({ ...series, occurrenceCount: null }, startDay, Infinity)];
      if (days.length < series.occurrenceCount) problems.push({ field: "occurrenceCount", problem: "tooFar", years });
    }
  }
  return problems;
}

function requireDay(date: string): number {
  const day = dayNumber(date);
  if (day === null) throw new RangeError("series must pass checkSeries first");
  return day;
}

/** The occurrence the rule gives on `day`, with its exception applied (a moved one at its new time). */
function occurrenceOn(series: MeetingSeries, day: number, exception: MeetingException | undefined): Occurrence {
  const startMinutes = minutesOfTime(series.startTime) ?? 0;
  const startsAt =
    exception?.kind === "moved"
      ? zonedInstant(requireDay(exception.movedToOn), minutesOfTime(exception.movedStartTime) ?? startMinutes, series.timeZone)
      : zonedInstant(day, startMinutes, series.timeZone);
  const endsAt = new Date(startsAt.getTime() + series.durationMinutes * 60_000);
  return { occurrenceOn: dateOfDay(day), startsAt, endsAt, status: exception ? (exception.kind === "moved" ? "moved" : "cancelled") : "scheduled" };
}

/**
 * Occurrences that overlap the window, in start order, cancelled ones included (marked) so a
 * page can say "cancelled"; moved ones at their new time. Open-ended series stop at the
 * window's end (and at SERIES_MAX_YEARS past their first date).
 */
export function expandOccurrences(series: MeetingSeries, exceptions: readonly MeetingException[], window: { from: Date; to: Date }): Occurrence[] {
  const startDay = requireDay(series.startsOn);
  const byDay = new Map(exceptions.map((exception) => [dayNumber(exception.occurrenceOn), exception]));
  const moved = exceptions.filter((exception) => exception.kind === "moved");
  // A move may bring an occurrence from up to a long way off into the window: scan rule days
  // up to the window's end plus the furthest move forward.
  const windowEndDay = Math.floor(window.to.getTime() / 86_400_000) + 2;
  const furthestBack = Math.max(0, ...moved.map((exception) => requireDay(exception.occurrenceOn) - requireDay(exception.movedToOn)));
  const found: Occurrence[] = [];
  // Days before the window matter only when an exception moves them into it: the scan starts
  // at the earliest such day, and days before the window get no instant (the costly part).
  const windowStartDay = Math.floor(window.from.getTime() / 86_400_000) - 2;
  const fromDay = Math.min(windowStartDay, ...moved.map((exception) => requireDay(exception.occurrenceOn)));
  for (const day of ruleDays(series, startDay, windowEndDay + furthestBack, fromDay)) {
    const exception = byDay.get(day);
    if (day < windowStartDay && exception?.kind !== "moved") continue;
    const occurrence = occurrenceOn(series, day, exception);
    if (occurrence.endsAt > window.from && occurrence.startsAt < window.to) found.push(occurrence);
  }
  return found.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** Whether the rule produces an occurrence on this local date (before any exception). */
export function isRuleDate(series: MeetingSeries, date: string): boolean {
  const day = dayNumber(date);
  if (day === null) return false;
  for (const ruleDay of ruleDays(series, requireDay(series.startsOn), day, day)) if (ruleDay === day) return true;
  return false;
}

const BYDAY = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"] as const;

/** The RRULE value for calendar files, or null for a one-off meeting. UNTIL is the end of the last day, in UTC. */
export function toRRule(series: MeetingSeries): string | null {
  if (series.frequency === "once") return null;
  const startDay = requireDay(series.startsOn);
  const weekday = BYDAY[weekdayOfDay(startDay)];
  const parts =
    series.frequency === "monthly"
      ? ["FREQ=MONTHLY", `BYDAY=${weekday}`, `BYSETPOS=${series.monthlyWeek ?? 1}`]
      : ["FREQ=WEEKLY", `INTERVAL=${series.frequency === "biweekly" ? 2 : 1}`, `BYDAY=${weekday}`];
  const endDay = series.untilOn !== null ? requireDay(series.untilOn) : series.occurrenceCount === null ? lastAllowedDay(startDay) : null;
  if (series.occurrenceCount !== null) parts.push(`COUNT=${series.occurrenceCount}`);
  if (endDay !== null) {
    const last = zonedInstant(endDay, 24 * 60 - 1, series.timeZone).toISOString();
    parts.push(`UNTIL=${last.replace(/[-:]/g, "").slice(0, 15)}Z`);
  }
  return parts.join(";");
}

export interface CalendarExceptions {
  /** Rule starts of cancelled occurrences (EXDATE). */
  excluded: LocalDateTime[];
  /** Moved occurrences: the rule start names the one replaced (RECURRENCE-ID), then where it went. */
  moved: { originalStart: LocalDateTime; start: LocalDateTime; end: LocalDateTime }[];
}

/**
 * What a calendar file needs beside the RRULE: every exception of the whole series, named by
 * the local start the rule gives it (a calendar matches EXDATE and RECURRENCE-ID against the
 * rule's own instances, wall-clock time included), in rule order.
 */
export function calendarExceptions(series: MeetingSeries, exceptions: readonly MeetingException[]): CalendarExceptions {
  const startDay = requireDay(series.startsOn);
  const byDate = new Map(exceptions.map((exception) => [exception.occurrenceOn, exception]));
  const result: CalendarExceptions = { excluded: [], moved: [] };
  for (const day of ruleDays(series, startDay, Infinity)) {
    const exception = byDate.get(dateOfDay(day));
    if (!exception) continue;
    const originalStart = `${exception.occurrenceOn}T${series.startTime}`;
    if (exception.kind === "cancelled") {
      result.excluded.push(originalStart);
    } else {
      const moved = occurrenceOn(series, day, exception);
      result.moved.push({ originalStart, start: localDateTimeOf(moved.startsAt, series.timeZone), end: localDateTimeOf(moved.endsAt, series.timeZone) });
    }
  }
  return result;
}

/**
 * "Change the series from this date on": the old series ends the day before the first rule
 * date on or after `fromOn`; a new one starts there with the changes. A count moves with it:
 * the new series keeps what the old one had left. Null when no occurrence is left to change.
 */
export function splitSeriesFrom(series: MeetingSeries, fromOn: string, changes: Partial<Omit<MeetingSeries, "startsOn">>): { before: MeetingSeries | null; after: MeetingSeries } | null {
  const startDay = requireDay(series.startsOn);
  const fromDay = requireDay(fromOn);
  const days = [...ruleDays(series, startDay, Infinity)];
  const firstIndex = days.findIndex((day) => day >= fromDay);
  const first = days[firstIndex];
  if (first === undefined) return null;
  const before = firstIndex === 0 ? null : { ...series, untilOn: dateOfDay(first - 1), occurrenceCount: null };
  const remaining = series.occurrenceCount === null ? null : series.occurrenceCount - firstIndex;
  const after: MeetingSeries = { ...series, untilOn: series.untilOn, occurrenceCount: remaining, ...changes, startsOn: dateOfDay(first) };
  return { before, after };
}
