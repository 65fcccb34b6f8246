/**
 * The group finder's filters as they live in the URL, so a search can be bookmarked and
 * shared. Parsing never throws: a value that makes no sense is dropped and reported.
 */
import { areaIdFilter, filterReader, oneOf, pageFilter } from "../navigation/url-filters";
import { ATTENDANCE_MODES, GROUP_LANGUAGES, type AttendanceMode, type GroupLanguage } from "./meeting-fields";

export const TIMES_OF_DAY = ["morning", "afternoon", "evening"] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number];

/**
 * The start times each time of day takes in, as the finder compares them: from `from`, and
 * before `to` (none for the evening, which runs to midnight). Migration 0062's indexes have
 * these bounds.
 */
export const TIME_OF_DAY_BOUNDS: Readonly<Record<TimeOfDay, { from: string; to: string | null }>> = {
  morning: { from: "00:00", to: "12:00" },
  afternoon: { from: "12:00", to: "18:00" },
  evening: { from: "18:00", to: null },
};

export interface FinderFilters {
  areaId: string | null;
  language: GroupLanguage | null;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number | null;
  timeOfDay: TimeOfDay | null;
  format: AttendanceMode | null;
  page: number;
}

export const FINDER_PAGE_SIZE = 20;
export const FINDER_MAX_PAGE = 500;

/**
 * How many groups past the start of a page the finder counts. Counting every group would cost
 * more with each group opened; past this, the page says "more than" and offers the next page.
 */
export const FINDER_COUNT_AHEAD = 200;

/** How many groups there are from the first to FINDER_COUNT_AHEAD past the page's start; `more` when there are others beyond. */
export type FinderTotal = { count: number; more: boolean };

/** The total for a page starting at `offset`, from a count that stopped one past FINDER_COUNT_AHEAD groups beyond it. */
export function finderTotal(counted: number, offset: number): FinderTotal {
  const known = offset + FINDER_COUNT_AHEAD;
  return counted > known ? { count: known, more: true } : { count: counted, more: false };
}

/** The pager: the pages known to exist, and whether there are more past them. */
export function finderPager(total: FinderTotal): { pages: number; more: boolean } {
  return { pages: Math.max(1, Math.ceil(total.count / FINDER_PAGE_SIZE)), more: total.more };
}

type FinderKey = "area" | "language" | "weekday" | "time" | "format" | "page";

export function parseFinderQuery(query: URLSearchParams): { filters: FinderFilters; dropped: FinderKey[] } {
  const { read, dropped } = filterReader<FinderKey>(query);
  // Read in the order finderQueryString writes the keys, and report what was dropped so.
  const areaId = read("area", areaIdFilter);
  const language = read("language", (value) => oneOf(GROUP_LANGUAGES, value));
  const weekday = read("weekday", (value) => (/^[0-6]$/.test(value) ? Number(value) : null));
  const timeOfDay = read("time", (value) => oneOf(TIMES_OF_DAY, value));
  const format = read("format", (value) => oneOf(ATTENDANCE_MODES, value));
  const page = read("page", pageFilter(FINDER_MAX_PAGE));
  return { filters: { areaId, language, weekday, timeOfDay, format, page: page ?? 1 }, dropped };
}

export function finderQueryString(filters: FinderFilters): string {
  const query = new URLSearchParams();
  if (filters.areaId) query.set("area", filters.areaId);
  if (filters.language) query.set("language", filters.language);
  if (filters.weekday !== null) query.set("weekday", String(filters.weekday));
  if (filters.timeOfDay) query.set("time", filters.timeOfDay);
  if (filters.format) query.set("format", filters.format);
  if (filters.page > 1) query.set("page", String(filters.page));
  const text = query.toString();
  return text ? `?${text}` : "";
}

/** "Starting soon" first: the soonest next meeting first, groups with none last, then by name. */
export function startingSoonOrder(a: { nextStartsAt: Date | null; name: string }, b: { nextStartsAt: Date | null; name: string }): number {
  if (a.nextStartsAt && b.nextStartsAt) return a.nextStartsAt.getTime() - b.nextStartsAt.getTime() || a.name.localeCompare(b.name);
  if (a.nextStartsAt) return -1;
  if (b.nextStartsAt) return 1;
  return a.name.localeCompare(b.name);
}
