/**
 * The dashboard's tables as counts in a fixed order, ready for small-count suppression: the
 * same rows and columns every time, whatever the database found (a missing pair is 0).
 */
import { HELP_CATEGORIES, REQUEST_STATUSES, type HelpCategory, type RequestStatus } from "./request-rules";
import { suppressSmallCounts, type ShownTable } from "./small-counts";

export const OPEN_AGES = ["day", "week", "month", "older"] as const;
export type OpenAge = (typeof OPEN_AGES)[number];

/** Requests by category (rows, HELP_CATEGORIES order) and status (columns, REQUEST_STATUSES order), as they may be shown. */
export function requestsTable(counts: readonly { category: HelpCategory; status: RequestStatus; requests: number }[]): ShownTable {
  return suppressSmallCounts(
    HELP_CATEGORIES.map((category) =>
      REQUEST_STATUSES.map((status) => counts.filter((count) => count.category === category && count.status === status).reduce((sum, count) => sum + count.requests, 0)),
    ),
  );
}

/** Open requests by how long they have waited (OPEN_AGES order), one row, as they may be shown. */
export function openByAgeRow(counts: readonly { age: OpenAge; requests: number }[]): ShownTable {
  return suppressSmallCounts([OPEN_AGES.map((age) => counts.find((count) => count.age === age)?.requests ?? 0)]);
}
