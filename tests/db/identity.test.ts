/**
 * The identity vault, shares, rotation and access log (decision 003) on every engine:
 * the data functions members and social workers call, and what RLS and the SQL functions
 * refuse underneath them. Each test makes the accounts whose state it changes, so tests
 * do not depend on one another; the shared personas are only read or used as recipients.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { deleteAccount, getOwnAccount } from "~/data/accounts.server";
import { recordAudit } from "~/data/audit.server";
import {
  createShare,
  exportOwnData,
  getOwnVault,
  listOwnAccessLog,
  listOwnShares,
  listShareRecipients,
  listSharesForMe,
  openSharedIdentity,
  revokeShare,
  saveOwnVault,
  type VaultRecord,
} from "~/data/identity.server";
import { asMember, asSystem } from "~/data/rls.server";
import { createSession } from "~/data/sessions.server";
import {
  createTestAccount,
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
const newVault = (keyVersion = 1): VaultRecord => ({ ciphertext: fakeVaultCiphertext(), ownerSealedKey: fakeSealedKey(), keyVersion });

describeOnEveryEngine("identity vault", { personas: true }, ({ db, p }) => {
  // --- helpers -----------------------------------------------------------------------

  /** A new member living in `areaId` (default: area X, like member A). */
  async function newMember(areaId = p.areas.districtX): Promise<Persona> {
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
            values (${owner.id}, ${fakeVaultCiphertext()}, ${fakeSealedKey()}, 1)`,
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
            values (${owner.id}, ${fakeVaultCiphertext()}, ${fakeSealedKey()}, 2)`.execute(trx),
      );
      expect(atTwo).toBe("refused");
      for (const bad of [
        { ...newVault(), ciphertext: "plain text identity" },
        { ...newVault(), ciphertext: `v1.${"x".repeat(12_000)}` },
        { ...newVault(), ownerSealedKey: "v1.sealed.short" },
        { ...newVault(), ownerSealedKey: `v2.sealed.${fakeSealedKey().slice(10)}` },
      ]) {
        await expect(asMember(db, owner.id, (trx) => saveOwnVault(trx, bad))).rejects.toThrow();
      }
      expect(await asMember(db, owner.id, (trx) => getOwnVault(trx))).toBeUndefined();
    });

    it("deleting the vault deletes its shares", async () => {
      const { owner } = await newOwner();
      const shareId = await share(owner, p.socialWorkerX);
      await asMember(db, owner.id, (trx) => trx.deleteFrom("identity_vaults").where("user_id", "=", sql<string>`auth.uid()`).execute());
      expect(await stored(owner.id)).toEqual({ vault: undefined, shares: [] });
      expect(await open(p.socialWorkerX, shareId)).toBeUndefined();
    });
  });

  // --- recipients and shares -----------------------------------------------------------

  describe("shares", () => {
    it("a member can ask only whether an account is a social worker, never whether it is an admin", async () => {
      const ask = (question: ReturnType<typeof sql<{ v: boolean }>>) => asMember(db, p.memberA.id, async (trx) => (await question.execute(trx)).rows[0]?.v);
      expect(await ask(sql<{ v: boolean }>`select private.is_social_worker(${p.socialWorkerX.id}::uuid) as v`)).toBe(true);
      expect(await ask(sql<{ v: boolean }>`select private.is_social_worker(${p.admin.id}::uuid) as v`)).toBe(false);
      await expect(ask(sql<{ v: boolean }>`select private.user_has_role(${p.admin.id}::uuid, 'admin') as v`)).rejects.toThrow(/permission denied/);
      // Still answered for the caller's own roles, through has_role.
      expect(await asMember(db, p.admin.id, async (trx) => (await sql<{ v: boolean }>`select private.has_role('admin') as v`.execute(trx)).rows[0]?.v)).toBe(true);
    });

    it("lists the social workers serving an area (or all areas) with handle and public key, never the caller", async () => {
      const everywhere = await newSocialWorker(null);
      const inX = await asMember(db, p.memberA.id, (trx) => listShareRecipients(trx, p.areas.districtX));
      const ids = inX.map((r) => r.userId);
      expect(ids).toContain(p.socialWorkerX.id);
      expect(ids).toContain(everywhere.id);
      expect(ids).not.toContain(p.socialWorkerY.id);
      expect(ids).not.toContain(p.admin.id);
      const x = inX.find((r) => r.userId === p.socialWorkerX.id);
      expect(Object.keys(x ?? {}).sort()).toEqual(["handle", "publicKey", "userId"]);
      expect(x).toMatchObject({ handle: p.socialWorkerX.handle, publicKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });

      const inY = await asMember(db, p.memberA.id, (trx) => listShareRecipients(trx, p.areas.districtY));
      expect(inY.map((r) => r.userId)).toContain(p.socialWorkerY.id);
      expect(inY.map((r) => r.userId)).not.toContain(p.socialWorkerX.id);

      const asWorker = await asMember(db, p.socialWorkerX.id, (trx) => listShareRecipients(trx, p.areas.districtX));
      expect(asWorker.map((r) => r.userId)).not.toContain(p.socialWorkerX.id);
      expect(await asMember(db, p.memberA.id, (trx) => listShareRecipients(trx, "not-a-uuid"))).toEqual([]);
      const inZ = (await asMember(db, p.memberA.id, (trx) => listShareRecipients(trx, p.areas.districtZ))).map((r) => r.userId);
      expect(inZ).toContain(everywhere.id);
      expect(inZ).not.toContain(p.socialWorkerX.id);
      expect(inZ).not.toContain(p.socialWorkerY.id);
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
      expect(await insert(owner, { owner: owner.id, recipient: owner.id })).toBe("refused");
      expect(await insert(owner, { owner: owner.id, recipient: p.socialWorkerX.id, keyVersion: 2 })).toBe("refused");
      expect(await insert(owner, { owner: other.owner.id, recipient: p.socialWorkerX.id })).toBe("refused");
      expect(await insert(p.memberB, { owner: p.memberB.id, recipient: p.socialWorkerX.id })).toBe("refused");
      const ok = await insert(owner, { owner: owner.id, recipient: p.socialWorkerX.id });
      expect(ok).not.toBe("refused");
      // Owners change only the sealed key and its version, and only to the vault's version.
      const id = await share(owner, p.socialWorkerY);
      expect(await probe(db, p, owner, (trx) => sql`update public.identity_shares set expires_at = now() + interval '300 days' where id = ${id}`.execute(trx))).toBe("refused");
      expect(await probe(db, p, owner, (trx) => sql`update public.identity_shares set recipient_id = ${p.socialWorkerX.id} where id = ${id}`.execute(trx))).toBe("refused");
      expect(await probe(db, p, owner, (trx) => sql`update public.identity_shares set key_version = 2 where id = ${id}`.execute(trx))).toBe("refused");
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

    it("the owner lists their shares (expired ones marked) with each recipient's handle and key; recipients list live shares with the owner's handle", async () => {
      const { owner } = await newOwner();
      const live = await share(owner, p.socialWorkerX);
      const old = await share(owner, p.socialWorkerY);
      await expire(old);
      const own = await asMember(db, owner.id, (trx) => listOwnShares(trx));
      expect(own.map((s) => [s.id, s.expired]).sort()).toEqual([[live, false], [old, true]].sort());
      const liveShare = own.find((s) => s.id === live);
      expect(liveShare).toEqual({
        id: live,
        recipientId: p.socialWorkerX.id,
        recipientHandle: p.socialWorkerX.handle,
        recipientPublicKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        purpose: "area_support",
        expiresAt: expect.any(Date),
        createdAt: expect.any(Date),
        expired: false,
      });
      expect(own.find((s) => s.id === old)?.recipientHandle).toBe(p.socialWorkerY.handle);

      const forX = await asMember(db, p.socialWorkerX.id, (trx) => listSharesForMe(trx));
      expect(forX.find((s) => s.id === live)).toEqual({ id: live, ownerId: owner.id, ownerHandle: owner.handle, purpose: "area_support", expiresAt: expect.any(Date) });
      const forY = await asMember(db, p.socialWorkerY.id, (trx) => listSharesForMe(trx));
      expect(forY.map((s) => s.id)).not.toContain(old);
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
        sql`select * from public.share_recipients(${p.areas.districtX}::uuid)`,
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
        expect(entry).toEqual({ accessorHandle: p.socialWorkerX.handle, purpose: "area_support", accessedAt: expect.any(Date), shareId });
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
      const revoked = await share(owner, p.socialWorkerX);
      const kept1 = await share(owner, p.socialWorkerY);
      const kept2 = await share(owner, third);
      const foreign = await share((await newOwner()).owner, p.socialWorkerX);
      const before = await stored(owner.id);
      const reseal = (shareId: string) => ({ shareId, sealedKey: fakeSealedKey() });
      const rotation = (newKeyVersion: number, reseals: { shareId: string; sealedKey: string }[]) => ({
        shareId: revoked,
        ciphertext: fakeVaultCiphertext(),
        ownerSealedKey: fakeSealedKey(),
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
          await sql<{ v: boolean }>`select public.rotate_identity_vault(${revoked}::uuid, ${fakeVaultCiphertext()}, ${fakeSealedKey()}, 2,
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
      expect(await open(p.socialWorkerY, kept1)).toEqual(expect.objectContaining({ ciphertext: good.ciphertext, sealedKey: sealedFor[kept1], keyVersion: 2 }));
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

    it("revoking the only share rotates with no re-seals", async () => {
      const { owner } = await newOwner();
      const only = await share(owner, p.socialWorkerX);
      const rotated = { shareId: only, ciphertext: fakeVaultCiphertext(), ownerSealedKey: fakeSealedKey(), newKeyVersion: 2, reseals: [] };
      expect(await asMember(db, owner.id, (trx) => revokeShare(trx, rotated))).toEqual({ ok: true });
      expect(await stored(owner.id)).toMatchObject({ vault: { key_version: 2, ciphertext: rotated.ciphertext }, shares: [] });
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
      await asMember(db, owner.id, (trx) => recordAudit(trx, "identity.saved", owner.id));

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

    it("deleteAccount removes every row the account owns in every table; audit and access-log rows keep bare ids", async () => {
      // The account is both an owner (vault, a share it made, opened by X) and a recipient
      // (a social worker with a share from another member, which it opened).
      const { owner: doomed } = await newOwner();
      await grantTestRole(db, doomed.id, "social_worker", p.areas.districtX);
      const { owner: friend } = await newOwner();
      const madeShare = await share(doomed, p.socialWorkerX);
      const receivedShare = await share(friend, doomed);
      await open(p.socialWorkerX, madeShare);
      await open(doomed, receivedShare);
      await asSystem(db, "test: fixture", async (trx) => {
        await createSession(trx, doomed.id, randomUUID().replaceAll("-", "").padEnd(64, "0"), inDays(1));
        await trx.insertInto("role_grants").values({ user_id: p.memberB.id, role: "leader", area_id: p.areas.districtY, granted_by: doomed.id }).execute();
        await recordAudit(trx, { action: "account.created", actorId: doomed.id, subjectId: doomed.id });
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
        "public.identity_shares.owner_id": 0,
        "public.identity_shares.recipient_id": 0,
        "public.identity_vaults.user_id": 0,
        "public.profiles.id": 0,
        "public.role_grants.granted_by": 0,
        "public.role_grants.user_id": 0,
        "public.user_keys.user_id": 0,
      });
      expect(left).toMatchObject({ users: 0, sharesOfFriend: 0, grantedByNulled: null, audit: 1, accessLogAsOwner: 1, accessLogAsAccessor: 1 });

      // The friend still sees that the deleted account opened their vault, without a handle.
      const friendLog = await asMember(db, friend.id, (trx) => listOwnAccessLog(trx));
      expect(friendLog).toEqual([{ accessorHandle: null, purpose: "area_support", accessedAt: expect.any(Date), shareId: receivedShare }]);
    });
  });
});
