/**
 * The inactivity lock a member chose (public.lock_settings, migration 0016): no row = none.
 * The member reads and changes their own under RLS; starting a session reads it on the
 * privileged path.
 */
import { sql } from "kysely";
import type { LockChoice } from "~/domain/sessions/session-terms";
import { callerId, type MemberTx, type SystemTx } from "./rls.server";
import { compiledQuery } from "./compiled-query.server";

/** The signed-in member's chosen lock, or null for none. */
export async function getOwnLockChoice(trx: MemberTx): Promise<LockChoice | null> {
  const [row] = await ownLockChoice(trx, {});
  return row?.lock_after_minutes ?? null;
}

const ownLockChoice = compiledQuery((db) => db.selectFrom("lock_settings").select("lock_after_minutes").where("user_id", "=", callerId));

/** Sets (or, with null, removes) the signed-in member's lock. */
export async function chooseOwnLock(trx: MemberTx, minutes: LockChoice | null): Promise<void> {
  if (minutes === null) {
    await trx.deleteFrom("lock_settings").where("user_id", "=", callerId).execute();
    return;
  }
  await trx
    .insertInto("lock_settings")
    .values({ user_id: callerId, lock_after_minutes: minutes })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ lock_after_minutes: minutes, updated_at: sql<Date>`now()` }))
    .execute();
}

/** A member's chosen lock, for a session being started (privileged path). */
export async function findLockChoice(trx: SystemTx, userId: string): Promise<LockChoice | null> {
  const row = await trx.selectFrom("lock_settings").select("lock_after_minutes").where("user_id", "=", userId).executeTakeFirst();
  return row?.lock_after_minutes ?? null;
}
