/**
 * What the identity vault's database tests (tests/db/identity*.test.ts) build and read: new
 * members, social workers and vault owners, shares, and the stored state and access log
 * they check. Each test makes the accounts whose state it changes; the shared personas are
 * only read or used as recipients.
 */
import { sql, type Kysely } from "kysely";
import { createShare, saveOwnVault, type VaultRecord } from "~/data/identity.server";
import { listSharesForMe, openSharedIdentity, type ShareForMe } from "~/data/identity-openings.server";
import { asMember, asSystem } from "~/data/rls.server";
import type { Database } from "~/data/schema";
import { SHARES_PAGE_SIZE } from "~/domain/identity/shares-pages";
import type { KeysetFrom } from "~/domain/navigation/keyset-pages";
import { createTestAccount, fakeOwnerKey, fakeSealedKey, fakeVaultCiphertext, grantTestRole, probe, type Persona, type Personas, type Who } from "./db-personas";

const DAY = 86_400_000;
export const inDays = (days: number) => new Date(Date.now() + days * DAY);
export const newVault = (keyVersion = 1): VaultRecord => ({ ciphertext: fakeVaultCiphertext(), ownerSealedKey: fakeOwnerKey(), keyVersion });

/**
 * Every live share addressed to `who`, page by page as /shared reads them: a share on a later
 * page is still found, and one that is absent is absent from all of them.
 */
export async function allSharesForMe(db: Kysely<Database>, who: { id: string }): Promise<ShareForMe[]> {
  const shares: ShareForMe[] = [];
  let from: KeysetFrom<string> = null;
  do {
    const page = await asMember(db, who.id, (trx) => listSharesForMe(trx, { from, limit: SHARES_PAGE_SIZE }));
    shares.push(...page.shares);
    from = page.next === null ? null : { toward: "end", anchor: page.next };
  } while (from !== null);
  return shares;
}

/** The helpers, for one suite's database and personas. */
export function identityFixture(db: Kysely<Database>, p: Personas) {
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

  return { newMember, newSocialWorker, newOwner, share, expire, logCount, stored, visibleTo, open };
}
