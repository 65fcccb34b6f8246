/**
 * The identity vault and its shares, from the owner's side (docs/decisions/003-identity-vault-and-shares.md);
 * opening a share and the log of openings are in identity-openings.server.ts.
 * Everything runs as the member (asMember): RLS decides what they read and write, and the
 * checks here only turn the refusals a user can cause into typed results. Ciphertext and
 * sealed keys pass through unchanged; only the browser encrypts or decrypts.
 */
import { sql } from "kysely";
import { callerId, type MemberTx, type SystemTx } from "./rls.server";
import { compiledQuery } from "./compiled-query.server";
import type { ShareEndReason } from "./schema";
import { isUuid } from "~/domain/formats/uuid";
import { staffCardOf, type StaffCard } from "~/domain/accounts/staff-card";
import { MAX_KEY_PINS } from "~/domain/identity/key-pins";
import type { IdentitySharePurpose } from "~/domain/identity/share-purposes";

/** The member's own vault row. */
export interface VaultRecord {
  ciphertext: string;
  /** `v2.box.…`: the data key boxed from the owner's key pair to itself (decision 011). */
  ownerSealedKey: string;
  keyVersion: number;
}

export type SaveVaultResult = { ok: true } | { ok: false; reason: "stale" };

export interface ShareRecipient {
  userId: string;
  handle: string;
  /** The name and organisation an admin set (migration 0020), if any. */
  card: StaffCard | null;
  /** base64url X25519 public key to seal the data key to. */
  publicKey: string;
}

export interface NewShare {
  recipientId: string;
  purpose: IdentitySharePurpose;
  /** The data key sealed to the recipient's public key. */
  sealedKey: string;
  /** The vault's current key version. */
  keyVersion: number;
  /** In the future and at most IDENTITY_SHARE_MAX_DAYS from now. */
  expiresAt: Date;
  /** The help request it is for: exactly when purpose is help_request (migration 0036). */
  helpRequestId?: string;
}

export type CreateShareResult =
  | { ok: true; id: string }
  | { ok: false; reason: "not-allowed" | "stale" | "exists" | "no-vault" | "too-many" };

/** A new share and the vault re-encrypted with the recipient's key pinned (decision 014), at one key version. */
export interface NewShareWithVault {
  share: Omit<NewShare, "keyVersion">;
  /** The share is made at this vault's key version, which must be the current one. */
  vault: VaultRecord;
}

/** One of the member's own shares, expired ones included. */
export interface OwnShare {
  id: string;
  recipientId: string;
  recipientHandle: string;
  recipientCard: StaffCard | null;
  /** Needed to re-seal the share when the vault rotates. */
  recipientPublicKey: string;
  purpose: IdentitySharePurpose;
  expiresAt: Date;
  createdAt: Date;
  /** True once expiresAt has passed: the recipient can no longer read it. */
  expired: boolean;
  /**
   * Unexpired and the recipient still serves the owner's area (private.share_is_live): only
   * live shares are re-sealed at a rotation; the others are deleted with it.
   */
  live: boolean;
}

/** One of the member's shares that has ended: no key is left, only its history. */
export interface EndedShare {
  id: string;
  /** null once the worker's account is deleted. */
  recipientHandle: string | null;
  recipientCard: StaffCard | null;
  purpose: IdentitySharePurpose;
  createdAt: Date;
  expiresAt: Date;
  endedAt: Date;
  reason: ShareEndReason;
}

export interface Reseal {
  shareId: string;
  /** The new data key sealed to that share's recipient. */
  sealedKey: string;
}

/** The vault rotated to a new data key by the owner's browser. */
export interface VaultRotation {
  /** The vault re-encrypted under a new data key, for key version newKeyVersion. */
  ciphertext: string;
  ownerSealedKey: string;
  /** The current key version plus one. */
  newKeyVersion: number;
  /** Every live share of the owner (but a revoked one), re-sealed under the new data key. */
  reseals: Reseal[];
}

export interface RevokeShare extends VaultRotation {
  shareId: string;
}

export type RevokeShareResult = { ok: true } | { ok: false; reason: "stale" | "not-found" };

export type RotateForNewKeysResult = { ok: true } | { ok: false; reason: "stale" };

/** The database's own ceiling (migration 0006); forms offer a day less (SHARE_MAX_DAYS), so clock skew cannot hit it. */
const IDENTITY_SHARE_MAX_DAYS = 366;

export async function getOwnVault(trx: MemberTx): Promise<VaultRecord | undefined> {
  return (await ownVault(trx, {}))[0];
}

