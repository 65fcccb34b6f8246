/**
 * The social workers' dashboard figures (migration 0034): aggregates the database works out
 * over the areas the caller serves, narrowed to one of them when asked. Exact counts, for the
 * staff's pages to pass through app/domain/help/small-counts.ts before showing anything.
 */
import { sql } from "kysely";
import { isUuid } from "~/domain/formats/uuid";
import type { DashboardFigures } from "~/domain/help/dashboard-view";
import type { MemberTx } from "./rls.server";

export type { DashboardFigures };

/** Every figure of the dashboard for the caller's areas (or `areaId` among them), since `since`; one round trip. */
export async function readDashboard(trx: MemberTx, query: { areaId: string | null; since: Date }): Promise<DashboardFigures> {
  const area = query.areaId !== null && isUuid(query.areaId) ? query.areaId : null;
  const sinceDate = query.since.toISOString().slice(0, 10);
  const [requests, openByAge, responseTimes, meetings, testing, activeGroups] = await Promise.all([
    sql<DashboardFigures["requests"][number]>`select category, status, requests from private.help_requests_by_category_and_status(${area}::uuid, ${query.since.toISOString()}::timestamptz)`.execute(trx),
    sql<DashboardFigures["openByAge"][number]>`select age, requests from private.open_help_requests_by_age(${area}::uuid)`.execute(trx),
    sql<DashboardFigures["responseTimes"]>`
      select responded, median_first_response_seconds as "medianFirstResponseSeconds", resolved, median_resolution_seconds as "medianResolutionSeconds"
      from private.help_response_times(${area}::uuid, ${query.since.toISOString()}::timestamptz)`.execute(trx),
    sql<DashboardFigures["meetings"]>`select meetings, present from private.meetings_held(${area}::uuid, ${sinceDate}::date)`.execute(trx),
    sql<DashboardFigures["testing"]>`
      select slots, places, booked, no_shows as "noShows", tested from private.testing_slot_use(${area}::uuid, ${query.since.toISOString()}::timestamptz)`.execute(trx),
    sql<DashboardFigures["activeGroups"][number]>`select area_id as "areaId", groups from private.active_groups_by_area(${area}::uuid) order by area_id`.execute(trx),
  ]);
  return {
    requests: requests.rows,
    openByAge: openByAge.rows,
    responseTimes: responseTimes.rows[0] ?? { responded: 0, medianFirstResponseSeconds: null, resolved: 0, medianResolutionSeconds: null },
    meetings: meetings.rows[0] ?? { meetings: 0, present: 0 },
    testing: testing.rows[0] ?? { slots: 0, places: 0, booked: 0, noShows: 0, tested: 0 },
    activeGroups: activeGroups.rows,
  };
}
