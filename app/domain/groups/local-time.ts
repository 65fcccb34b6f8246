/**
 * Wall-clock dates and times in a named zone, with Intl only (no library in domain). A local
 * date is "YYYY-MM-DD", a local time "HH:MM". Days are counted on a proleptic calendar via
 * Date.UTC, so month ends and leap years come from the platform, not from our arithmetic.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a real calendar date, or null ("2026-02-30" is not one). */
export function dayNumber(date: string): number | null {
  const match = DATE.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return ms / DAY_MS;
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, as Date and the finder's weekday filter count them. */
export function weekdayOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCDay();
}

export function minutesOfTime(time: string): number | null {
  const match = TIME.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export function timeOfMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** Adds calendar months to a (year, month) pair; month is 0-based. */
export function addMonths(year: number, month: number, months: number): { year: number; month: number } {
  const total = year * 12 + month + months;
  return { year: Math.floor(total / 12), month: ((total % 12) + 12) % 12 };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/**
 * A day number plus whole years. 29 February has no match in a common year: "clamp" gives
 * 28 February (for limits: never past the full years), "roll" gives 1 March (for waiting
 * periods: never before the full years have passed).
 */
export function addYears(day: number, years: number, leapDay: "clamp" | "roll"): number {
  const date = new Date(day * DAY_MS);
  const [year, month, dom] = [date.getUTCFullYear() + years, date.getUTCMonth(), date.getUTCDate()];
  if (dom <= daysInMonth(year, month)) return Date.UTC(year, month, dom) / DAY_MS;
  return Date.UTC(year, month, leapDay === "clamp" ? daysInMonth(year, month) : dom) / DAY_MS;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * A zone the platform knows, spelled as it spells it: Intl takes "asia/shanghai" too, but the
 * calendar files' zone data and other readers look names up exactly. Aliases stay allowed
 * ("Asia/Kolkata" resolves to "Asia/Calcutta" on some platforms and the reverse on others).
 */
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/;

export function isKnownTimeZone(zone: string): boolean {
  // IANA names only: newer platforms also take offsets such as "+08:00", which have no rules.
  if (zone.length > 64 || !IANA_NAME.test(zone)) return false;
  try {
    // Not cached: only zones that pass are worth keeping a formatter for.
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
    return resolved === zone || resolved.toLowerCase() !== zone.toLowerCase();
  } catch {
    return false;
  }
}

/** The wall clock of `instant` in `zone`, as milliseconds of a UTC clock showing the same. */
function wallClockMs(instant: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(instant))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

// Offsets asked for again and again (the same meetings on every page view) are remembered:
// formatToParts is the costly part of expanding a series. Bounded, and only a cache: an
// offset at an instant never changes (short of a tz database update, which needs a restart).
const offsets = new Map<string, number>();
const OFFSETS_KEPT = 200_000;

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
function offsetAt(instant: number, zone: string): number {
  const second = instant - (instant % 1000);
  const key = `${zone}|${second}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const offset = wallClockMs(second, zone) - second;
  if (offsets.size >= OFFSETS_KEPT) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/**
 * The instant a wall-clock time names in a zone, as RFC 5545 reads it: a time that falls in
 * a spring-forward gap moves forward by the gap; a time that happens twice (fall back) is
 * the first of the two.
 */
export function zonedInstant(day: number, minutes: number, zone: string): Date {
  const wall = day * DAY_MS + minutes * 60_000;
  const before = offsetAt(wall - DAY_MS, zone);
  const after = offsetAt(wall + DAY_MS, zone);
  // The same offset a day either side: no change in between (zones change at most twice a year).
  if (before === after) return new Date(wall - before);
  const candidates = [wall - before, wall - after].filter((instant) => wall - offsetAt(instant, zone) === instant);
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  // In a gap: read the wall clock with the offset in force before the change.
  return new Date(wall - before);
}

/** The local date and time of an instant in a zone. */
export function localPartsOf(instant: Date, zone: string): { date: string; time: string; weekday: number } {
  // Through the remembered offsets: a page of slots or meetings reads the same instants every time.
  const ms = instant.getTime();
  const wall = ms + offsetAt(ms, zone);
  const day = Math.floor(wall / DAY_MS);
  return { date: dateOfDay(day), time: timeOfMinutes(Math.floor((wall - day * DAY_MS) / 60_000)), weekday: weekdayOfDay(day) };
}

/**
 * The zone Tongxing's own dates are written in (China Standard Time): statements, leader
 * eligibility, new meetings, and the dates pages show. A series carries its own zone.
 */
export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

/** The local date ("YYYY-MM-DD") of `now` in a zone: "today" as people there count it. */
export function todayIn(zone: string, now: Date): string {
  return localPartsOf(now, zone).date;
}

/** A wall-clock time in a zone, "YYYY-MM-DDTHH:MM", as calendar files write it beside TZID. */
export type LocalDateTime = string;

/** The wall clock of an instant in a zone. */
export function localDateTimeOf(instant: Date, zone: string): LocalDateTime {
  const parts = localPartsOf(instant, zone);
  return `${parts.date}T${parts.time}`;
}

/** "YYYY-MM-DD" plus `days` (negative to go back). */
export function addDays(date: string, days: number): string {
  const day = dayNumber(date);
  if (day === null) throw new RangeError(`not a date: ${date}`);
  return dateOfDay(day + days);
}
