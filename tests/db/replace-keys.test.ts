/**
 * A new recovery code and a new key pair (decision 015) on every engine: each applied in one
 * transaction or not at all, stale requests refused with nothing changed, the vault rotated
 * under the member's own RLS with only live shares re-sealed, and nobody else able to rotate
 * a member's vault. Each test makes the accounts whose state it changes.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { findAccountKeyState, type AccountKeyState } from "~/data/accounts.server";
import { createShare, saveOwnVault, type Reseal } from "~/data/identity.server";
import { openSharedIdentity } from "~/data/identity-openings.server";
import { replaceKeyPair, replaceRecoveryCode, type KeyPairReplacement } from "~/data/key-replacement.server";
import { asMember, asSystem } from "~/data/rls.server";
import { createSession, sessionTabKey } from "~/data/sessions.server";
import {
  createTestAccount,
  fakeHash,
  fakeOwnerKey,
  fakeSealedKey,
  fakeVaultCiphertext,
  fakeWrappedKey,
  grantTestRole,
  probe,
  type Persona,
} from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";

const DAY = 86_400_000;
const b64 = (bytes: number) => randomBytes(bytes).toString("base64url");

describeOnEveryEngine("replacing keys", { personas: true }, ({ db, p }) => {
  // --- helpers -----------------------------------------------------------------------

  async function newMember(): Promise<Persona> {
    const member = await createTestAccount(db, "memberA");
    await asSystem(db, "test: place member", (trx) => trx.updateTable("profiles").set({ area_id: p.areas.districtX }).where("id", "=", member.id).execute());
    return member;
  }

  async function newSocialWorker(): Promise<Persona> {
    const worker = await createTestAccount(db, "socialWorkerX");
    await grantTestRole(db, worker.id, "social_worker", p.areas.districtX);
    return worker;
  }

  async function saveVault(owner: Persona): Promise<void> {
    const saved = await asMember(db, owner.id, (trx) => saveOwnVault(trx, { ciphertext: fakeVaultCiphertext(), ownerSealedKey: fakeOwnerKey(), keyVersion: 1 }));
    if (!saved.ok) throw new Error("could not save the vault");
  }

  async function share(owner: Persona, recipient: Persona): Promise<string> {
    const created = await asMember(db, owner.id, (trx) =>
      createShare(trx, { recipientId: recipient.id, purpose: "area_support", sealedKey: fakeSealedKey(), keyVersion: 1, expiresAt: new Date(Date.now() + 30 * DAY) }),
    );
    if (!created.ok) throw new Error(`could not share: ${created.reason}`);
    return created.id;
  }

  /** A signed-in session of the member whose tab has asked for its tab key. */
  async function sessionWithTabKey(userId: string): Promise<string> {
    const tokenHash = createHash("sha256").update(randomUUID()).digest("hex");
    await asSystem(db, "test: session", async (trx) => {
      await createSession(trx, userId, tokenHash, new Date(Date.now() + DAY));
      await sessionTabKey(trx, tokenHash, b64(32));
    });
    return tokenHash;
  }

  async function keyState(userId: string): Promise<AccountKeyState> {
    const state = await asSystem(db, "test: key state", (trx) => findAccountKeyState(trx, userId));
    if (!state) throw new Error("no account");
    return state;
  }

  /** Everything a key change may touch, as stored, for "nothing changed" checks. */
  async function stored(userId: string) {
    return asSystem(db, "test: read account state", async (trx) => ({
      user: await trx.selectFrom("auth.users").select(["encrypted_password"]).where("id", "=", userId).executeTakeFirst(),
      keys: await trx.selectFrom("user_keys").selectAll().where("user_id", "=", userId).executeTakeFirst(),
      recovery: await trx.selectFrom("private.recovery_keys").selectAll().where("user_id", "=", userId).executeTakeFirst(),
      vault: await trx.selectFrom("identity_vaults").selectAll().where("user_id", "=", userId).executeTakeFirst(),
      sharesFrom: await trx.selectFrom("identity_shares").selectAll().where("owner_id", "=", userId).orderBy("id").execute(),
      sharesTo: await trx.selectFrom("identity_shares").selectAll().where("recipient_id", "=", userId).orderBy("id").execute(),
      sessions: await trx.selectFrom("private.sessions").select(["token_hash", "tab_key"]).where("user_id", "=", userId).orderBy("token_hash").execute(),
      audit: await trx.selectFrom("audit_log").select(["action", "actor_id", "subject_id"]).where("subject_id", "=", userId).orderBy("id").execute(),
    }));
  }

  const reseal = (shareId: string): Reseal => ({ shareId, sealedKey: fakeSealedKey() });

  function replacement(seen: AccountKeyState, vault: KeyPairReplacement["vault"]): KeyPairReplacement {
    return {
      seen,
      passphrase: { authKeyHash: fakeHash(), kdfSalt: b64(16), kdfOpslimit: 3, kdfMemlimit: 64 * 1024 * 1024, wrappedPrivateKey: fakeWrappedKey() },
      publicKey: b64(32),
      recovery: { authKeyHash: fakeHash(), wrappedPrivateKey: fakeWrappedKey() },
      vault,
    };
  }

  const rotation = (newKeyVersion: number, reseals: Reseal[]) => ({ ciphertext: fakeVaultCiphertext(), ownerSealedKey: fakeOwnerKey(), newKeyVersion, reseals });

  // --- a new recovery code ---------------------------------------------------------------

  describe("a new recovery code", () => {
    it("replaces only the recovery row, at once, and audits it", async () => {
      const member = await newMember();
      const session = await sessionWithTabKey(member.id);
      const before = await stored(member.id);
      const recovery = { authKeyHash: fakeHash(), wrappedPrivateKey: fakeWrappedKey() };
      expect(await replaceRecoveryCode(db, member.id, { seen: await keyState(member.id), recovery })).toEqual({ ok: true });
      const after = await stored(member.id);
      expect(after.recovery).toMatchObject({ auth_key_hash: recovery.authKeyHash, wrapped_private_key: recovery.wrappedPrivateKey });
      expect({ ...after, recovery: undefined, audit: undefined }).toEqual({ ...before, recovery: undefined, audit: undefined });
      expect(after.sessions).toEqual([{ token_hash: session, tab_key: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) }]);
      expect(after.audit.slice(before.audit.length)).toEqual([{ action: "recovery_code.replaced", actor_id: member.id, subject_id: member.id }]);
    });

    it("is refused as stale, changing nothing, when the keys changed since the passphrase was checked", async () => {
      const member = await newMember();
      const seen = await keyState(member.id);
      const first = { authKeyHash: fakeHash(), wrappedPrivateKey: fakeWrappedKey() };
      expect(await replaceRecoveryCode(db, member.id, { seen, recovery: first })).toEqual({ ok: true });
      // A second request checked against the same state (another tab, at the same time) is stale.
      const before = await stored(member.id);
      expect(await replaceRecoveryCode(db, member.id, { seen, recovery: { authKeyHash: fakeHash(), wrappedPrivateKey: fakeWrappedKey() } })).toEqual({
        ok: false,
        reason: "stale",
      });
      expect(await stored(member.id)).toEqual(before);
    });
  });

  // --- a new key pair --------------------------------------------------------------------

  describe("a new key pair", () => {
    it("applies account keys, public key, recovery row, vault rotation and re-seals at once; takes every tab key; audits it", async () => {
      const owner = await newMember();
      await saveVault(owner);
      const worker = await newSocialWorker();
      const live = await share(owner, worker);
      const sessions = [await sessionWithTabKey(owner.id), await sessionWithTabKey(owner.id)];
      const otherSession = await sessionWithTabKey(p.memberB.id);
      const before = await stored(owner.id);
      const change = replacement(await keyState(owner.id), rotation(2, [reseal(live)]));

      expect(await replaceKeyPair(db, owner.id, change)).toEqual({ ok: true });
      const after = await stored(owner.id);
      expect(after.user?.encrypted_password).toBe(change.passphrase.authKeyHash);
      expect(after.keys).toMatchObject({
        public_key: change.publicKey,
        kdf_salt: change.passphrase.kdfSalt,
        wrapped_private_key: change.passphrase.wrappedPrivateKey,
      });
      expect(after.recovery).toMatchObject({ auth_key_hash: change.recovery.authKeyHash, wrapped_private_key: change.recovery.wrappedPrivateKey });
      expect(after.vault).toMatchObject({ ciphertext: change.vault?.ciphertext, owner_sealed_key: change.vault?.ownerSealedKey, key_version: 2 });
      expect(after.sharesFrom.map((s) => [s.id, s.sealed_key, s.key_version])).toEqual([[live, change.vault?.reseals[0]?.sealedKey, 2]]);
      // Sessions stay signed in, but no tab key survives: every tab must unlock the new keys.
      expect(after.sessions).toEqual(sessions.sort().map((token_hash) => ({ token_hash, tab_key: null })));
      expect((await stored(p.memberB.id)).sessions).toEqual([{ token_hash: otherSession, tab_key: expect.any(String) }]);
      expect(after.audit.slice(before.audit.length)).toEqual([{ action: "keys.replaced", actor_id: owner.id, subject_id: owner.id }]);
      // The worker opens the re-sealed copy of the rotated vault.
      expect(await asMember(db, worker.id, (trx) => openSharedIdentity(trx, live))).toMatchObject({
        ciphertext: change.vault?.ciphertext,
        sealedKey: change.vault?.reseals[0]?.sealedKey,
        keyVersion: 2,
      });
      // The old key state is now stale: a second replacement checked before the first is refused.
      expect(await replaceKeyPair(db, owner.id, replacement(change.seen, rotation(3, [reseal(live)])))).toEqual({ ok: false, reason: "stale" });
    });

    it("a member without a vault replaces just the keys; shares sealed to their old key are deleted", async () => {
      const worker = await newSocialWorker();
      const sharer = await newMember();
      await saveVault(sharer);
      const incoming = await share(sharer, worker);
      const change = replacement(await keyState(worker.id), null);
      expect(await replaceKeyPair(db, worker.id, change)).toEqual({ ok: true });
      const after = await stored(worker.id);
      expect(after.keys?.public_key).toBe(change.publicKey);
      expect(after.vault).toBeUndefined();
      expect(after.sharesTo).toEqual([]);
      expect(await asMember(db, worker.id, (trx) => openSharedIdentity(trx, incoming))).toBeUndefined();
      // The sharer's vault is untouched; they can share again.
      expect((await stored(sharer.id)).vault?.key_version).toBe(1);
    });

    it("is all or nothing: a stale key state, key version or share set, or a refused owner's copy changes nothing anywhere", async () => {
      const owner = await newMember();
      await saveVault(owner);
      const kept = await share(owner, await newSocialWorker());
      const other = await share(owner, await newSocialWorker());
      const foreignOwner = await newMember();
      await saveVault(foreignOwner);
      const foreign = await share(foreignOwner, await newSocialWorker());
      // The owner is a social worker too, with a share addressed to them (deleted on success).
      await grantTestRole(db, owner.id, "social_worker", p.areas.districtX);
      const incoming = await share(foreignOwner, owner);
      await sessionWithTabKey(owner.id);
      const seen = await keyState(owner.id);
      const before = await stored(owner.id);
      const foreignBefore = await stored(foreignOwner.id);

      const stale = [
        replacement({ ...seen, passphraseWrapping: fakeWrappedKey() }, rotation(2, [reseal(kept), reseal(other)])),
        replacement({ ...seen, recoveryAuthKeyHash: fakeHash() }, rotation(2, [reseal(kept), reseal(other)])),
        replacement(seen, rotation(3, [reseal(kept), reseal(other)])),
        replacement(seen, rotation(1, [reseal(kept), reseal(other)])),
        replacement(seen, rotation(2, [reseal(kept)])),
        replacement(seen, rotation(2, [])),
        replacement(seen, rotation(2, [reseal(kept), reseal(kept), reseal(other)])),
        replacement(seen, rotation(2, [reseal(kept), reseal(other), reseal(foreign)])),
        replacement(seen, rotation(2, [reseal(kept), reseal(foreign)])),
        replacement(seen, rotation(2, [reseal(kept), reseal("not-a-uuid")])),
        // The browser found no vault, but there is one (it would stay boxed for the old pair).
        replacement(seen, null),
      ];
      for (const attempt of stale) {
        expect(await replaceKeyPair(db, owner.id, attempt)).toEqual({ ok: false, reason: "stale" });
        expect(await stored(owner.id)).toEqual(before);
      }
      // The database refuses the anonymous owner's copy: the account keys go back with it.
      const anonymousCopy = replacement(seen, { ...rotation(2, [reseal(kept), reseal(other)]), ownerSealedKey: fakeSealedKey() });
      await expect(replaceKeyPair(db, owner.id, anonymousCopy)).rejects.toThrow(/identity_vaults_owner_sealed_key_format/);
      expect(await stored(owner.id)).toEqual(before);
      expect(await stored(foreignOwner.id)).toEqual(foreignBefore);
      expect(before.sharesTo.map((s) => s.id)).toEqual([incoming]);

      // A browser that sent a rotation for a vault deleted meanwhile is stale too.
      const noVault = await newMember();
      const noVaultBefore = await stored(noVault.id);
      expect(await replaceKeyPair(db, noVault.id, replacement(await keyState(noVault.id), rotation(2, [])))).toEqual({ ok: false, reason: "stale" });
      expect(await stored(noVault.id)).toEqual(noVaultBefore);
    });

    it("re-seals only live shares: expired ones and those of a worker who moved on are refused as re-seals and deleted with it", async () => {
      const owner = await newMember();
      await saveVault(owner);
      const moved = await newSocialWorker();
      const kept = await share(owner, await newSocialWorker());
      const expired = await share(owner, await newSocialWorker());
      const movedAway = await share(owner, moved);
      await asSystem(db, "test: expire share", (trx) =>
        sql`update public.identity_shares set created_at = now() - interval '10 days', expires_at = now() - interval '1 second' where id = ${expired}`.execute(trx),
      );
      await asSystem(db, "test: move worker", (trx) => trx.updateTable("role_grants").set({ area_id: p.areas.districtY }).where("user_id", "=", moved.id).execute());
      const seen = await keyState(owner.id);
      const before = await stored(owner.id);
      for (const ids of [[kept, expired, movedAway], [kept, expired], [kept, movedAway]]) {
        expect(await replaceKeyPair(db, owner.id, replacement(seen, rotation(2, ids.map(reseal))))).toEqual({ ok: false, reason: "stale" });
        expect(await stored(owner.id)).toEqual(before);
      }
      expect(await replaceKeyPair(db, owner.id, replacement(seen, rotation(2, [reseal(kept)])))).toEqual({ ok: true });
      expect((await stored(owner.id)).sharesFrom.map((s) => [s.id, s.key_version])).toEqual([[kept, 2]]);
      await asSystem(db, "test: move worker back", (trx) => trx.updateTable("role_grants").set({ area_id: p.areas.districtX }).where("user_id", "=", moved.id).execute());
      expect(await asMember(db, moved.id, (trx) => openSharedIdentity(trx, movedAway))).toBeUndefined();
    });

    it("nobody else can rotate a member's vault for new keys: another member, a worker holding a share, anon and the API roles", async () => {
      const owner = await newMember();
      await saveVault(owner);
      const worker = await newSocialWorker();
      const kept = await share(owner, worker);
      const before = await stored(owner.id);
      const call = (reseals: Reseal[]) =>
        sql<{ v: boolean }>`select public.rotate_identity_vault_for_new_keys(${fakeVaultCiphertext()}, ${fakeOwnerKey()}, 2, ${JSON.stringify(reseals)}::jsonb) as v`;
      const intruder = await newMember();
      await saveVault(intruder);
      // Under their own RLS the function sees only their own vault and shares: the owner's share ids make it stale.
      for (const who of [intruder, worker]) {
        expect(await asMember(db, who.id, async (trx) => (await call([reseal(kept)]).execute(trx)).rows[0]?.v)).toBe(false);
      }
      for (const who of ["anon", "service_role"] as const) {
        expect(await probe(db, p, who, (trx) => call([reseal(kept)]).execute(trx))).toBe("refused");
      }
      expect(await stored(owner.id)).toEqual(before);
      expect((await stored(intruder.id)).vault?.key_version).toBe(1);
    });
  });
});
