/**
 * Deleting an account (privileged path): the account and, by cascade, everything it owns;
 * its handle kept taken; its id in the logs made a pseudonym; and the tables that held its
 * rows vacuumed once the deletion has committed.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "./schema";
import type { SystemTx } from "./rls.server";

/**
 * Deletes the account (privileged path): auth.users, and by cascade its profile, keys,
 * recovery keys, sessions, role grants, identity vault and every share from or to it, so
 * the sealed data keys are gone with it (crypto-shredding). Grants it made keep their row
 * with granted_by set to null. Its KDF salt and parameters stay behind under `handleHmac`
 * (private.retired_handles), so the handle answers sign-in as before and stays taken.
 * Returns whether the account existed. Audit and access-log rows stay: call
 * pseudonymiseDeletedAccount in the same transaction.
 */
export async function deleteAccount(trx: SystemTx, userId: string, handleHmac: string): Promise<boolean> {
  await retireHandle(trx, userId, handleHmac);
  const result = await trx.deleteFrom("auth.users").where("id", "=", userId).executeTakeFirst();
  return result.numDeletedRows === 1n;
}

/**
 * Keeps the account's KDF salt and parameters under `handleHmac` before it goes: deleteAccount
 * does it first, and in Supabase mode it is done before Supabase Auth deletes the account
 * (decision 033). Done twice, it keeps the first.
 */
export async function retireHandle(trx: SystemTx, userId: string, handleHmac: string): Promise<void> {
  await trx
    .insertInto("private.retired_handles")
    .columns(["handle_hmac", "kdf_salt", "kdf_opslimit", "kdf_memlimit"])
    .expression((eb) =>
      eb
        .selectFrom("user_keys")
        .select([sql<string>`${handleHmac}::text`.as("handle_hmac"), "kdf_salt", "kdf_opslimit", "kdf_memlimit"])
        .where("user_id", "=", userId),
    )
    .onConflict((oc) => oc.column("handle_hmac").doNothing())
    .execute();
}

/**
 * After deleteAccount: the account's id in the audit and access logs becomes one new
 * random id (private.pseudonymise_deleted_account), so the records stay but no longer lead
 * to the member. Returns how many log rows changed.
 */
export async function pseudonymiseDeletedAccount(trx: SystemTx, userId: string): Promise<number> {
  const result = await sql<{ changed: number }>`select private.pseudonymise_deleted_account(${userId}::uuid) as changed`.execute(trx);
  return Number(result.rows[0]?.changed ?? 0);
}

/**
 * Every table that holds rows of an account or names it: deleted by cascade with
 * auth.users, or rewritten by pseudonymiseDeletedAccount. A database test checks that each
 * table with a foreign key to auth.users is listed.
 */
export const TABLES_WITH_ACCOUNT_ROWS = [
  "auth.users",
  "public.profiles",
  "public.user_keys",
  "private.recovery_keys",
  "private.sessions",
  "public.lock_settings",
  "public.role_grants",
  "public.identity_vaults",
  "public.identity_shares",
  "public.audit_log",
  "public.identity_access_log",
  "public.ended_identity_shares",
  "public.staff_cards",
  "public.groups",
  "public.group_leaders",
  "public.group_memberships",
  "public.leader_applications",
  "public.abstinence_verifications",
  "public.meetings",
  "public.meeting_exceptions",
  "public.meeting_rsvps",
  "public.meeting_attendance",
  "public.group_announcements",
  "public.attendance_statements",
  "public.testing_sites",
  "public.testing_site_addresses",
  "public.testing_slots",
  "public.testing_bookings",
  "public.testing_results",
  "public.test_attestations",
  "public.help_requests",
  "public.help_request_events",
  "public.mentor_applications",
  "public.mentor_profiles",
  "public.mentorships",
  "public.member_blocks",
  "public.talk_requests",
  "public.notifications",
  "public.messages",
  "public.message_key_pins",
  "public.reports",
] as const;

/**
 * VACUUM of those tables once a deletion has committed, so the deleted and rewritten rows
 * are cleared from the tables now rather than whenever autovacuum comes round. VACUUM
 * cannot run inside a transaction, so this takes the database itself; it reads and returns
 * nothing. What it cannot promise (old bytes in free space until overwritten, the
 * write-ahead log, backups) is said on the account page.
 */
export async function vacuumTablesWithAccountRows(db: Kysely<Database>): Promise<void> {
  await sql`vacuum ${sql.join(TABLES_WITH_ACCOUNT_ROWS.map((table) => sql.table(table)))}`.execute(db);
}
