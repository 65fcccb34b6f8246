/**
 * The social workers' dashboard figures (migrations 0034 and 0056): aggregates the database works out
 * over the areas the caller serves, narrowed to one of them when asked. Exact counts, for the
 * staff's pages to pass through app/domain/help/small-counts.ts before showing anything.
 */
import { sql } from "kysely";
import { isUuid } from "~/domain/formats/uuid";
import type { DashboardFigures } from "~/domain/help/dashboard-view";
import type { MemberTx } from "./rls.server";

export type { DashboardFigures };

/** Every figure of the dashboard for the caller's areas (or `areaId` among them), since `since`; one statement (migration 0056). */
export async function readDashboard(trx: MemberTx, query: { areaId: string | null; since: Date }): Promise<DashboardFigures> {
  const area = query.areaId !== null && isUuid(query.areaId) ? query.areaId : null;
  const result = await sql<{ figures: DashboardFigures }>`select private.dashboard_figures(${area}::uuid, ${query.since.toISOString()}::timestamptz) as figures`.execute(trx);
  const figures = result.rows[0]?.figures;
  if (!figures) throw new Error("dashboard figures: no answer");
  return figures;
}
