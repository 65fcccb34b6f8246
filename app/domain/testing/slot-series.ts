/**
 * Testing slots at a partner site. A social worker opens a series: on chosen weekdays between
 * two dates, slots of a fixed length back to back from a start time while a whole slot fits
 * before the end time, each for up to `capacity` people. Times are wall-clock times in the
 * site's zone; a single slot is a series of one day.
 */
import { dateOfDay, dayNumber, isKnownTimeZone, localDateTimeOf, minutesOfTime, timeOfMinutes, weekdayOfDay, zonedInstant } from "~/domain/groups/local-time";

export const SLOT_MINUTES = { min: 5, max: 240 } as const;
export const CAPACITY_MAX = 50;
const CAPACITY = { min: 1, max: CAPACITY_MAX } as const;
/** The last date may be at most this many days after the first. */
export const SLOT_SERIES_MAX_DAYS = 366;
/** One series makes at most this many slots (rows the database writes in one go). */
export const SLOT_SERIES_MAX_SLOTS = 5000;

export interface SlotSeries {
  /** 0 = Sunday … 6 = Saturday. */
  weekdays: number[];
  startTime: string;
  endTime: string;
  slotMinutes: number;
  capacity: number;
  startsOn: string;
  endsOn: string;
  timeZone: string;
}

export interface Slot {
  date: string;
  startTime: string;
  startsAt: Date;
  endsAt: Date;
}

export type SlotSeriesProblem =
  | { field: "weekdays"; problem: "required" | "range" | "format" }
  | { field: "startTime"; problem: "required" | "format" }
  | { field: "endTime"; problem: "required" | "format" | "order" }
  | { field: "slotMinutes"; problem: "range"; min: number; max: number }
  | { field: "slotMinutes"; problem: "tooLong"; minutes: number }
  | { field: "capacity"; problem: "range"; min: number; max: number }
  | { field: "startsOn"; problem: "required" | "format" | "past" }
  | { field: "endsOn"; problem: "required" | "format" | "order" }
  | { field: "endsOn"; problem: "tooLong"; days: number }
  | { field: "endsOn"; problem: "tooMany"; max: number; slots: number }
  | { field: "timeZone"; problem: "unknown" };

function isIntegerIn(value: number, range: { min: number; max: number }): boolean {
  return Number.isInteger(value) && value >= range.min && value <= range.max;
}

/** "required" for an empty field, "format" for one that holds no valid value. */
function fieldProblem(text: string): "required" | "format" {
  return text.trim() === "" ? "required" : "format";
}

function weekdaysProblem(weekdays: readonly number[]): "required" | "range" | "format" | null {
  if (weekdays.length === 0) return "required";
  if (weekdays.some((weekday) => !isIntegerIn(weekday, { min: 0, max: 6 }))) return "range";
  return new Set(weekdays).size === weekdays.length ? null : "format";
}

/** Start minutes of each slot of a day, from the start time while a whole slot fits before the end. */
function slotMinutesOfDay(startMinutes: number, endMinutes: number, slotMinutes: number): number[] {
  const starts: number[] = [];
  for (let minutes = startMinutes; minutes + slotMinutes <= endMinutes; minutes += slotMinutes) starts.push(minutes);
  return starts;
}

/** The days from first to last (inclusive) that fall on one of the weekdays. */
function seriesDays(firstDay: number, lastDay: number, weekdays: readonly number[]): number[] {
  const days: number[] = [];
  for (let day = firstDay; day <= lastDay; day += 1) if (weekdays.includes(weekdayOfDay(day))) days.push(day);
  return days;
}

