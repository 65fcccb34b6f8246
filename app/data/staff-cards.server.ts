/**
 * Staff cards (migration 0020): the name and organisation members see beside a worker's
 * handle. Admins set them, running as themselves (asMember): RLS lets only admins write,
 * staff read their own and members only those of staff they deal with.
 */
import { sql } from "kysely";
import type { StaffCard } from "~/domain/accounts/staff-card";
import { recordAudit } from "./audit.server";
import { callerId, type MemberTx } from "./rls.server";
import { findUserIdByHandleKey } from "./roles.server";

export type SetStaffCardResult = { ok: true } | { ok: false; reason: "unknown-handle" | "not-staff" | "not-allowed" };

export interface StaffCardRow extends StaffCard {
  userId: string;
  handle: string | null;
}

/**
 * An admin sets (or changes) the card of the account with this handle key, which must hold a
 * staff role; recorded in the audit log. "not-allowed" for anyone but an admin.
 */
export async function setStaffCardByHandle(
  trx: MemberTx,
  change: { handleKey: string; card: StaffCard },
): Promise<SetStaffCardResult> {
  const checks = await sql<{ me: string; is_admin: boolean }>`select ${callerId}::text as me, private.is_admin() as is_admin`.execute(trx);
  const caller = checks.rows[0];
  if (!caller?.is_admin) return { ok: false, reason: "not-allowed" };
  const userId = await findUserIdByHandleKey(trx, change.handleKey);
  if (!userId) return { ok: false, reason: "unknown-handle" };
  const grant = await trx.selectFrom("role_grants").select("id").where("user_id", "=", userId).limit(1).executeTakeFirst();
  if (!grant) return { ok: false, reason: "not-staff" };
  const values = { display_name: change.card.displayName, organisation: change.card.organisation, updated_by: caller.me };
  await trx
    .insertInto("staff_cards")
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ ...values, updated_at: sql<Date>`now()` }))
    .execute();
  await recordAudit(trx, "staff_card.set", userId);
  return { ok: true };
}

/** The cards the caller may read (an admin: all), by handle. */
export async function listStaffCards(trx: MemberTx): Promise<StaffCardRow[]> {
  return trx
    .selectFrom("staff_cards as c")
    .leftJoin("profiles as p", "p.id", "c.user_id")
    .select(["c.user_id as userId", "p.handle", "c.display_name as displayName", "c.organisation"])
    .orderBy("p.handle_key")
    .orderBy("c.user_id")
    .execute();
}

/** The caller's own card, for their page: how members see them; null until an admin sets it. */
export async function getOwnStaffCard(trx: MemberTx): Promise<StaffCard | null> {
  const row = await trx
    .selectFrom("staff_cards")
    .select(["display_name as displayName", "organisation"])
    .where("user_id", "=", callerId)
    .executeTakeFirst();
  return row ?? null;
}
