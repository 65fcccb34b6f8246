/**
 * Sharing the identity vault (decision 003) on every engine: whom a member may share with,
 * the shares themselves, and what RLS and the SQL functions refuse around them.
 * Each test makes the accounts whose state it changes, so tests do not depend on one another;
 * the shared personas are only read or used as recipients (tests/support/identity-fixture.ts).
 */

import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createShare, createShareWithVault, listOwnShares, listShareRecipients, revokeShare, saveOwnVault, type VaultRecord } from "~/data/identity.server";
import { asMember, asSystem } from "~/data/rls.server";
import { MAX_KEY_PINS } from "~/domain/identity/key-pins";
import { fakeSealedKey, probe, type Persona } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";
import { allSharesForMe, identityFixture, inDays, newVault } from "../support/identity-fixture";

describeOnEveryEngine("identity shares", { personas: true }, ({ db, p }) => {
  const { newMember, newSocialWorker, newOwner, share, expire, stored } = identityFixture(db, p);

  // --- recipients and shares -----------------------------------------------------------

  describe("shares", () => {
    it("a member can ask only whether an account serves their own area, never whether it is an admin", async () => {
      const ask = (question: ReturnType<typeof sql<{ v: boolean }>>) => asMember(db, p.memberA.id, async (trx) => (await question.execute(trx)).rows[0]?.v);
      expect(await ask(sql<{ v: boolean }>`select private.serves_my_area(${p.socialWorkerX.id}::uuid) as v`)).toBe(true);
      expect(await ask(sql<{ v: boolean }>`select private.serves_my_area(${p.socialWorkerY.id}::uuid) as v`)).toBe(false);
      expect(await ask(sql<{ v: boolean }>`select private.serves_my_area(${p.admin.id}::uuid) as v`)).toBe(false);
      await expect(ask(sql<{ v: boolean }>`select private.user_has_role(${p.admin.id}::uuid, 'admin') as v`)).rejects.toThrow(/permission denied/);
      // Nor about any pair of accounts.
      await expect(ask(sql<{ v: boolean }>`select private.serves_area_of(${p.socialWorkerY.id}::uuid, ${p.memberB.id}::uuid) as v`)).rejects.toThrow(
        /permission denied/,
      );
      // Still answered for the caller's own roles, through has_role.
      expect(await asMember(db, p.admin.id, async (trx) => (await sql<{ v: boolean }>`select private.has_role('admin') as v`.execute(trx)).rows[0]?.v)).toBe(true);
    });

    it("lists the social workers whose grant covers the caller's own area (its district, city, province or all areas), never the caller", async () => {
      const everywhere = await newSocialWorker(null);
      const ofCityX = await newSocialWorker(p.areas.cityX);
      const ofProvinceX = await newSocialWorker(p.areas.provinceX);
      const ofCityY = await newSocialWorker(p.areas.cityY);
      const listed = async (who: Persona) => (await asMember(db, who.id, (trx) => listShareRecipients(trx))).map((r) => r.userId);

      const inX = await asMember(db, p.memberA.id, (trx) => listShareRecipients(trx));
      const ids = inX.map((r) => r.userId);
      for (const serving of [p.socialWorkerX, everywhere, ofCityX, ofProvinceX]) expect(ids, serving.name).toContain(serving.id);
      for (const other of [p.socialWorkerY, ofCityY, p.admin]) expect(ids, other.name).not.toContain(other.id);
      const x = inX.find((r) => r.userId === p.socialWorkerX.id);
      expect(Object.keys(x ?? {}).sort()).toEqual(["card", "handle", "publicKey", "userId"]);
      expect(x).toMatchObject({ handle: p.socialWorkerX.handle, publicKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });

      const inY = await listed(p.memberB);
      for (const serving of [p.socialWorkerY, everywhere, ofCityY]) expect(inY, serving.name).toContain(serving.id);
      for (const other of [p.socialWorkerX, ofCityX, ofProvinceX]) expect(inY, other.name).not.toContain(other.id);

      expect(await listed(p.socialWorkerX)).not.toContain(p.socialWorkerX.id);
      // A member without an area is served by nobody, not even an all-areas worker.
      expect(await listed(await newMember(null))).toEqual([]);
      // District Z lies in city Y: its city's worker serves it, district Y's worker does not.
      const inZ = await listed(await newMember(p.areas.districtZ));
      for (const serving of [everywhere, ofCityY]) expect(inZ, serving.name).toContain(serving.id);
      for (const other of [p.socialWorkerX, p.socialWorkerY, ofCityX]) expect(inZ, other.name).not.toContain(other.id);
    });

    it("shares only with a social worker, never with oneself, at the current key version, once", async () => {
      const { owner } = await newOwner();
      const attempt = (recipientId: string, keyVersion = 1) =>
        asMember(db, owner.id, (trx) =>
          createShare(trx, { recipientId, purpose: "area_support", sealedKey: fakeSealedKey(), keyVersion, expiresAt: inDays(90) }),
        );
      expect(await attempt(p.memberB.id)).toEqual({ ok: false, reason: "not-allowed" });
      expect(await attempt(p.admin.id)).toEqual({ ok: false, reason: "not-allowed" });
      expect(await attempt(owner.id)).toEqual({ ok: false, reason: "not-allowed" });
      expect(await attempt(randomUUID())).toEqual({ ok: false, reason: "not-allowed" });
      expect(await attempt("not-a-uuid")).toEqual({ ok: false, reason: "not-allowed" });
      expect(await attempt(p.socialWorkerX.id, 2)).toEqual({ ok: false, reason: "stale" });
      const made = await attempt(p.socialWorkerX.id);
      expect(made).toEqual({ ok: true, id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(await attempt(p.socialWorkerX.id)).toEqual({ ok: false, reason: "exists" });

      const noVault = await newMember();
      expect(
        await asMember(db, noVault.id, (trx) =>
          createShare(trx, { recipientId: p.socialWorkerX.id, purpose: "area_support", sealedKey: fakeSealedKey(), keyVersion: 1, expiresAt: inDays(9) }),
        ),
      ).toEqual({ ok: false, reason: "no-vault" });

      // A social worker may share their own vault, but not with themselves.
      const worker = await newSocialWorker();
      await asMember(db, worker.id, (trx) => saveOwnVault(trx, newVault()));
      expect(
        await asMember(db, worker.id, (trx) =>
          createShare(trx, { recipientId: worker.id, purpose: "area_support", sealedKey: fakeSealedKey(), keyVersion: 1, expiresAt: inDays(9) }),
        ),
      ).toEqual({ ok: false, reason: "not-allowed" });
    });

    it("RLS itself refuses shares to non-social-workers, to oneself, at a stale version, without a vault or for someone else", async () => {
      const { owner } = await newOwner();
      const other = await newOwner();
      const insert = (who: Persona, row: { owner: string; recipient: string; keyVersion?: number }) =>
        probe(db, p, who, (trx) =>
          sql`insert into public.identity_shares (owner_id, recipient_id, purpose, sealed_key, key_version, expires_at)
              values (${row.owner}, ${row.recipient}, 'area_support', ${fakeSealedKey()}, ${row.keyVersion ?? 1}, ${inDays(30)})`.execute(trx),
        );
      expect(await insert(owner, { owner: owner.id, recipient: p.memberB.id })).toBe("refused");
      expect(await insert(owner, { owner: owner.id, recipient: p.admin.id })).toBe("refused");
      // A social worker of another area does not serve this member.
      expect(await insert(owner, { owner: owner.id, recipient: p.socialWorkerY.id })).toBe("refused");
      expect(await insert(owner, { owner: owner.id, recipient: owner.id })).toBe("refused");
      expect(await insert(owner, { owner: owner.id, recipient: p.socialWorkerX.id, keyVersion: 2 })).toBe("refused");
      expect(await insert(owner, { owner: other.owner.id, recipient: p.socialWorkerX.id })).toBe("refused");
      expect(await insert(p.memberB, { owner: p.memberB.id, recipient: p.socialWorkerX.id })).toBe("refused");
      const ok = await insert(owner, { owner: owner.id, recipient: p.socialWorkerX.id });
      expect(ok).not.toBe("refused");
      // Owners change only the sealed key and its version, and only to the vault's version.
      const id = await share(owner, await newSocialWorker());
      expect(await probe(db, p, owner, (trx) => sql`update public.identity_shares set expires_at = now() + interval '300 days' where id = ${id}`.execute(trx))).toBe("refused");
      expect(await probe(db, p, owner, (trx) => sql`update public.identity_shares set recipient_id = ${p.socialWorkerX.id} where id = ${id}`.execute(trx))).toBe("refused");
      expect(await probe(db, p, owner, (trx) => sql`update public.identity_shares set key_version = 2 where id = ${id}`.execute(trx))).toBe("refused");
    });

    it("a share and the vault holding its key pin are stored together or not at all", async () => {
      const { owner, vault } = await newOwner();
      const attempt = (who: Persona, recipientId: string, upload: VaultRecord) =>
        asMember(db, who.id, (trx) =>
          createShareWithVault(trx, { share: { recipientId, purpose: "area_support", sealedKey: fakeSealedKey(), expiresAt: inDays(30) }, vault: upload }),
        );
      const before = await stored(owner.id);
      // Refused whole: a vault at another key version, a recipient who is not a social worker,
      // a social worker who does not serve the member's area, oneself.
      expect(await attempt(owner, p.socialWorkerX.id, newVault(2))).toEqual({ ok: false, reason: "stale" });
      expect(await attempt(owner, p.memberB.id, newVault())).toEqual({ ok: false, reason: "not-allowed" });
      expect(await attempt(owner, p.socialWorkerY.id, newVault())).toEqual({ ok: false, reason: "not-allowed" });
      expect(await attempt(owner, owner.id, newVault())).toEqual({ ok: false, reason: "not-allowed" });
      expect(await stored(owner.id)).toEqual(before);
      expect((await stored(owner.id)).vault?.ciphertext).toBe(vault.ciphertext);

      // Allowed: the share at the vault's version, and the new ciphertext, in one step.
      const pinned = newVault();
      const made = await attempt(owner, p.socialWorkerX.id, pinned);
      expect(made).toEqual({ ok: true, id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      const after = await stored(owner.id);
      expect(after.vault).toMatchObject({ ciphertext: pinned.ciphertext, owner_sealed_key: pinned.ownerSealedKey, key_version: 1 });
      expect(after.shares).toEqual([expect.objectContaining({ recipient_id: p.socialWorkerX.id, key_version: 1 })]);

      // A second share to the same worker changes neither the share nor the vault.
      expect(await attempt(owner, p.socialWorkerX.id, newVault())).toEqual({ ok: false, reason: "exists" });
      expect(await stored(owner.id)).toEqual(after);

      // After a rotation, an upload made before it is stale; one at the new version is taken.
      const rotated = newVault(2);
      const revoked = await asMember(db, owner.id, (trx) => revokeShare(trx, { shareId: made.ok ? made.id : "", ...rotated, newKeyVersion: 2, reseals: [] }));
      expect(revoked).toEqual({ ok: true });
      const colleague = await newSocialWorker();
      expect(await attempt(owner, colleague.id, newVault(1))).toEqual({ ok: false, reason: "stale" });
      expect((await stored(owner.id)).vault?.ciphertext).toBe(rotated.ciphertext);
      const atTwo = newVault(2);
      expect(await attempt(owner, colleague.id, atTwo)).toMatchObject({ ok: true });
      expect((await stored(owner.id)).vault).toMatchObject({ ciphertext: atTwo.ciphertext, key_version: 2 });

      // Without a vault nothing is created: no share, and no vault either.
      const noVault = await newMember();
      expect(await attempt(noVault, p.socialWorkerX.id, newVault())).toEqual({ ok: false, reason: "no-vault" });
      expect(await stored(noVault.id)).toEqual({ vault: undefined, shares: [] });
    });

    it("a member holds at most MAX_KEY_PINS unexpired shares, so every live share's key pin fits the padded vault", async () => {
      const { owner } = await newOwner();
      const workers = await Promise.all(Array.from({ length: MAX_KEY_PINS + 1 }, () => newSocialWorker()));
      const [oneMore, first] = [workers[MAX_KEY_PINS], workers[0]];
      if (!oneMore || !first) throw new Error("set-up");
      const attempt = (recipient: Persona) =>
        asMember(db, owner.id, (trx) =>
          createShare(trx, { recipientId: recipient.id, purpose: "area_support", sealedKey: fakeSealedKey(), keyVersion: 1, expiresAt: inDays(30) }),
        );
      const ids: string[] = [];
      for (const worker of workers.slice(0, MAX_KEY_PINS)) ids.push(await share(owner, worker));
      expect(await attempt(oneMore)).toEqual({ ok: false, reason: "too-many" });
      // Sharing again with a worker who holds one is still "exists", not one too many.
      expect(await attempt(first)).toEqual({ ok: false, reason: "exists" });
      expect((await stored(owner.id)).shares).toHaveLength(MAX_KEY_PINS);
      // An expired share no longer counts.
      await expire(ids[0] ?? "");
      expect(await attempt(oneMore)).toMatchObject({ ok: true });
    });

    it("a share lasts at most 366 days and must end in the future", async () => {
      const { owner } = await newOwner();
      const attempt = (expiresAt: Date) =>
        asMember(db, owner.id, (trx) =>
          createShare(trx, { recipientId: p.socialWorkerX.id, purpose: "area_support", sealedKey: fakeSealedKey(), keyVersion: 1, expiresAt }),
        );
      await expect(attempt(inDays(367))).rejects.toThrow(RangeError);
      await expect(attempt(new Date(Date.now() - 1000))).rejects.toThrow(RangeError);
      const direct = asMember(db, owner.id, (trx) =>
        sql`insert into public.identity_shares (owner_id, recipient_id, purpose, sealed_key, key_version, expires_at)
            values (${owner.id}, ${p.socialWorkerX.id}, 'area_support', ${fakeSealedKey()}, 1, now() + interval '367 days')`.execute(trx),
      );
      await expect(direct).rejects.toThrow(/identity_shares_expiry/);
      expect(await attempt(inDays(365))).toMatchObject({ ok: true });
    });

    it("the owner lists their shares (expired and no-longer-live ones marked) with each recipient's handle and key; recipients list live shares with the owner's handle", async () => {
      const { owner } = await newOwner();
      const second = await newSocialWorker();
      const moved = await newSocialWorker();
      const live = await share(owner, p.socialWorkerX);
      const old = await share(owner, second);
      const left = await share(owner, moved);
      await expire(old);
      // The worker moves to area Y: their share stays, but is no longer live.
      await asSystem(db, "test: move worker", (trx) => trx.updateTable("role_grants").set({ area_id: p.areas.districtY }).where("user_id", "=", moved.id).execute());
      const own = await asMember(db, owner.id, (trx) => listOwnShares(trx));
      expect(own.map((s) => [s.id, s.expired, s.live]).sort()).toEqual([[live, false, true], [old, true, false], [left, false, false]].sort());
      const liveShare = own.find((s) => s.id === live);
      expect(liveShare).toEqual({
        id: live,
        recipientId: p.socialWorkerX.id,
        recipientHandle: p.socialWorkerX.handle,
        recipientCard: null,
        recipientPublicKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        purpose: "area_support",
        expiresAt: expect.any(Date),
        createdAt: expect.any(Date),
        expired: false,
        live: true,
      });
      expect(own.find((s) => s.id === old)?.recipientHandle).toBe(second.handle);

      const forX = await allSharesForMe(db, p.socialWorkerX);
      expect(forX.find((s) => s.id === live)).toEqual({ id: live, ownerId: owner.id, ownerHandle: owner.handle, purpose: "area_support", expiresAt: expect.any(Date) });
      for (const gone of [second, moved]) {
        expect(await allSharesForMe(db, gone), gone.name).toEqual([]);
      }
      expect(await allSharesForMe(db, owner)).toEqual([]);
    });

    it("handles and keys come only from the caller's own shares and log, not from arbitrary profiles", async () => {
      const { owner } = await newOwner();
      await share(owner, p.socialWorkerX);
      const counterparts = (who: Persona) =>
        asMember(db, who.id, async (trx) =>
          (await sql<{ user_id: string; public_key: string | null }>`select user_id, public_key from private.identity_counterparts()`.execute(trx)).rows,
        );
      expect(await counterparts(owner)).toEqual([{ user_id: p.socialWorkerX.id, public_key: expect.any(String) }]);
      const ofWorker = await counterparts(p.socialWorkerX);
      expect(ofWorker).toContainEqual({ user_id: owner.id, public_key: null });
      const stranger = await newMember();
      expect(await counterparts(stranger)).toEqual([]);
      expect(await probe(db, p, stranger, (trx) => trx.selectFrom("profiles").select("id").where("id", "=", owner.id).execute())).toEqual([]);
      expect(await probe(db, p, stranger, (trx) => trx.selectFrom("user_keys").select("user_id").where("user_id", "=", p.socialWorkerX.id).execute())).toEqual([]);
      for (const call of [
        sql`select * from private.share_recipients()`,
        sql`select * from public.open_shared_identity(${randomUUID()}::uuid)`,
        sql`select public.rotate_identity_vault(${randomUUID()}::uuid, 'v1.x', ${fakeSealedKey()}, 2, '[]'::jsonb)`,
      ]) {
        for (const who of ["anon", "service_role"] as const) expect(await probe(db, p, who, (trx) => call.execute(trx)), who).toBe("refused");
      }
    });
  });
});
