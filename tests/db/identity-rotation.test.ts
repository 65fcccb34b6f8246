/**
 * Revoking a share of the identity vault rotates it (decision 003), and ended shares stay
 * listed as ended with no key left, on every engine.
 * Each test makes the accounts whose state it changes, so tests do not depend on one another;
 * the shared personas are only read or used as recipients (tests/support/identity-fixture.ts).
 */

import { randomUUID } from "node:crypto";
import { sql, type Transaction } from "kysely";
import { describe, expect, it } from "vitest";
import { createShare, deleteEndedSharesOlderThan, deleteExpiredShares, deleteOwnVault, deleteSharesTo, listOwnEndedShares, listOwnShares, revokeShare, saveOwnVault } from "~/data/identity.server";
import { asMember, asSystem } from "~/data/rls.server";
import type { Database } from "~/data/schema";
import { fakeOwnerKey, fakeSealedKey, fakeVaultCiphertext, probe, type Persona } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";
import { allSharesForMe, identityFixture, inDays, newVault } from "../support/identity-fixture";

describeOnEveryEngine("identity rotation", { personas: true }, ({ db, p }) => {
  const { newSocialWorker, newOwner, share, expire, stored, open } = identityFixture(db, p);

  // --- revoking rotates ----------------------------------------------------------------

  describe("revoking a share rotates the vault", () => {
    it("refuses a wrong version, a missing, extra, duplicate or foreign re-seal, changing nothing; then applies a correct rotation at once", async () => {
      const { owner } = await newOwner();
      const third = await newSocialWorker();
      const second = await newSocialWorker();
      const revoked = await share(owner, p.socialWorkerX);
      const kept1 = await share(owner, second);
      const kept2 = await share(owner, third);
      const foreign = await share((await newOwner()).owner, p.socialWorkerX);
      const before = await stored(owner.id);
      const reseal = (shareId: string) => ({ shareId, sealedKey: fakeSealedKey() });
      const rotation = (newKeyVersion: number, reseals: { shareId: string; sealedKey: string }[]) => ({
        shareId: revoked,
        ciphertext: fakeVaultCiphertext(),
        ownerSealedKey: fakeOwnerKey(),
        newKeyVersion,
        reseals,
      });
      const refusals = [
        rotation(3, [reseal(kept1), reseal(kept2)]),
        rotation(1, [reseal(kept1), reseal(kept2)]),
        rotation(2, [reseal(kept1)]),
        rotation(2, []),
        rotation(2, [reseal(kept1), reseal(kept2), reseal(revoked)]),
        rotation(2, [reseal(kept1), reseal(kept1), reseal(kept2)]),
        rotation(2, [reseal(kept1), reseal(foreign)]),
        rotation(2, [reseal(kept1), reseal(kept2), reseal(foreign)]),
        rotation(2, [reseal(kept1), reseal("not-a-uuid")]),
      ];
      for (const attempt of refusals) {
        expect(await asMember(db, owner.id, (trx) => revokeShare(trx, attempt))).toEqual({ ok: false, reason: "stale" });
        expect(await stored(owner.id)).toEqual(before);
      }
      for (const shareId of [foreign, randomUUID(), "not-a-uuid"]) {
        const attempt = { ...rotation(2, [reseal(kept1), reseal(kept2)]), shareId };
        expect(await asMember(db, owner.id, (trx) => revokeShare(trx, attempt))).toEqual({ ok: false, reason: "not-found" });
      }
      // Someone else calling the SQL function on the owner's shares changes nothing either.
      const intruder = await newOwner();
      const direct = await asMember(db, intruder.owner.id, async (trx) =>
        (
          await sql<{ v: boolean }>`select public.rotate_identity_vault(${revoked}::uuid, ${fakeVaultCiphertext()}, ${fakeOwnerKey()}, 2,
            ${JSON.stringify([reseal(kept1), reseal(kept2)])}::jsonb) as v`.execute(trx)
        ).rows[0]?.v,
      );
      expect(direct).toBe(false);
      expect(await stored(owner.id)).toEqual(before);
      expect((await stored(intruder.owner.id)).vault?.key_version).toBe(1);

      const good = rotation(2, [reseal(kept2), { ...reseal(kept1), shareId: kept1.toUpperCase() }]);
      expect(await asMember(db, owner.id, (trx) => revokeShare(trx, good))).toEqual({ ok: true });
      const after = await stored(owner.id);
      expect(after.vault).toMatchObject({ ciphertext: good.ciphertext, owner_sealed_key: good.ownerSealedKey, key_version: 2 });
      const sealedFor = Object.fromEntries(good.reseals.map((r) => [r.shareId.toLowerCase(), r.sealedKey]));
      expect(after.shares.map((s) => [s.id, s.sealed_key, s.key_version]).sort()).toEqual(
        [kept1, kept2].map((id) => [id, sealedFor[id], 2]).sort(),
      );

      expect(await open(p.socialWorkerX, revoked)).toBeUndefined();
      expect(await open(second, kept1)).toEqual(expect.objectContaining({ ciphertext: good.ciphertext, sealedKey: sealedFor[kept1], keyVersion: 2 }));
      // The browser's stale copies are now refused.
      expect(await asMember(db, owner.id, (trx) => saveOwnVault(trx, newVault(1)))).toEqual({ ok: false, reason: "stale" });
      expect(await asMember(db, owner.id, (trx) => saveOwnVault(trx, newVault(2)))).toEqual({ ok: true });
      const fresh = await newSocialWorker();
      expect(
        await asMember(db, owner.id, (trx) =>
          createShare(trx, { recipientId: fresh.id, purpose: "area_support", sealedKey: fakeSealedKey(), keyVersion: 1, expiresAt: inDays(9) }),
        ),
      ).toEqual({ ok: false, reason: "stale" });
      expect(await share(owner, fresh, { keyVersion: 2 })).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("re-seals only live shares: expired ones and those of a worker who moved on are refused as re-seals and deleted with the rotation", async () => {
      const { owner } = await newOwner();
      const moved = await newSocialWorker();
      const revoked = await share(owner, p.socialWorkerX);
      const kept = await share(owner, await newSocialWorker());
      const expired = await share(owner, await newSocialWorker());
      const movedAway = await share(owner, moved);
      await expire(expired);
      await asSystem(db, "test: move worker", (trx) => trx.updateTable("role_grants").set({ area_id: p.areas.districtY }).where("user_id", "=", moved.id).execute());
      const before = await stored(owner.id);
      const rotation = (reseals: string[]) => ({
        shareId: revoked,
        ciphertext: fakeVaultCiphertext(),
        ownerSealedKey: fakeOwnerKey(),
        newKeyVersion: 2,
        reseals: reseals.map((shareId) => ({ shareId, sealedKey: fakeSealedKey() })),
      });
      for (const reseals of [[kept, expired, movedAway], [kept, expired], [kept, movedAway]]) {
        expect(await asMember(db, owner.id, (trx) => revokeShare(trx, rotation(reseals)))).toEqual({ ok: false, reason: "stale" });
        expect(await stored(owner.id)).toEqual(before);
      }
      expect(await asMember(db, owner.id, (trx) => revokeShare(trx, rotation([kept])))).toEqual({ ok: true });
      expect((await stored(owner.id)).shares.map((s) => [s.id, s.key_version])).toEqual([[kept, 2]]);
      // Back in the area, the moved worker has nothing: their share went with the rotation.
      await asSystem(db, "test: move worker back", (trx) => trx.updateTable("role_grants").set({ area_id: p.areas.districtX }).where("user_id", "=", moved.id).execute());
      expect(await open(moved, movedAway)).toBeUndefined();
    });

    it("refuses a rotation that would store the anonymous v1.sealed owner's copy, changing nothing", async () => {
      const { owner } = await newOwner();
      const only = await share(owner, p.socialWorkerX);
      const before = await stored(owner.id);
      const rotated = { shareId: only, ciphertext: fakeVaultCiphertext(), ownerSealedKey: fakeSealedKey(), newKeyVersion: 2, reseals: [] };
      await expect(asMember(db, owner.id, (trx) => revokeShare(trx, rotated))).rejects.toThrow(/identity_vaults_owner_sealed_key_format/);
      expect(await stored(owner.id)).toEqual(before);
    });

    it("revoking the only share rotates with no re-seals", async () => {
      const { owner } = await newOwner();
      const only = await share(owner, p.socialWorkerX);
      const rotated = { shareId: only, ciphertext: fakeVaultCiphertext(), ownerSealedKey: fakeOwnerKey(), newKeyVersion: 2, reseals: [] };
      expect(await asMember(db, owner.id, (trx) => revokeShare(trx, rotated))).toEqual({ ok: true });
      expect(await stored(owner.id)).toMatchObject({ vault: { key_version: 2, ciphertext: rotated.ciphertext }, shares: [] });
    });
  });

  // --- ended shares --------------------------------------------------------------------

  describe("ended shares stay listed as ended, with no key left", () => {
    const ended = (owner: Persona) => asMember(db, owner.id, (trx) => listOwnEndedShares(trx));
    const revokeOnly = (owner: Persona, shareId: string, newKeyVersion = 2) =>
      asMember(db, owner.id, (trx) => revokeShare(trx, { shareId, ciphertext: fakeVaultCiphertext(), ownerSealedKey: fakeOwnerKey(), newKeyVersion, reseals: [] }));

    it("a revoked share: its owner sees it ended by them; the worker opens nothing, lists nothing and reads no ended row; nobody else sees it", async () => {
      const { owner } = await newOwner();
      const shareId = await share(owner, p.socialWorkerX);
      expect(await revokeOnly(owner, shareId)).toEqual({ ok: true });

      expect(await ended(owner)).toEqual([
        {
          id: shareId,
          recipientHandle: p.socialWorkerX.handle,
          recipientCard: null,
          purpose: "area_support",
          createdAt: expect.any(Date),
          expiresAt: expect.any(Date),
          endedAt: expect.any(Date),
          reason: "revoked",
        },
      ]);
      // The sealed copy of the data key is gone: the share row is deleted, and the history has no key column.
      expect((await stored(owner.id)).shares).toEqual([]);
      const columns = await asSystem(db, "test: ended-share columns", (trx) =>
        sql<{ name: string }>`select column_name as name from information_schema.columns
          where table_schema = 'public' and table_name = 'ended_identity_shares' order by column_name`.execute(trx),
      );
      expect(columns.rows.map((c) => c.name)).toEqual(["created_at", "ended_at", "ended_reason", "expires_at", "help_request_id", "id", "owner_id", "purpose", "recipient_id"]);
      expect(await open(p.socialWorkerX, shareId)).toBeUndefined();
      expect((await allSharesForMe(db, p.socialWorkerX)).map((s) => s.id)).not.toContain(shareId);

      const readEnded = (trx: Transaction<Database>) =>
        trx.selectFrom("ended_identity_shares").select("id").where("id", "=", shareId).execute();
      expect(await probe(db, p, owner, readEnded)).toEqual([{ id: shareId }]);
      for (const who of [p.socialWorkerX, p.memberB, p.admin] as const) expect(await probe(db, p, who, readEnded), who.name).toEqual([]);
      for (const who of ["anon", "service_role"] as const) expect(await probe(db, p, who, readEnded), who).toBe("refused");
      // Nobody writes history rows by hand, not even their owner.
      for (const who of [owner, p.socialWorkerX]) {
        expect(await probe(db, p, who, (trx) => sql`update public.ended_identity_shares set ended_reason = 'expired'`.execute(trx)), who.name).toBe("refused");
        expect(await probe(db, p, who, (trx) => sql`delete from public.ended_identity_shares`.execute(trx)), who.name).toBe("refused");
      }
      // And the functions behind the list answer only about the caller's own rows.
      expect(await asMember(db, p.socialWorkerX.id, (trx) => listOwnEndedShares(trx))).toEqual([]);
    });

    it("says why each share ended: expired, the worker left the area, the worker replaced their keys, the vault was deleted", async () => {
      const { owner } = await newOwner();
      const moved = await newSocialWorker();
      const rekeyed = await newSocialWorker();
      const revoked = await share(owner, p.socialWorkerX);
      const expired = await share(owner, await newSocialWorker());
      const movedAway = await share(owner, moved);
      const rekeyedShare = await share(owner, rekeyed);
      await expire(expired);
      await asSystem(db, "test: prune shares", (trx) => deleteExpiredShares(trx));
      await asSystem(db, "test: replace keys", (trx) => deleteSharesTo(trx, rekeyed.id));
      await asSystem(db, "test: move worker", (trx) => trx.updateTable("role_grants").set({ area_id: p.areas.districtY }).where("user_id", "=", moved.id).execute());
      expect(await revokeOnly(owner, revoked)).toEqual({ ok: true });
      const kept = await share(owner, await newSocialWorker(), { keyVersion: 2 });
      expect(await asMember(db, owner.id, (trx) => deleteOwnVault(trx))).toBe(true);

      const reasons = Object.fromEntries((await ended(owner)).map((s) => [s.id, s.reason]));
      expect(reasons).toEqual({
        [expired]: "expired",
        [rekeyedShare]: "keys_replaced",
        [movedAway]: "not_serving",
        [revoked]: "revoked",
        [kept]: "vault_deleted",
      });
    });

    it("ended shares do not count towards the limit: the member shares again with the same worker", async () => {
      const { owner } = await newOwner();
      const first = await share(owner, p.socialWorkerX);
      expect(await revokeOnly(owner, first)).toEqual({ ok: true });
      const again = await share(owner, p.socialWorkerX, { keyVersion: 2 });
      expect((await asMember(db, owner.id, (trx) => listOwnShares(trx))).map((s) => s.id)).toEqual([again]);
      expect((await ended(owner)).map((s) => s.id)).toEqual([first]);
    });

    it("the scheduled prune forgets ended shares older than the retention and keeps the rest", async () => {
      const { owner } = await newOwner();
      const old = await share(owner, p.socialWorkerX);
      expect(await revokeOnly(owner, old)).toEqual({ ok: true });
      const recent = await share(owner, p.socialWorkerX, { keyVersion: 2 });
      expect(await revokeOnly(owner, recent, 3)).toEqual({ ok: true });
      await asSystem(db, "test: age ended share", (trx) =>
        sql`update public.ended_identity_shares set ended_at = now() - interval '91 days' where id = ${old}`.execute(trx),
      );
      expect(await asSystem(db, "test: prune ended", (trx) => deleteEndedSharesOlderThan(trx, 90))).toBeGreaterThanOrEqual(1);
      expect((await ended(owner)).map((s) => s.id)).toEqual([recent]);
    });
  });
});
