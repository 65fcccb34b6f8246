/**
 * A member's own data export and account deletion, as they reach the identity vault, its
 * shares and the access log, on every engine.
 * Each test makes the accounts whose state it changes, so tests do not depend on one another;
 * the shared personas are only read or used as recipients (tests/support/identity-fixture.ts).
 */

import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { deleteAccount, pseudonymiseDeletedAccount, TABLES_WITH_ACCOUNT_ROWS, vacuumTablesWithAccountRows } from "~/data/account-deletion.server";
import { getOwnAccount } from "~/data/accounts.server";
import { recordAudit } from "~/data/audit.server";
import { exportOwnData } from "~/data/own-data-export.server";
import { listOwnEndedShares } from "~/data/identity.server";
import { listOwnAccessLog } from "~/data/identity-openings.server";
import { asMember, asSystem } from "~/data/rls.server";
import { createSession } from "~/data/sessions.server";
import { grantTestRole, probe } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";
import { identityFixture, inDays } from "../support/identity-fixture";

describeOnEveryEngine("identity export and deletion", { personas: true }, ({ db, p }) => {
  const { newOwner, share, open } = identityFixture(db, p);

  // --- export and deletion -------------------------------------------------------------

  describe("export and account deletion", () => {
    it("exportOwnData returns everything the member owns, ciphertext as stored", async () => {
      const { owner, vault } = await newOwner();
      await asSystem(db, "test: clean since", (trx) => trx.updateTable("profiles").set({ clean_since: "2024-02-29" }).where("id", "=", owner.id).execute());
      await grantTestRole(db, owner.id, "mentor", null);
      const shareId = await share(owner, p.socialWorkerX);
      await open(p.socialWorkerX, shareId);
      await asSystem(db, "test: audit", (trx) => recordAudit(trx, { action: "identity.saved", actorId: owner.id, subjectId: owner.id }));

      const data = await asMember(db, owner.id, (trx) => exportOwnData(trx));
      expect(data).toMatchObject({
        profile: { userId: owner.id, handle: owner.handle, areaId: p.areas.districtX, cleanSince: "2024-02-29" },
        keys: { publicKey: expect.any(String) },
        roles: [{ role: "mentor", areaId: null }],
        identityVault: vault,
        identityShares: [{ id: shareId, recipientId: p.socialWorkerX.id, recipientHandle: p.socialWorkerX.handle, expired: false }],
        identityAccessLog: [{ accessorHandle: p.socialWorkerX.handle, shareId }],
        // Members cannot read the audit log.
        auditLog: [],
      });
      expect(JSON.parse(JSON.stringify(data))).toMatchObject({ identityVault: vault });
      // No key material: nothing to guess the passphrase from offline.
      expect(Object.keys(data?.keys ?? {})).toEqual(["publicKey"]);
      const own = await asMember(db, owner.id, (trx) => getOwnAccount(trx));
      for (const secret of [own?.wrappedPrivateKey, own?.kdfSalt]) expect(JSON.stringify(data)).not.toContain(secret);

      const adminData = await asMember(db, p.admin.id, async (trx) => {
        await recordAudit(trx, "role.granted", p.memberB.id);
        return exportOwnData(trx);
      });
      expect(adminData?.auditLog.map((a) => a.action)).toContain("role.granted");
      expect(adminData?.auditLog.every((a) => a.actorId === p.admin.id || a.subjectId === p.admin.id)).toBe(true);
      expect(adminData?.identityVault).toBeNull();
    });

    /**
     * An account that is both an owner (vault, a share it made, opened by X) and a recipient
     * (a social worker with a share from a friend, which it opened).
     */
    async function ownerAndRecipientToDelete() {
      const { owner: doomed } = await newOwner();
      await grantTestRole(db, doomed.id, "social_worker", p.areas.districtX);
      const { owner: friend } = await newOwner();
      const madeShare = await share(doomed, p.socialWorkerX);
      const receivedShare = await share(friend, doomed);
      await open(p.socialWorkerX, madeShare);
      await open(doomed, receivedShare);
      return { doomed, friend, madeShare, receivedShare };
    }

    it("deleteAccount removes every row the account owns in every table; audit and access-log rows keep bare ids", async () => {
      const { doomed, friend, receivedShare } = await ownerAndRecipientToDelete();
      await asSystem(db, "test: fixture", async (trx) => {
        await createSession(trx, doomed.id, randomUUID().replaceAll("-", "").padEnd(64, "0"), inDays(1));
        await trx.insertInto("role_grants").values({ user_id: p.memberB.id, role: "leader", area_id: p.areas.districtY, granted_by: doomed.id }).execute();
        await recordAudit(trx, { action: "account.created", actorId: doomed.id, subjectId: doomed.id });
        // An ask to talk of the account's, told to a friend, and one of the friend's told to the account.
        for (const [asker, told] of [[doomed, friend], [friend, doomed]] as const) {
          const asked = await trx.insertInto("talk_requests").values({ member_id: asker.id, alerted_count: 1 } as never).returning("id").executeTakeFirstOrThrow();
          await trx.insertInto("notifications").values({ recipient_id: told.id, kind: "talk_request", talk_request_id: asked.id } as never).execute();
        }
      });

      const retiredAs = randomBytes(32).toString("base64url");
      expect(await asSystem(db, "test: delete account", (trx) => deleteAccount(trx, doomed.id, retiredAs))).toBe(true);
      expect(await asSystem(db, "test: delete account", (trx) => deleteAccount(trx, doomed.id, retiredAs))).toBe(false);

      const left = await asSystem(db, "test: count rows", async (trx) => {
        const count = async (table: string, column: string) =>
          Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} = ${doomed.id}`.execute(trx)).rows[0]?.n);
        // Every column that references auth.users, whatever table it is in.
        const references = await sql<{ col: string }>`
          select n.nspname || '.' || c.relname || '.' || a.attname as col
          from pg_constraint k
            join pg_class c on c.oid = k.conrelid
            join pg_namespace n on n.oid = c.relnamespace
            join pg_attribute a on a.attrelid = c.oid and a.attnum = k.conkey[1]
          where k.contype = 'f' and k.confrelid = 'auth.users'::regclass
          order by 1`.execute(trx);
        const byReference: Record<string, number> = {};
        for (const { col } of references.rows) {
          const [schema, table, column] = col.split(".");
          byReference[col] = await count(`${schema}.${table}`, column ?? "");
        }
        return {
          byReference,
          users: await count("auth.users", "id"),
          sharesOfFriend: (await trx.selectFrom("identity_shares").select("id").where("owner_id", "=", friend.id).execute()).length,
          grantedByNulled: (await trx.selectFrom("role_grants").select("granted_by").where("user_id", "=", p.memberB.id).where("role", "=", "leader").executeTakeFirst())?.granted_by,
          audit: await count("public.audit_log", "actor_id"),
          accessLogAsOwner: await count("public.identity_access_log", "owner_id"),
          accessLogAsAccessor: await count("public.identity_access_log", "accessor_id"),
        };
      });
      expect(left.byReference).toEqual({
        "private.recovery_keys.user_id": 0,
        "private.sessions.user_id": 0,
        "public.abstinence_verifications.member_id": 0,
        "public.abstinence_verifications.verified_by": 0,
        "public.ended_identity_shares.owner_id": 0,
        "public.ended_identity_shares.recipient_id": 0,
        "public.group_leaders.added_by": 0,
        "public.group_leaders.member_id": 0,
        "public.group_memberships.decided_by": 0,
        "public.group_memberships.member_id": 0,
        "public.groups.created_by": 0,
        "public.group_announcements.author_id": 0,
        "public.attendance_statements.member_id": 0,
        "public.meeting_attendance.marked_by": 0,
        "public.meeting_attendance.member_id": 0,
        "public.identity_shares.owner_id": 0,
        "public.identity_shares.recipient_id": 0,
        "public.identity_vaults.user_id": 0,
        "public.leader_applications.decided_by": 0,
        "public.leader_applications.member_id": 0,
        "public.lock_settings.user_id": 0,
        "public.meeting_exceptions.created_by": 0,
        "public.meeting_rsvps.member_id": 0,
        "public.meetings.created_by": 0,
        "public.profiles.id": 0,
        "public.role_grants.granted_by": 0,
        "public.role_grants.user_id": 0,
        "public.staff_cards.updated_by": 0,
        "public.staff_cards.user_id": 0,
        "public.testing_bookings.member_id": 0,
        "public.test_attestations.member_id": 0,
        "public.help_requests.member_id": 0,
        "public.help_requests.assigned_to": 0,
        "public.help_request_events.author_id": 0,
        "public.help_request_events.assignee_id": 0,
        "public.mentor_applications.member_id": 0,
        "public.mentor_applications.decided_by": 0,
        "public.mentor_profiles.member_id": 0,
        "public.mentor_profiles.suspended_by": 0,
        "public.mentor_profiles.approved_by": 0,
        "public.mentorships.mentee_id": 0,
        "public.mentorships.mentor_id": 0,
        "public.member_blocks.blocker_id": 0,
        "public.member_blocks.blocked_id": 0,
        "public.testing_results.recorded_by": 0,
        "public.testing_site_addresses.updated_by": 0,
        "public.testing_sites.created_by": 0,
        "public.testing_slots.created_by": 0,
        "public.user_keys.user_id": 0,
        "public.talk_requests.member_id": 0,
        "public.notifications.recipient_id": 0,
        "public.messages.sender_id": 0,
        "public.messages.recipient_id": 0,
        "public.message_key_pins.owner_id": 0,
        "public.reports.reporter_id": 0,
        "public.reports.reported_id": 0,
        "public.reports.closed_by": 0,
      });
      expect(left).toMatchObject({ users: 0, sharesOfFriend: 0, grantedByNulled: null, audit: 1, accessLogAsOwner: 1, accessLogAsAccessor: 1 });
      // The friend's notification of the account's ask went with it; the friend's own ask stays.
      const friendsTalk = await asSystem(db, "test: friend talk rows", async (trx) => ({
        notifications: (await trx.selectFrom("notifications").select("id").where("recipient_id", "=", friend.id).execute()).length,
        asks: (await trx.selectFrom("talk_requests").select("id").where("member_id", "=", friend.id).execute()).length,
      }));
      expect(friendsTalk).toEqual({ notifications: 0, asks: 1 });

      // The friend still sees that the deleted account opened their vault, without a handle.
      const friendLog = await asMember(db, friend.id, (trx) => listOwnAccessLog(trx));
      expect(friendLog).toEqual([{ accessorHandle: null, accessorCard: null, purpose: "area_support", accessedAt: expect.any(Date), shareId: receivedShare }]);
      // …and that the share to it ended, with no handle left and no key.
      expect(await asMember(db, friend.id, (trx) => listOwnEndedShares(trx))).toMatchObject([{ id: receivedShare, recipientHandle: null }]);
    });

    it("after deletion the account's id in both logs becomes one new random id: the records stay, leading nowhere; then the tables are vacuumed", async () => {
      const { doomed, friend, madeShare, receivedShare } = await ownerAndRecipientToDelete();
      await asSystem(db, "test: fixture", (trx) => recordAudit(trx, { action: "account.created", actorId: doomed.id, subjectId: doomed.id }));
      const mentions = (id: string) =>
        asSystem(db, "test: count mentions", async (trx) => ({
          audit: Number((await sql<{ n: string }>`select count(*) as n from public.audit_log where ${id}::uuid in (actor_id, subject_id)`.execute(trx)).rows[0]?.n),
          access: Number((await sql<{ n: string }>`select count(*) as n from public.identity_access_log where ${id}::uuid in (owner_id, accessor_id)`.execute(trx)).rows[0]?.n),
        }));
      expect(await mentions(doomed.id)).toEqual({ audit: 1, access: 2 });

      // Refused while the account exists; nobody but the privileged path may call it.
      await expect(asSystem(db, "test: too early", (trx) => pseudonymiseDeletedAccount(trx, doomed.id))).rejects.toThrow(/still exists/);
      for (const who of [doomed, p.admin]) {
        expect(await probe(db, p, who, (trx) => sql`select private.pseudonymise_deleted_account(${friend.id}::uuid)`.execute(trx)), who.name).toBe("refused");
      }

      const changed = await asSystem(db, "test: delete account", async (trx) => {
        await deleteAccount(trx, doomed.id, randomBytes(32).toString("base64url"));
        return pseudonymiseDeletedAccount(trx, doomed.id);
      });
      expect(changed).toBe(3);
      expect(await mentions(doomed.id)).toEqual({ audit: 0, access: 0 });
      const pseudonyms = await asSystem(db, "test: read logs", async (trx) => ({
        audit: await trx.selectFrom("audit_log").select(["actor_id", "subject_id"]).where("action", "=", "account.created").where("actor_id", "not in", [p.admin.id]).orderBy("id", "desc").limit(1).execute(),
        access: await trx.selectFrom("identity_access_log").select(["owner_id", "accessor_id", "share_id"]).where("share_id", "in", [madeShare, receivedShare]).orderBy("share_id").execute(),
      }));
      const [created] = pseudonyms.audit;
      const pseudonym = created?.actor_id;
      expect(pseudonym).toMatch(/^[0-9a-f-]{36}$/);
      expect(created?.subject_id).toBe(pseudonym);
      // One pseudonym for the account on every row, the other parties unchanged.
      const expected = [
        { share_id: madeShare, owner_id: pseudonym, accessor_id: p.socialWorkerX.id },
        { share_id: receivedShare, owner_id: friend.id, accessor_id: pseudonym },
      ].sort((a, b) => a.share_id.localeCompare(b.share_id));
      expect(pseudonyms.access).toEqual(expected);
      expect(await asMember(db, friend.id, (trx) => listOwnAccessLog(trx))).toEqual([
        { accessorHandle: null, accessorCard: null, purpose: "area_support", accessedAt: expect.any(Date), shareId: receivedShare },
      ]);
      // The logs stay append-only for every other update.
      await expect(asSystem(db, "test: tamper", (trx) => sql`update public.identity_access_log set purpose = 'x'`.execute(trx))).rejects.toThrow(/append-only/);
      await expect(asSystem(db, "test: tamper", (trx) => sql`update public.audit_log set action = 'x.y'`.execute(trx))).rejects.toThrow(/append-only/);

      await vacuumTablesWithAccountRows(db);
    });

    it("TABLES_WITH_ACCOUNT_ROWS names every table with a foreign key to auth.users, and both logs", async () => {
      const referencing = await asSystem(db, "test: find references", async (trx) =>
        (
          await sql<{ name: string }>`
            select distinct n.nspname || '.' || c.relname as name
            from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
            where k.contype = 'f' and k.confrelid = 'auth.users'::regclass`.execute(trx)
        ).rows.map((row) => row.name),
      );
      const listed: readonly string[] = TABLES_WITH_ACCOUNT_ROWS;
      for (const table of [...referencing, "auth.users", "public.audit_log", "public.identity_access_log"]) expect(listed, table).toContain(table);
    });
  });
});
