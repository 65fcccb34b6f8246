/**
 * The audit log: ids and action names only (never identity data or content). Append-only:
 * the database refuses updates, deletes and truncation from every role.
 */
import { sql } from "kysely";
import type { MemberTx, SystemTx } from "./rls.server";
import { keysetLinks } from "~/domain/navigation/keyset-pages";

/** Lowercase words joined by "." or "_", e.g. "account.created", "role.granted". */
export const AUDIT_ACTION = /^[a-z][a-z_.]{1,63}$/;

/** An entry written on the privileged path, where the actor is named explicitly. */
/**
 * The actions a member's request may record, each about a subject the database checks
 * (private.record_audit, last replaced by migration 0020): a new action must be added there too.
 */
export type MemberAuditAction =
  | "identity.saved"
  | "identity.deleted"
  | "identity.shared"
  | "identity.share_revoked"
  | "role.granted"
  | "role.revoked"
  | "staff_card.set";

export interface SystemAuditEntry {
  action: string;
  actorId?: string | null;
  subjectId?: string | null;
}

function checkAction(action: string): void {
  if (!AUDIT_ACTION.test(action)) throw new TypeError(`audit action must match ${AUDIT_ACTION}: ${action}`);
}

/**
 * Records an action and returns the entry's id.
 *
 * - `recordAudit(memberTrx, action, subjectId?)`: through private.record_audit, with the
 *   member as actor; the database allows only the actions on its allow-list, about subjects
 *   the member may speak of (migration 0012), and raises otherwise.
 * - `recordAudit(systemTrx, { action, actorId, subjectId })`: privileged path only, naming
 *   the actor (e.g. the account just created or signed in).
 */
export async function recordAudit(trx: MemberTx, action: MemberAuditAction, subjectId?: string | null): Promise<string>;
export async function recordAudit(trx: SystemTx, entry: SystemAuditEntry): Promise<string>;
export async function recordAudit(
  trx: MemberTx | SystemTx,
  actionOrEntry: string | SystemAuditEntry,
  subjectId?: string | null,
): Promise<string> {
  if (typeof actionOrEntry === "string") {
    checkAction(actionOrEntry);
    const result = await sql<{ id: string }>`select private.record_audit(${actionOrEntry}, ${subjectId ?? null}::uuid) as id`.execute(trx);
    const id = result.rows[0]?.id;
    if (id === undefined) throw new Error("record_audit returned no id");
    return String(id);
  }
  checkAction(actionOrEntry.action);
  const row = await trx
    .insertInto("audit_log")
    .values({
      action: actionOrEntry.action,
      actor_id: actionOrEntry.actorId ?? null,
      subject_id: actionOrEntry.subjectId ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface AuditEntry {
  id: string;
  occurredAt: Date;
  actorId: string | null;
  action: string;
  subjectId: string | null;
}

export interface AuditSearchQuery {
  action: string | null;
  since: Date | null;
  until: Date | null;
  /** Entries older (or newer) than this entry; the newest when null. */
  page: { direction: "older" | "newer"; entryId: string } | null;
  limit: number;
}

/** A page of entries, newest first, with the entry ids the next (older) and previous (newer) pages start after. */
export interface AuditSearchPage {
  entries: AuditEntry[];
  older: string | null;
  newer: string | null;
}

/**
 * Admins' search of the audit log (RLS: anyone else reads no rows), newest first, a page at a
 * time. Pages go by (occurred_at, id) from an entry, not by OFFSET, so a page costs the same
 * deep in the log and entries written meanwhile move nothing (migration 0037's indexes).
 */
export async function searchAuditLog(trx: MemberTx, query: AuditSearchQuery): Promise<AuditSearchPage> {
  const newer = query.page?.direction === "newer";
  let select = trx.selectFrom("audit_log").select(["id", "occurred_at as occurredAt", "actor_id as actorId", "action", "subject_id as subjectId"]);
  if (query.action !== null) select = select.where("action", "=", query.action);
  if (query.since !== null) select = select.where("occurred_at", ">=", query.since);
  if (query.until !== null) select = select.where("occurred_at", "<", query.until);
  if (query.page !== null) {
    const from = sql`(select a.occurred_at, a.id from public.audit_log a where a.id = ${query.page.entryId}::bigint)`;
    select = select.where(newer ? sql<boolean>`(occurred_at, id) > ${from}` : sql<boolean>`(occurred_at, id) < ${from}`);
  }
  const order = newer ? "asc" : "desc";
  const rows = await select.orderBy("occurred_at", order).orderBy("id", order).limit(query.limit + 1).execute();
  const more = rows.length > query.limit;
  const shown = rows.slice(0, query.limit).map((row) => ({ ...row, id: String(row.id) }));
  const entries = newer ? shown.reverse() : shown;
  // The log's end is its oldest entry.
  const from = query.page && { toward: newer ? ("start" as const) : ("end" as const), anchor: query.page.entryId };
  const { back, forward } = keysetLinks(entries.map((entry) => entry.id), from, more);
  return { entries, older: forward, newer: back };
}
