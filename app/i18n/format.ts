/**
 * Dates as members read them. One fixed time zone (China Standard Time) so that
 * the server's rendering and the browser's agree. Formatters are made once per language
 * and style: making an Intl.DateTimeFormat costs far more than using one, and a table of
 * fifty dates would otherwise make fifty.
 */
import { DEFAULT_TIME_ZONE } from "~/domain/groups/local-time";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(language: string, style: "date" | "dateTime"): Intl.DateTimeFormat {
  const key = `${language}|${style}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(language, { dateStyle: "medium", ...(style === "dateTime" ? { timeStyle: "short" } : {}), timeZone: DEFAULT_TIME_ZONE });
    formatters.set(key, made);
  }
  return made;
}

export function formatDate(value: Date | string, language: string): string {
  return formatter(language, "date").format(new Date(value));
}

export function formatDateTime(value: Date | string, language: string): string {
  return formatter(language, "dateTime").format(new Date(value));
}

/**
 * The words made for a key, kept: lists of groups and meetings show the same few meetings and
 * languages to everyone, and each Intl call costs microseconds a row. Forgotten all at once
 * when 2,000 are kept, so that a long-running server's memory stays bounded.
 */
function remembered(kept: Map<string, string>, key: string, make: () => string): string {
  let words = kept.get(key);
  if (words === undefined) {
    words = make();
    if (kept.size >= 2_000) kept.clear();
    kept.set(key, words);
  }
  return words;
}

/** An instant as ISO 8601: a loader's strings already are (toISOString), so they are not parsed and written again. */
export const isoInstant = (value: Date | string) => (typeof value === "string" ? value : value.toISOString());

const meetingFormatters = new Map<string, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();
const meetingTimes = new Map<string, string>();

/** A meeting's day and times, e.g. "1月12日周二 19:30–21:00" or "Tue, January 12 19:30–21:00". */
export function formatMeetingTime(occurrence: { startsAt: Date | string; endsAt: Date | string }, language: string): string {
  const key = `${language}|${isoInstant(occurrence.startsAt)}|${isoInstant(occurrence.endsAt)}`;
  return remembered(meetingTimes, key, () => formatMeetingTimeAfresh(occurrence, language));
}

function formatMeetingTimeAfresh(occurrence: { startsAt: Date | string; endsAt: Date | string }, language: string): string {
  let made = meetingFormatters.get(language);
  if (!made) {
    made = {
      day: new Intl.DateTimeFormat(language, { weekday: "short", month: "long", day: "numeric", timeZone: DEFAULT_TIME_ZONE }),
      time: new Intl.DateTimeFormat(language, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: DEFAULT_TIME_ZONE }),
    };
    meetingFormatters.set(language, made);
  }
  const startsAt = new Date(occurrence.startsAt);
  // Two times joined, not formatRange: the same words, made about ten times faster (a list of meetings pays it per row).
  return `${made.day.format(startsAt)} ${made.time.format(startsAt)}–${made.time.format(new Date(occurrence.endsAt))}`;
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** A local date ("YYYY-MM-DD", already in the place's own zone) as a day: "12月5日周六", "Sat, December 5". */
export function formatDay(date: string, language: string): string {
  let made = dayFormatters.get(language);
  if (!made) {
    made = new Intl.DateTimeFormat(language, { weekday: "short", month: "long", day: "numeric", timeZone: "UTC" });
    dayFormatters.set(language, made);
  }
  return made.format(new Date(`${date}T00:00:00Z`));
}

const listFormatters = new Map<string, Intl.ListFormat>();
const lists = new Map<string, string>();

/** A list as the language writes one: "普通话、粤语和英语", "Mandarin, Cantonese and English". */
export function formatList(items: readonly string[], language: string): string {
  return remembered(lists, `${language}\u0000${items.join("\u0000")}`, () => {
    let made = listFormatters.get(language);
    if (!made) {
      made = new Intl.ListFormat(language, { style: "long", type: "conjunction" });
      listFormatters.set(language, made);
    }
    return made.format(items);
  });
}
