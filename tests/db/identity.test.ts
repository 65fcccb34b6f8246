/**
 * The identity vault, shares, rotation and access log (decision 003) on every engine:
 * the data functions members and social workers call, and what RLS and the SQL functions
 * refuse underneath them. Each test makes the accounts whose state it changes, so tests
 * do not depend on one another; the shared personas are only read or used as recipients.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { sql, type Transaction } from "kysely";
import { describe, expect, it } from "vitest";
import { deleteAccount, pseudonymiseDeletedAccount, TABLES_WITH_ACCOUNT_ROWS, vacuumTablesWithAccountRows } from "~/data/account-deletion.server";
import { getOwnAccount } from "~/data/accounts.server";
import { recordAudit } from "~/data/audit.server";
import { exportOwnData } from "~/data/own-data-export.server";
import { createShare, createShareWithVault, deleteEndedSharesOlderThan, deleteExpiredShares, deleteOwnVault, deleteSharesTo, getOwnVault, listOwnEndedShares, listOwnShares, listShareRecipients, revokeShare, saveOwnVault, type VaultRecord } from "~/data/identity.server";
import { listOwnAccessLog, listSharesForMe, openSharedIdentity } from "~/data/identity-openings.server";
import { asMember, asSystem } from "~/data/rls.server";
import type { Database } from "~/data/schema";
import { areaCovers } from "~/domain/areas/areas";
import { MAX_KEY_PINS } from "~/domain/identity/key-pins";
import { createSession } from "~/data/sessions.server";
import {
  createTestAccount,
  fakeOwnerKey,
  fakeSealedKey,
  fakeVaultCiphertext,
  grantTestRole,
  probe,
  type Persona,
  type Who,
} from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY);
const newVault = (keyVersion = 1): VaultRecord => ({ ciphertext: fakeVaultCiphertext(), ownerSealedKey: fakeOwnerKey(), keyVersion });

describeOnEveryEngine("identity vault", { personas: true }, ({ db, p }) => {
  // --- helpers -----------------------------------------------------------------------

  /** A new member living in `areaId` (default: area X, like member A). */
  async function newMember(areaId: string | null = p.areas.districtX): Promise<Persona> {
    const member = await createTestAccount(db, "memberA");
    await asSystem(db, "test: place member", (trx) => trx.updateTable("profiles").set({ area_id: areaId }).where("id", "=", member.id).execute());
    return member;
  }

  async function newSocialWorker(areaId: string | null = p.areas.districtX): Promise<Persona> {
    const worker = await createTestAccount(db, "socialWorkerX");
    await grantTestRole(db, worker.id, "social_worker", areaId);
    return worker;
  }

  /** A new member with a vault at key version 1. */
  async function newOwner(): Promise<{ owner: Persona; vault: VaultRecord }> {
    const owner = await newMember();
    const vault = newVault();
    const saved = await asMember(db, owner.id, (trx) => saveOwnVault(trx, vault));
    if (!saved.ok) throw new Error("could not save the vault");
    return { owner, vault };
  }

  async function share(owner: Persona, recipient: Persona, { keyVersion = 1, days = 30 } = {}): Promise<string> {
    const created = await asMember(db, owner.id, (trx) =>
      createShare(trx, { recipientId: recipient.id, purpose: "area_support", sealedKey: fakeSealedKey(), keyVersion, expiresAt: inDays(days) }),
    );
    if (!created.ok) throw new Error(`could not share: ${created.reason}`);
    return created.id;
  }

  /** Moves a share into the past on the privileged path (created 10 days ago, expired a second ago). */
  async function expire(shareId: string): Promise<void> {
    await asSystem(db, "test: expire share", (trx) =>
      sql`update public.identity_shares set created_at = now() - interval '10 days', expires_at = now() - interval '1 second'
          where id = ${shareId}`.execute(trx),
    );
  }

  async function logCount(where: { ownerId?: string; shareId?: string }): Promise<number> {
    const row = await asSystem(db, "test: count access log", (trx) => {
      let query = trx.selectFrom("identity_access_log").select((eb) => eb.fn.countAll<string>().as("n"));
      if (where.ownerId) query = query.where("owner_id", "=", where.ownerId);
      if (where.shareId) query = query.where("share_id", "=", where.shareId);
      return query.executeTakeFirstOrThrow();
    });
    return Number(row.n);
  }

  /** The owner's vault and shares as stored, for "nothing changed" checks. */
  async function stored(ownerId: string) {
    return asSystem(db, "test: read vault state", async (trx) => ({
      vault: await trx.selectFrom("identity_vaults").selectAll().where("user_id", "=", ownerId).executeTakeFirst(),
      shares: await trx.selectFrom("identity_shares").selectAll().where("owner_id", "=", ownerId).orderBy("id").execute(),
    }));
  }

  /** What `who` can see of the owner's vault and shares, straight from the tables. */
  async function visibleTo(who: Who | Persona, ownerId: string) {
    return probe(db, p, who, async (trx) => ({
      vaults: (await trx.selectFrom("identity_vaults").select("user_id").where("user_id", "=", ownerId).execute()).length,
      shares: (await trx.selectFrom("identity_shares").select("id").where("owner_id", "=", ownerId).execute()).length,
    }));
  }

  const open = (who: Persona, shareId: string) => asMember(db, who.id, (trx) => openSharedIdentity(trx, shareId));

  // --- the vault -----------------------------------------------------------------------

  describe("vault", () => {
    it("a member creates their vault at key version 1, edits it at the current version, and a stale version changes nothing", async () => {
      const owner = await newMember();
      expect(await asMember(db, owner.id, (trx) => getOwnVault(trx))).toBeUndefined();
      expect(await asMember(db, owner.id, (trx) => saveOwnVault(trx, newVault(2)))).toEqual({ ok: false, reason: "stale" });

      const first = newVault();
      expect(await asMember(db, owner.id, (trx) => saveOwnVault(trx, first))).toEqual({ ok: true });
      expect(await asMember(db, owner.id, (trx) => getOwnVault(trx))).toEqual(first);

      const edited = newVault();
      expect(await asMember(db, owner.id, (trx) => saveOwnVault(trx, edited))).toEqual({ ok: true });
      expect(await asMember(db, owner.id, (trx) => getOwnVault(trx))).toEqual(edited);

      expect(await asMember(db, owner.id, (trx) => saveOwnVault(trx, newVault(2)))).toEqual({ ok: false, reason: "stale" });
      expect(await asMember(db, owner.id, (trx) => getOwnVault(trx))).toEqual(edited);
    });

    it("members cannot read, create, change or delete each other's vaults", async () => {
      const { owner, vault } = await newOwner();
      const other = await newMember();
      expect(await visibleTo(other, owner.id)).toEqual({ vaults: 0, shares: 0 });
      expect(await asMember(db, other.id, (trx) => getOwnVault(trx))).toBeUndefined();
      const writes = [
        sql`insert into public.identity_vaults (user_id, ciphertext, owner_sealed_key, key_version)
            values (${owner.id}, ${fakeVaultCiphertext()}, ${fakeOwnerKey()}, 1)`,
        sql`update public.identity_vaults set ciphertext = ${fakeVaultCiphertext()} where user_id = ${owner.id}`,
        sql`delete from public.identity_vaults where user_id = ${owner.id}`,
      ];
      for (const statement of writes) {
        const outcome = await probe(db, p, other, async (trx) => (await statement.execute(trx)).numAffectedRows ?? 0n);
        expect(outcome === "refused" || outcome === 0n, String(outcome)).toBe(true);
      }
      expect((await stored(owner.id)).vault).toMatchObject({ ciphertext: vault.ciphertext, key_version: 1 });
    });

    it("a new vault starts at key version 1, and stored formats are checked", async () => {
      const owner = await newMember();
      const atTwo = await probe(db, p, owner, (trx) =>
        sql`insert into public.identity_vaults (user_id, ciphertext, owner_sealed_key, key_version)
            values (${owner.id}, ${fakeVaultCiphertext()}, ${fakeOwnerKey()}, 2)`.execute(trx),
      );
      expect(atTwo).toBe("refused");
      for (const bad of [
        { ...newVault(), ciphertext: "plain text identity" },
        { ...newVault(), ciphertext: `v1.${"x".repeat(12_000)}` },
        { ...newVault(), ownerSealedKey: "v2.box.short" },
        { ...newVault(), ownerSealedKey: `v3.box.${fakeOwnerKey().slice(7)}` },
        // The anonymous form anyone who knows the public key can make (migration 0012).
        { ...newVault(), ownerSealedKey: fakeSealedKey() },
      ]) {
        await expect(asMember(db, owner.id, (trx) => saveOwnVault(trx, bad))).rejects.toThrow();
      }
      expect(await asMember(db, owner.id, (trx) => getOwnVault(trx))).toBeUndefined();
    });

    it("deleteOwnVault deletes the member's own vault and its shares, and no one else's", async () => {
      const { owner } = await newOwner();
      const other = await newOwner();
      const shareId = await share(owner, p.socialWorkerX);
      const othersShare = await share(other.owner, p.socialWorkerX);
      const othersBefore = await stored(other.owner.id);
      expect(await asMember(db, owner.id, (trx) => deleteOwnVault(trx))).toBe(true);
      expect(await stored(owner.id)).toEqual({ vault: undefined, shares: [] });
      expect(await open(p.socialWorkerX, shareId)).toBeUndefined();
      expect(await asMember(db, owner.id, (trx) => deleteOwnVault(trx))).toBe(false);
      // A social worker who holds a share deletes nothing of the owner's with it.
      expect(await asMember(db, p.socialWorkerX.id, (trx) => deleteOwnVault(trx))).toBe(false);
      expect(await stored(other.owner.id)).toEqual(othersBefore);
      expect(await open(p.socialWorkerX, othersShare)).toBeDefined();
      // After deleting, the member starts again at key version 1.
      expect(await asMember(db, owner.id, (trx) => saveOwnVault(trx, newVault()))).toEqual({ ok: true });
    });

    it("deleting the vault deletes its shares", async () => {
      const { owner } = await newOwner();
      const shareId = await share(owner, p.socialWorkerX);
      await asMember(db, owner.id, (trx) => trx.deleteFrom("identity_vaults").where("user_id", "=", sql<string>`auth.uid()`).execute());
      expect(await stored(owner.id)).toEqual({ vault: undefined, shares: [] });
      expect(await open(p.socialWorkerX, shareId)).toBeUndefined();
    });
  });

  // --- the area rule --------------------------------------------------------------------

  it("private.area_covers and the domain's areaCovers agree on every pair of areas (and no area), including a loop of parents", async () => {
    // A loop is refused by no constraint, so the rule must end on one.
    const loop = await asSystem(db, "test: a loop of areas", async (trx) => {
      const tag = randomUUID().slice(0, 8);
      const a = await trx.insertInto("areas").values({ level: "city", code: `la${tag}`, name_zh: "环甲", name_en: "Loop A", parent_id: p.areas.provinceX }).returning("id").executeTakeFirstOrThrow();
      const b = await trx.insertInto("areas").values({ level: "city", code: `lb${tag}`, name_zh: "环乙", name_en: "Loop B", parent_id: a.id }).returning("id").executeTakeFirstOrThrow();
      await trx.updateTable("areas").set({ parent_id: b.id }).where("id", "=", a.id).execute();
      return [a.id, b.id];
    });
    // Only the security-definer functions that decide shares call it (as the owner; migration 0018).
    const { parents, pairs } = await asSystem(db, "test: the area rule on every pair", async (trx) => ({
      parents: new Map((await trx.selectFrom("areas").select(["id", "parent_id"]).execute()).map((a) => [a.id, a.parent_id] as const)),
      pairs: (
        await sql<{ grant_area: string | null; area: string | null; covers: boolean }>`
          with ids (id) as (select a.id from public.areas a union all select null::uuid)
          select g.id as grant_area, x.id as area, private.area_covers(g.id, x.id) as covers
          from ids g cross join ids x`.execute(trx)
      ).rows,
    }));
    expect(pairs.length).toBe((parents.size + 1) ** 2);
    const disagreements = pairs.filter((pair) => areaCovers(pair.grant_area, pair.area, parents) !== pair.covers);
    expect(disagreements).toEqual([]);
    // Not vacuous: both answers occur, and the tree rule holds where the test areas are.
    const covers = (grant: string | null, area: string) => pairs.find((x) => x.grant_area === grant && x.area === area)?.covers;
    expect(covers(p.areas.cityX, p.areas.districtX)).toBe(true);
    expect(covers(p.areas.districtX, p.areas.cityX)).toBe(false);
    expect(covers(p.areas.cityY, p.areas.districtX)).toBe(false);
    expect(covers(loop[0] ?? "", loop[1] ?? "")).toBe(true);
    await asSystem(db, "test: remove the loop", async (trx) => {
      await trx.updateTable("areas").set({ parent_id: p.areas.provinceX }).where("id", "in", loop).execute();
      await trx.deleteFrom("areas").where("id", "in", loop).execute();
    });
  });

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

      const forX = await asMember(db, p.socialWorkerX.id, (trx) => listSharesForMe(trx));
      expect(forX.find((s) => s.id === live)).toEqual({ id: live, ownerId: owner.id, ownerHandle: owner.handle, purpose: "area_support", expiresAt: expect.any(Date) });
      for (const gone of [second, moved]) {
        expect(await asMember(db, gone.id, (trx) => listSharesForMe(trx)), gone.name).toEqual([]);
      }
      expect(await asMember(db, owner.id, (trx) => listSharesForMe(trx))).toEqual([]);
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

  // --- opening and the access log ------------------------------------------------------

  describe("opening a shared vault", () => {
    it("the recipient opens a live share: the vault ciphertext with the share's sealed key, one log row per call, seen by the owner", async () => {
      const { owner, vault } = await newOwner();
      const shareId = await share(owner, p.socialWorkerX);
      const sealedKey = (await stored(owner.id)).shares[0]?.sealed_key;
      for (let i = 1; i <= 3; i++) {
        const opened = await open(p.socialWorkerX, shareId);
        expect(opened).toEqual({
          ownerId: owner.id,
          ciphertext: vault.ciphertext,
          sealedKey,
          keyVersion: 1,
          purpose: "area_support",
          expiresAt: expect.any(Date),
        });
        expect(await logCount({ shareId })).toBe(i);
      }
      const log = await asMember(db, owner.id, (trx) => listOwnAccessLog(trx));
      expect(log).toHaveLength(3);
      for (const entry of log) {
        expect(entry).toEqual({ accessorHandle: p.socialWorkerX.handle, accessorCard: null, purpose: "area_support", accessedAt: expect.any(Date), shareId });
      }
      // Only the owner reads these rows: not the accessor, not another member, not an admin.
      for (const who of [p.socialWorkerX, p.memberB, p.admin]) {
        const rows = await asMember(db, who.id, (trx) => trx.selectFrom("identity_access_log").select("id").where("owner_id", "=", owner.id).execute());
        expect(rows, who.name).toEqual([]);
      }
    });

    it("names every accessor on their own rows, however many people opened the vault and however often", async () => {
      const { owner } = await newOwner();
      const workers = [p.socialWorkerX, await newSocialWorker(), await newSocialWorker()];
      const shares = await Promise.all(workers.map((worker) => share(owner, worker)));
      const openings = [0, 1, 0, 2, 1, 0, 2, 2, 0];
      for (const index of openings) await open(workers[index] as Persona, shares[index] as string);
      const log = await asMember(db, owner.id, (trx) => listOwnAccessLog(trx));
      const byShare = new Map(shares.map((shareId, index) => [shareId, workers[index]?.handle]));
      expect(log).toHaveLength(openings.length);
      for (const entry of log) expect(entry.accessorHandle).toBe(byShare.get(entry.shareId ?? ""));
      expect(new Set(log.map((entry) => entry.accessorHandle))).toEqual(new Set(workers.map((worker) => worker.handle)));
    });

    it("lists the owner's newest openings first, and only as many as asked for", async () => {
      const { owner } = await newOwner();
      const shareId = await share(owner, p.socialWorkerX);
      for (let i = 0; i < 4; i++) await open(p.socialWorkerX, shareId);
      const all = await asMember(db, owner.id, (trx) => listOwnAccessLog(trx));
      const latest = await asMember(db, owner.id, (trx) => listOwnAccessLog(trx, { limit: 2 }));
      expect(all).toHaveLength(4);
      expect(latest).toEqual(all.slice(0, 2));
      expect(all.map((entry) => entry.accessedAt.getTime())).toEqual([...all.map((entry) => entry.accessedAt.getTime())].sort((a, b) => b - a));
    });

    it("staff without a live share addressed to them read no vault, no share, open nothing and log nothing", async () => {
      const { owner } = await newOwner();
      const shareId = await share(owner, p.socialWorkerX);
      const elsewhere = await newSocialWorker(p.areas.districtY);
      for (const who of [p.socialWorkerY, elsewhere, p.admin, p.memberB]) {
        expect(await visibleTo(who, owner.id), who.name).toEqual({ vaults: 0, shares: 0 });
        expect(await open(who, shareId), who.name).toBeUndefined();
        expect(await asMember(db, who.id, (trx) => listSharesForMe(trx)).then((s) => s.map((x) => x.id))).not.toContain(shareId);
        const logged = await asMember(db, who.id, async (trx) =>
          (await sql<{ v: boolean }>`select private.record_identity_access(${shareId}::uuid) as v`.execute(trx)).rows[0]?.v,
        );
        expect(logged).toBe(false);
      }
      for (const who of ["anon", "service_role"] as const) expect(await visibleTo(who, owner.id)).toBe("refused");
      // The recipient sees the share, but not the vault: that only comes through
      // open_shared_identity, which logs the opening.
      expect(await visibleTo(p.socialWorkerX, owner.id)).toEqual({ vaults: 0, shares: 1 });
      expect(await logCount({ ownerId: owner.id })).toBe(0);
      expect(await open(p.socialWorkerX, shareId)).toBeDefined();
      expect(await logCount({ ownerId: owner.id })).toBe(1);
    });

    it("an expired share is refused: the recipient reads no share and no vault, opens nothing, and nothing is logged", async () => {
      const { owner } = await newOwner();
      const shareId = await share(owner, p.socialWorkerX);
      expect(await open(p.socialWorkerX, shareId)).toBeDefined();
      expect(await logCount({ shareId })).toBe(1);

      await expire(shareId);
      expect(await visibleTo(p.socialWorkerX, owner.id)).toEqual({ vaults: 0, shares: 0 });
      expect(await open(p.socialWorkerX, shareId)).toBeUndefined();
      expect((await asMember(db, p.socialWorkerX.id, (trx) => listSharesForMe(trx))).map((s) => s.id)).not.toContain(shareId);
      expect(await logCount({ shareId })).toBe(1);
      expect((await asMember(db, owner.id, (trx) => listOwnShares(trx)))[0]).toMatchObject({ id: shareId, expired: true });
    });

    it("a recipient who is no longer a social worker loses access", async () => {
      const { owner } = await newOwner();
      const worker = await newSocialWorker();
      const shareId = await share(owner, worker);
      expect(await open(worker, shareId)).toBeDefined();
      await asSystem(db, "test: revoke role", (trx) => trx.deleteFrom("role_grants").where("user_id", "=", worker.id).execute());
      expect(await visibleTo(worker, owner.id)).toEqual({ vaults: 0, shares: 0 });
      expect(await open(worker, shareId)).toBeUndefined();
      expect(await logCount({ shareId })).toBe(1);
    });

    it("a worker who moves to another area, or whose member moves away, loses access; a city's worker keeps serving its districts", async () => {
      const { owner } = await newOwner();
      const worker = await newSocialWorker();
      const ofCity = await newSocialWorker(p.areas.cityX);
      const shareId = await share(owner, worker);
      const cityShare = await share(owner, ofCity);
      expect(await open(worker, shareId)).toBeDefined();
      expect(await open(ofCity, cityShare)).toBeDefined();
      const moveWorker = (areaId: string) =>
        asSystem(db, "test: move worker", (trx) => trx.updateTable("role_grants").set({ area_id: areaId }).where("user_id", "=", worker.id).execute());
      await moveWorker(p.areas.districtY);
      expect(await visibleTo(worker, owner.id)).toEqual({ vaults: 0, shares: 0 });
      expect(await open(worker, shareId)).toBeUndefined();
      expect(await asMember(db, worker.id, (trx) => listSharesForMe(trx))).toEqual([]);
      expect(await logCount({ shareId })).toBe(1);
      // Back in the member's area, the share (still at the vault's key version) opens again.
      await moveWorker(p.areas.districtX);
      expect(await open(worker, shareId)).toBeDefined();
      // The member moves to area Y: neither the district's nor the city's worker serves them now.
      await asSystem(db, "test: move member", (trx) => trx.updateTable("profiles").set({ area_id: p.areas.districtY }).where("id", "=", owner.id).execute());
      expect(await open(worker, shareId)).toBeUndefined();
      expect(await open(ofCity, cityShare)).toBeUndefined();
      expect((await asMember(db, owner.id, (trx) => listOwnShares(trx))).map((s) => s.live)).toEqual([false, false]);
    });

    it("nobody reads a share's sealed key with a plain SELECT, not even its recipient or owner: only through the logged opening", async () => {
      const { owner } = await newOwner();
      const shareId = await share(owner, p.socialWorkerX);
      for (const who of [p.socialWorkerX, owner]) {
        expect(await probe(db, p, who, (trx) => sql`select sealed_key from public.identity_shares where id = ${shareId}`.execute(trx)), who.name).toBe("refused");
        expect(await probe(db, p, who, (trx) => sql`select * from public.identity_shares where id = ${shareId}`.execute(trx)), who.name).toBe("refused");
        // The other columns stay readable to both.
        const row = await probe(db, p, who, (trx) => trx.selectFrom("identity_shares").select(["id", "key_version", "expires_at"]).where("id", "=", shareId).execute());
        expect(row, who.name).toEqual([{ id: shareId, key_version: 1, expires_at: expect.any(Date) }]);
      }
      expect(await logCount({ shareId })).toBe(0);
      expect((await open(p.socialWorkerX, shareId))?.sealedKey).toMatch(/^v1\.sealed\./);
      expect(await logCount({ shareId })).toBe(1);
    });

    it("the scheduled job deletes expired shares and only those", async () => {
      const { owner } = await newOwner();
      const kept = await share(owner, p.socialWorkerX);
      const old = await share(owner, await newSocialWorker());
      await expire(old);
      const deleted = await asSystem(db, "test: prune shares", (trx) => deleteExpiredShares(trx));
      expect(deleted).toBeGreaterThanOrEqual(1);
      expect((await stored(owner.id)).shares.map((s) => s.id)).toEqual([kept]);
    });

    it("nobody inserts, updates, deletes or truncates access-log rows: owner, recipient, admin, API roles, the privileged path", async () => {
      const { owner } = await newOwner();
      const shareId = await share(owner, p.socialWorkerX);
      await open(p.socialWorkerX, shareId);
      const statements = [
        sql`insert into public.identity_access_log (owner_id, accessor_id, share_id, purpose) values (${owner.id}, ${p.socialWorkerX.id}, ${shareId}, 'area_support')`,
        sql`update public.identity_access_log set purpose = 'changed'`,
        sql`update public.identity_access_log set purpose = 'changed' where false`,
        sql`delete from public.identity_access_log`,
        sql`delete from public.identity_access_log where owner_id = ${owner.id}`,
        sql`truncate public.identity_access_log`,
      ];
      for (const who of [owner, p.socialWorkerX, p.admin, "anon", "service_role"] as const) {
        for (const statement of statements) {
          const label = `${typeof who === "string" ? who : who.name}: ${statement.compile(db).sql}`;
          expect(await probe(db, p, who, (trx) => statement.execute(trx)), label).toBe("refused");
        }
      }
      for (const statement of statements.slice(1)) {
        await expect(asSystem(db, "test: tamper with access log", (trx) => statement.execute(trx))).rejects.toThrow(
          /identity_access_log is append-only/,
        );
      }
      expect(await logCount({ shareId })).toBe(1);
    });
  });

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
      expect((await asMember(db, p.socialWorkerX.id, (trx) => listSharesForMe(trx))).map((s) => s.id)).not.toContain(shareId);

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