const ownVault = compiledQuery<VaultRecord>((db) =>
  db
    .selectFrom("identity_vaults")
    .select(["ciphertext", "owner_sealed_key as ownerSealedKey", "key_version as keyVersion"])
    // Explicit: a social worker's RLS also shows vaults shared with them.
    .where("user_id", "=", callerId),
);

/**
 * Creates the vault (keyVersion 1, none yet) or replaces its ciphertext and owner's sealed
 * key at the current key version. An edit must keep the data key (or shares stop opening);
 * a new data key goes through revokeShare's rotation. Another version is "stale".
 */
export async function saveOwnVault(trx: MemberTx, vault: VaultRecord): Promise<SaveVaultResult> {
  const updated = await trx
    .updateTable("identity_vaults")
    .set({ ciphertext: vault.ciphertext, owner_sealed_key: vault.ownerSealedKey, updated_at: sql<Date>`now()` })
    .where("user_id", "=", callerId)
    .where("key_version", "=", vault.keyVersion)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 1n) return { ok: true };
  if (vault.keyVersion !== 1) return { ok: false, reason: "stale" };
  const inserted = await trx
    .insertInto("identity_vaults")
    .values({ user_id: callerId, ciphertext: vault.ciphertext, owner_sealed_key: vault.ownerSealedKey, key_version: 1 })
    .onConflict((oc) => oc.column("user_id").doNothing())
    .executeTakeFirst();
  return inserted.numInsertedOrUpdatedRows === 1n ? { ok: true } : { ok: false, reason: "stale" };
}

/**
 * Deletes the member's vault and, through the foreign key, every share of it. True if there
 * was one. The member's way out of a vault their browser refuses (decision 011).
 */
export async function deleteOwnVault(trx: MemberTx): Promise<boolean> {
  const deleted = await trx.deleteFrom("identity_vaults").where("user_id", "=", callerId).executeTakeFirst();
  return deleted.numDeletedRows === 1n;
}

/** Social workers whose grant covers the caller's home area (areaCovers), the caller excluded, by handle, with their staff cards (migration 0060). */
export async function listShareRecipients(trx: MemberTx): Promise<ShareRecipient[]> {
  return (await shareRecipients(trx, {})).map(({ displayName, organisation, ...recipient }) => ({ ...recipient, card: staffCardOf(displayName, organisation) }));
}

const shareRecipients = compiledQuery<Omit<ShareRecipient, "card"> & { displayName: string | null; organisation: string | null }>(
  () => sql`
    select user_id as "userId", handle, public_key as "publicKey", display_name as "displayName", organisation
    from private.share_recipients()`,
);

/**
 * Seals the vault's data key to a social worker. Checks first so refusals are typed
 * results; the insert policy is the actual guard. "too-many": the member already holds
 * MAX_KEY_PINS unexpired shares with other workers, the most whose key pins the padded vault
 * is sure to hold (decision 014); they take one back first.
 */
export async function createShare(trx: MemberTx, share: NewShare): Promise<CreateShareResult> {
  if (!isUuid(share.recipientId)) return { ok: false, reason: "not-allowed" };
  // Locks the vault row, so a rotation cannot slip between this check and the insert.
  const vault = await trx
    .selectFrom("identity_vaults")
    .select("key_version")
    .where("user_id", "=", callerId)
    .forShare()
    .executeTakeFirst();
  if (!vault) return { ok: false, reason: "no-vault" };
  if (vault.key_version !== share.keyVersion) return { ok: false, reason: "stale" };

  const helpRequestId = share.helpRequestId ?? null;
  if ((share.purpose === "help_request") !== (helpRequestId !== null) || (helpRequestId !== null && !isUuid(helpRequestId))) {
    return { ok: false, reason: "not-allowed" };
  }
  // The worker must serve the member's area, or for a request be the one assigned to it (0036).
  const checks = await sql<{ me: string; allowed: boolean; expiry_ok: boolean }>`
    select ${callerId}::text as callerId,
           case when ${helpRequestId}::uuid is null then private.serves_my_area(${share.recipientId}::uuid)
                else private.may_share_for_request(${helpRequestId}::uuid, ${share.recipientId}::uuid) end as allowed,
           ${share.expiresAt}::timestamptz > now()
             and ${share.expiresAt}::timestamptz <= now() + make_interval(days => ${IDENTITY_SHARE_MAX_DAYS}::int) as expiry_ok`.execute(trx);
  const check = checks.rows[0];
  if (!check?.allowed || check.me === share.recipientId.toLowerCase()) return { ok: false, reason: "not-allowed" };
  // The form bounds the expiry; outside the bounds is a programming error, as in the database.
  if (!check.expiry_ok) {
    throw new RangeError(`createShare: expiresAt must be in the future and at most ${IDENTITY_SHARE_MAX_DAYS} days away`);
  }
  // Another share with this worker is "exists" below, not one too many.
  const others = await trx
    .selectFrom("identity_shares")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where("owner_id", "=", callerId)
    .where("recipient_id", "<>", share.recipientId)
    .where("expires_at", ">", sql<Date>`now()`)
    .executeTakeFirstOrThrow();
  if (Number(others.count) >= MAX_KEY_PINS) return { ok: false, reason: "too-many" };

  const row = await trx
    .insertInto("identity_shares")
    .values({
      owner_id: callerId,
      recipient_id: share.recipientId,
      purpose: share.purpose,
      sealed_key: share.sealedKey,
      key_version: share.keyVersion,
      expires_at: share.expiresAt,
      help_request_id: helpRequestId,
    })
    // identity_shares_once: one per owner, worker, purpose and request.
    .onConflict((oc) => oc.doNothing())
    .returning("id")
    .executeTakeFirst();
  return row ? { ok: true, id: row.id } : { ok: false, reason: "exists" };
}

