/**
 * The audit log: ids and action names only (never identity data or content). Append-only:
 * the database refuses updates, deletes and truncation from every role.
 */
import { sql } from "kysely";
import type { MemberTx, SystemTx } from "./rls.server";

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