/** Every problem with a series a social worker entered; `today` is the site's local date. Never throws. */
export function checkSlotSeries(series: SlotSeries, today: string): SlotSeriesProblem[] {
  const problems: SlotSeriesProblem[] = [];
  const weekdays = weekdaysProblem(series.weekdays);
  if (weekdays !== null) problems.push({ field: "weekdays", problem: weekdays });

  const startMinutes = minutesOfTime(series.startTime);
  const endMinutes = minutesOfTime(series.endTime);
  if (startMinutes === null) problems.push({ field: "startTime", problem: fieldProblem(series.startTime) });
  if (endMinutes === null) problems.push({ field: "endTime", problem: fieldProblem(series.endTime) });
  else if (startMinutes !== null && endMinutes <= startMinutes) problems.push({ field: "endTime", problem: "order" });
  const openMinutes = startMinutes !== null && endMinutes !== null && endMinutes > startMinutes ? endMinutes - startMinutes : null;

  if (!isIntegerIn(series.slotMinutes, SLOT_MINUTES)) problems.push({ field: "slotMinutes", problem: "range", ...SLOT_MINUTES });
  else if (openMinutes !== null && series.slotMinutes > openMinutes) problems.push({ field: "slotMinutes", problem: "tooLong", minutes: openMinutes });
  if (!isIntegerIn(series.capacity, CAPACITY)) problems.push({ field: "capacity", problem: "range", ...CAPACITY });

  const firstDay = dayNumber(series.startsOn);
  const lastDay = dayNumber(series.endsOn);
  const todayDay = dayNumber(today);
  if (firstDay === null) problems.push({ field: "startsOn", problem: fieldProblem(series.startsOn) });
  else if (todayDay !== null && firstDay < todayDay) problems.push({ field: "startsOn", problem: "past" });
  if (lastDay === null) problems.push({ field: "endsOn", problem: fieldProblem(series.endsOn) });
  else if (firstDay !== null && lastDay < firstDay) problems.push({ field: "endsOn", problem: "order" });
  else if (firstDay !== null && lastDay - firstDay > SLOT_SERIES_MAX_DAYS) problems.push({ field: "endsOn", problem: "tooLong", days: SLOT_SERIES_MAX_DAYS });

  if (!isKnownTimeZone(series.timeZone)) problems.push({ field: "timeZone", problem: "unknown" });
  // Counted only once everything it depends on is sound (and the range is bounded).
  if (problems.length > 0 || firstDay === null || lastDay === null || startMinutes === null || endMinutes === null) return problems;
  const slots = seriesDays(firstDay, lastDay, series.weekdays).length * slotMinutesOfDay(startMinutes, endMinutes, series.slotMinutes).length;
  if (slots > SLOT_SERIES_MAX_SLOTS) problems.push({ field: "endsOn", problem: "tooMany", max: SLOT_SERIES_MAX_SLOTS, slots });
  return problems;
}

function requireDay(date: string): number {
  const day = dayNumber(date);
  if (day === null) throw new RangeError("slot series must pass checkSlotSeries first");
  return day;
}

function requireMinutes(time: string): number {
  const minutes = minutesOfTime(time);
  if (minutes === null) throw new RangeError("slot series must pass checkSlotSeries first");
  return minutes;
}

/**
 * Every slot of a series that passed checkSlotSeries, in start order. A slot whose wall-clock
 * start does not exist that day (a spring-forward gap) is left out: it would start at the
 * same instant as a later one.
 */
export function expandSlots(series: SlotSeries): Slot[] {
  const starts = slotMinutesOfDay(requireMinutes(series.startTime), requireMinutes(series.endTime), series.slotMinutes);
  const slots: Slot[] = [];
  for (const day of seriesDays(requireDay(series.startsOn), requireDay(series.endsOn), series.weekdays)) {
    const date = dateOfDay(day);
    for (const minutes of starts) {
      const startTime = timeOfMinutes(minutes);
      const startsAt = zonedInstant(day, minutes, series.timeZone);
      if (localDateTimeOf(startsAt, series.timeZone) !== `${date}T${startTime}`) continue;
      slots.push({ date, startTime, startsAt, endsAt: new Date(startsAt.getTime() + series.slotMinutes * 60_000) });
    }
  }
  return slots.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** One slot on one date, as a series (an unreal date or time leaves problems for checkSlotSeries). */
export function singleSlot(date: string, startTime: string, slotMinutes: number, capacity: number, timeZone: string): SlotSeries {
  const day = dayNumber(date);
  const startMinutes = minutesOfTime(startTime);
  // An end past midnight is no "HH:MM": checkSlotSeries then reports the end time.
  const endTime = startMinutes === null ? "" : timeOfMinutes(startMinutes + slotMinutes);
  return { weekdays: day === null ? [] : [weekdayOfDay(day)], startTime, endTime, slotMinutes, capacity, startsOn: date, endsOn: date, timeZone };
}
