/**
 * What the social workers' dashboard may show, worked out from the database's exact figures
 * before anything leaves the server: every count through the small-count rule, every median
 * and rate only when what it rests on is not few. The loader sends this, never the figures.
 */
import { isUuid } from "../formats/uuid";
import { openByAgeRow, requestsTable } from "./dashboard";
import { SMALL_COUNT, showStatistic, type ShownCount, type ShownTable } from "./small-counts";
import type { HelpCategory, RequestStatus } from "./request-rules";
import type { OpenAge } from "./dashboard";

export const DASHBOARD_PERIODS = [30, 90, 365] as const;
export type DashboardPeriod = (typeof DASHBOARD_PERIODS)[number];

export interface DashboardChoice {
  /** One of the areas the worker serves, or null for all of them. */
  areaId: string | null;
  days: DashboardPeriod;
}

/** The dashboard's GET form (`?area=…&days=…`): anything unknown falls back to all areas and 30 days, never an error. */
export function parseDashboardChoice(query: URLSearchParams, servedAreaIds: readonly string[]): DashboardChoice {
  const area = query.get("area")?.toLowerCase() ?? "";
  const days = Number(query.get("days"));
  return {
    areaId: isUuid(area) && servedAreaIds.includes(area) ? area : null,
    days: (DASHBOARD_PERIODS as readonly number[]).includes(days) ? (days as DashboardPeriod) : DASHBOARD_PERIODS[0],
  };
}

/** Where a period of `days` begins, counted back from `now`. */
export function periodStart(days: DashboardPeriod, now: Date): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

export type RoughDuration = { unit: "minutes" | "hours" | "days" | "weeks"; count: number };

/** A wait in plain words ("about 2 days"): the largest unit that gives at least 1, rounded, never 0. */
export function roughDuration(seconds: number): RoughDuration {
  const minutes = seconds / 60;
  const [unit, count] =
    minutes < 60 ? (["minutes", minutes] as const) : minutes < 24 * 60 ? (["hours", minutes / 60] as const) : minutes < 14 * 24 * 60 ? (["days", minutes / (24 * 60)] as const) : (["weeks", minutes / (7 * 24 * 60)] as const);
  return { unit, count: Math.max(1, Math.round(count)) };
}

/** A count on its own (no line to add up to): shown unless it is small. */
export function showCount(value: number): ShownCount {
  return value < SMALL_COUNT ? { kind: "small" } : { kind: "count", value };
}

/**
 * A share (`part` of `whole`, in whole percent): shown only when neither the part nor the rest
 * is few, since a percentage and either count give the other away.
 */
export function showRate(part: number, whole: number): { kind: "value"; value: number } | { kind: "small" } {
  return part < SMALL_COUNT || whole - part < SMALL_COUNT ? { kind: "small" } : { kind: "value", value: Math.round((part / whole) * 100) };
}

type Shown<T> = { kind: "value"; value: T } | { kind: "small" };

export interface DashboardView {
  requests: ShownTable;
  openByAge: ShownTable;
  responseTimes: { responded: ShownCount; firstResponse: Shown<RoughDuration>; resolved: ShownCount; resolution: Shown<RoughDuration> };
  meetings: { held: ShownCount; present: ShownCount; averagePresent: Shown<number> };
  testing: { places: ShownCount; booked: ShownCount; tested: ShownCount; noShows: ShownCount; use: Shown<number>; noShowRate: Shown<number> };
  activeGroups: { areaId: string; groups: ShownCount }[];
}

/** The database's exact figures (app/data/dashboard.server.ts), for the server side only. */
export interface DashboardFigures {
  requests: readonly { category: HelpCategory; status: RequestStatus; requests: number }[];
  openByAge: readonly { age: OpenAge; requests: number }[];
  responseTimes: { responded: number; medianFirstResponseSeconds: number | null; resolved: number; medianResolutionSeconds: number | null };
  meetings: { meetings: number; present: number };
  testing: { slots: number; places: number; booked: number; noShows: number; tested: number };
  activeGroups: readonly { areaId: string; groups: number }[];
}

function medianShown(seconds: number | null, basedOn: number): Shown<RoughDuration> {
  return seconds === null ? { kind: "small" } : showStatistic(roughDuration(seconds), basedOn);
}

export function dashboardView(figures: DashboardFigures): DashboardView {
  const { responseTimes, meetings, testing } = figures;
  return {
    requests: requestsTable(figures.requests),
    openByAge: openByAgeRow(figures.openByAge),
    responseTimes: {
      responded: showCount(responseTimes.responded),
      firstResponse: medianShown(responseTimes.medianFirstResponseSeconds, responseTimes.responded),
      resolved: showCount(responseTimes.resolved),
      resolution: medianShown(responseTimes.medianResolutionSeconds, responseTimes.resolved),
    },
    meetings: {
      held: showCount(meetings.meetings),
      present: showCount(meetings.present),
      // An average over few meetings, or of few people, points at them.
      averagePresent: meetings.meetings < SMALL_COUNT || meetings.present < SMALL_COUNT ? { kind: "small" } : { kind: "value", value: Math.round((meetings.present / meetings.meetings) * 10) / 10 },
    },
    testing: {
      places: showCount(testing.places),
      booked: showCount(testing.booked),
      tested: showCount(testing.tested),
      noShows: showCount(testing.noShows),
      use: showRate(testing.booked, testing.places),
      noShowRate: showRate(testing.noShows, testing.booked),
    },
    activeGroups: figures.activeGroups.map((area) => ({ areaId: area.areaId, groups: showCount(area.groups) })),
  };
}
