/**
 * The social workers a worker sees on the help pages (migration 0038): whom a request may be
 * assigned to, and the name each goes by (their staff card; null before an admin sets one).
 * Runs as the caller: the database answers only for requests the caller handles.
 */
import { sql } from "kysely";
import { isUuid } from "~/domain/formats/uuid";
import type { MemberTx } from "./rls.server";

export interface Colleague {
  workerId: string;
  displayName: string | null;
}

/** Who may be given this request (the caller among them), by name; empty when the caller does not handle it. */
export async function listRequestColleagues(trx: MemberTx, requestId: string): Promise<Colleague[]> {
  if (!isUuid(requestId)) return [];
  const result = await sql<Colleague>`
    select worker_id as "workerId", display_name as "displayName"
    from private.help_request_colleagues(${requestId}::uuid)
    order by display_name nulls last, worker_id`.execute(trx);
  return result.rows;
}

/**
 * The names of the workers these requests are assigned to, by worker id, for the queue: only
 * assignees who may still be given their request and have a staff card; anyone else the page
 * calls "another social worker".
 */
export async function listAssigneeNames(trx: MemberTx, requestIds: readonly string[]): Promise<Map<string, string>> {
  const ids = requestIds.filter(isUuid);
  if (ids.length === 0) return new Map();
  const result = await sql<{ workerId: string; displayName: string }>`
    select distinct c.worker_id as "workerId", c.display_name as "displayName"
    from public.help_requests r
    cross join lateral private.help_request_colleagues(r.id) c
    where r.id in (${sql.join(ids.map((id) => sql`${id}::uuid`))})
      and c.worker_id = r.assigned_to
      and c.display_name is not null`.execute(trx);
  return new Map(result.rows.map((row) => [row.workerId, row.displayName]));
}