/**
 * Shares the vault and replaces its ciphertext (the same data key, now holding the
 * recipient's key pin) in one step: both, or neither. The browser's pin must not be lost
 * while the share it protects is kept. Refusals are createShare's, decided before anything
 * is written; "stale" also when the vault has moved past the upload's key version.
 */
export async function createShareWithVault(trx: MemberTx, { share, vault }: NewShareWithVault): Promise<CreateShareResult> {
  // Locks the vault row for the update below; a concurrent save, share or rotation waits.
  const current = await trx.selectFrom("identity_vaults").select("key_version").where("user_id", "=", callerId).forUpdate().executeTakeFirst();
  if (!current) return { ok: false, reason: "no-vault" };
  if (current.key_version !== vault.keyVersion) return { ok: false, reason: "stale" };
  const created = await createShare(trx, { ...share, keyVersion: vault.keyVersion });
  if (!created.ok) return created;
  const saved = await saveOwnVault(trx, vault);
  // Cannot happen under the lock at this version; throwing rolls the share back with it.
  if (!saved.ok) throw new Error("createShareWithVault: the locked vault did not take the upload");
  return created;
}

/** The member's own shares, expired ones too (marked), newest first. */
export async function listOwnShares(trx: MemberTx): Promise<OwnShare[]> {
  const rows = await ownShares(trx, {});
  return rows.map((row) => {
    if (row.handle === null || row.public_key === null) throw new Error("listOwnShares: a share's recipient has no profile or key");
    return {
      id: row.id,
      recipientId: row.recipient_id,
      recipientHandle: row.handle,
      recipientCard: staffCardOf(row.display_name, row.organisation),
      recipientPublicKey: row.public_key,
      purpose: row.purpose,
      expiresAt: row.expires_at,
      createdAt: row.created_at,
      expired: row.expired,
      live: row.live,
    };
  });
}

const ownShares = compiledQuery((db) =>
  db
    .selectFrom("identity_shares as s")
    .leftJoin(sql<{ user_id: string; handle: string; public_key: string | null }>`private.identity_counterparts()`.as("c"), "c.user_id", "s.recipient_id")
    .leftJoin("staff_cards as card", "card.user_id", "s.recipient_id")
    .select([
      "s.id",
      "s.recipient_id",
      "c.handle",
      "c.public_key",
      "card.display_name",
      "card.organisation",
      "s.purpose",
      "s.expires_at",
      "s.created_at",
      sql<boolean>`s.expires_at <= now()`.as("expired"),
      sql<boolean>`private.share_is_live(s.id)`.as("live"),
    ])
    .where("s.owner_id", "=", callerId)
    .orderBy("s.created_at", "desc")
    .orderBy("s.id"),
);

/** The member's ended shares (migration 0019), most recently ended first. */
export async function listOwnEndedShares(trx: MemberTx): Promise<EndedShare[]> {
  return (await ownEndedShares(trx, {})).map(({ displayName, organisation, ...share }) => ({ ...share, recipientCard: staffCardOf(displayName, organisation) }));
}

const ownEndedShares = compiledQuery<Omit<EndedShare, "recipientCard"> & { displayName: string | null; organisation: string | null }>(
  () => sql`
    select e.id, e.handle as "recipientHandle", e.purpose, e.created_at as "createdAt", e.expires_at as "expiresAt",
           e.ended_at as "endedAt", e.ended_reason as reason, c.display_name as "displayName", c.organisation
    from private.own_ended_shares() e
      left join public.staff_cards c on c.user_id = e.recipient_id
    order by e.ended_at desc, e.id`,
);

/**
 * Forgets ended shares older than `keepDays` (privileged path, the prune-expired-shares job).
 * Returns how many went.
 */
export async function deleteEndedSharesOlderThan(trx: SystemTx, keepDays: number): Promise<number> {
  const result = await trx
    .deleteFrom("ended_identity_shares")
    .where("ended_at", "<=", sql<Date>`now() - make_interval(days => ${keepDays}::int)`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Deletes one of the member's shares and rotates the vault to a new data key in one step
 * (public.rotate_identity_vault). "stale": the key version or the set of re-sealed shares
 * no longer matches (another tab changed them); nothing was changed.
 */
export async function revokeShare(trx: MemberTx, revoke: RevokeShare): Promise<RevokeShareResult> {
  if (!isUuid(revoke.shareId)) return { ok: false, reason: "not-found" };
  const share = await trx
    .selectFrom("identity_shares")
    .select("id")
    .where("id", "=", revoke.shareId)
    .where("owner_id", "=", callerId)
    .executeTakeFirst();
  if (!share) return { ok: false, reason: "not-found" };
  if (!revoke.reseals.every((r) => isUuid(r.shareId))) return { ok: false, reason: "stale" };
  const reseals = JSON.stringify(revoke.reseals.map((r) => ({ shareId: r.shareId, sealedKey: r.sealedKey })));
  const result = await sql<{ rotated: boolean }>`
    select public.rotate_identity_vault(
      ${revoke.shareId}::uuid, ${revoke.ciphertext}, ${revoke.ownerSealedKey}, ${revoke.newKeyVersion}::int, ${reseals}::jsonb
    ) as rotated`.execute(trx);
  return result.rows[0]?.rotated === true ? { ok: true } : { ok: false, reason: "stale" };
}

/**
 * After the member replaced their key pair: their vault rotated to a new data key whose
 * owner's copy only the new pair opens, every live share re-sealed and the others deleted
 * (public.rotate_identity_vault_for_new_keys). `null` from a browser that found no vault:
 * refused if one exists now (it would stay boxed for the old pair). "stale": the key version
 * or the set of live shares no longer matches; nothing was changed.
 */
export async function rotateVaultForNewKeys(trx: MemberTx, rotation: VaultRotation | null): Promise<RotateForNewKeysResult> {
  if (rotation === null) {
    const vault = await trx.selectFrom("identity_vaults").select("user_id").where("user_id", "=", callerId).executeTakeFirst();
    return vault ? { ok: false, reason: "stale" } : { ok: true };
  }
  if (!rotation.reseals.every((r) => isUuid(r.shareId))) return { ok: false, reason: "stale" };
  const reseals = JSON.stringify(rotation.reseals.map((r) => ({ shareId: r.shareId, sealedKey: r.sealedKey })));
  const result = await sql<{ rotated: boolean }>`
    select public.rotate_identity_vault_for_new_keys(
      ${rotation.ciphertext}, ${rotation.ownerSealedKey}, ${rotation.newKeyVersion}::int, ${reseals}::jsonb
    ) as rotated`.execute(trx);
  return result.rows[0]?.rotated === true ? { ok: true } : { ok: false, reason: "stale" };
}

/**
 * Deletes the shares addressed to an account whose key pair was replaced (privileged path):
 * they were sealed to the old public key, whose private key is gone, so nobody can open
 * them; the members who shared can share again with the new key. Returns how many went.
 */
export async function deleteSharesTo(trx: SystemTx, recipientId: string): Promise<number> {
  const result = await trx.deleteFrom("identity_shares").where("recipient_id", "=", recipientId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Deletes shares past their expiry (privileged path, the prune-expired-shares job): they
 * open nothing, and a sealed copy of a data key is kept no longer than it is needed. The
 * access log keeps who opened what. Returns how many went.
 */
export async function deleteExpiredShares(trx: SystemTx): Promise<number> {
  const result = await trx.deleteFrom("identity_shares").where("expires_at", "<=", sql<Date>`now()`).executeTakeFirst();
  return Number(result.numDeletedRows);
}
