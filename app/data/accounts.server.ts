/**
 * Accounts: what the auth code reads and writes for sign-up, sign-in, passphrase change and
 * recovery. No cryptography here: hashes and wrapped keys arrive already computed
 * (docs/decisions/001-account-keys-and-envelopes.md). Everything except getOwnAccount and
 * updateOwnProfile runs on the privileged path (asSystem); those two run as the member.
 * Deleting an account is account-deletion.server.ts.
 */
import { sql } from "kysely";
import type { Locale } from "~/domain/accounts/locales";
import { pickedArea } from "~/domain/areas/areas";
import type { StaffRole } from "~/domain/accounts/roles";
import type { DateString } from "./schema";
import { compiledQuery } from "./compiled-query.server";
import { callerId, readAsSessionMember, type MemberTx, type SystemTx } from "./rls.server";

/** What sign-in needs for one handle. */
export interface LoginRecord {
  userId: string;
  /** Argon2id hash (crypto_pwhash_str) of the auth key. */
  authKeyHash: string;
  kdfSalt: string;
  kdfOpslimit: number;
  kdfMemlimit: number;
  wrappedPrivateKey: string;
}

export interface PassphraseKeys {
  /** Null in Supabase mode: Supabase Auth keeps the auth key (as its password), set through its API. */
  authKeyHash: string | null;
  kdfSalt: string;
  kdfOpslimit: number;
  kdfMemlimit: number;
  wrappedPrivateKey: string;
}

export interface RecoveryKeys {
  authKeyHash: string;
  wrappedPrivateKey: string;
}

/**
 * What proves an account's keys are as they were: the passphrase's wrapping of the private
 * key is rewritten (with a fresh nonce) by every passphrase change, recovery and new key pair,
 * the recovery code's hash by every new recovery code. A change checked against one state and
 * applied to another is stale. Both live in the portal's own tables, so the comparison holds
 * no lock on auth.users, which Supabase Auth writes itself (decision 033).
 */
export interface AccountKeyState {
  /** The auth key's Argon2id hash the embedded provider checks; Supabase Auth's own hash in Supabase mode (not ours to check). */
  authKeyHash: string;
  passphraseWrapping: string;
  recoveryAuthKeyHash: string;
}

/** The salt and Argon2id parameters a handle answers with at sign-in. */
export interface KdfParamsRecord {
  kdfSalt: string;
  kdfOpslimit: number;
  kdfMemlimit: number;
}

export interface NewAccount extends Omit<PassphraseKeys, "authKeyHash"> {
  authKeyHash: string;
  handle: string;
  /** Lowercased NFKC handle. */
  handleKey: string;
  /** The HMAC its handle key would be retired under (private.retired_handles): such a handle stays taken. */
  handleHmac: string;
  locale: Locale;
  publicKey: string;
  recoveryAuthKeyHash: string;
  recoveryWrappedPrivateKey: string;
}

export type CreateAccountResult = { ok: true; userId: string } | { ok: false; reason: "handle-taken" };

export interface RecoveryRecord {
  userId: string;
  authKeyHash: string;
  wrappedPrivateKey: string;
}

export interface OwnAccount {
  userId: string;
  handle: string;
  locale: Locale;
  areaId: string | null;
  /** Private to the member ("YYYY-MM-DD"). */
  cleanSince: DateString | null;
  createdAt: Date;
  publicKey: string;
  wrappedPrivateKey: string;
  kdfSalt: string;
  kdfOpslimit: number;
  kdfMemlimit: number;
  /** Staff roles held in any area (distinct, sorted); "member" is implicit. */
  roles: StaffRole[];
  /** Notifications not yet read: the page shell's badge (migration 0050). */
  unreadNotifications: number;
}

export interface ProfileChanges {
  locale?: Locale;
  areaId?: string | null;
  cleanSince?: DateString | null;
}

const INSTANCE_ID = "00000000-0000-0000-0000-000000000000";

/**
 * auth.users is Supabase's table and has no format check of its own, so the code makes
 * sure an auth key is never stored unhashed there (private.recovery_keys checks in SQL).
 */
function assertArgon2idHash(hash: string): void {
  if (!hash.startsWith("$argon2id$") || hash.length > 255) throw new TypeError("auth key hash must be an Argon2id string");
}

export async function findLoginRecord(trx: SystemTx, handleKey: string): Promise<LoginRecord | undefined> {
  const row = await trx
    .selectFrom("profiles as p")
    .innerJoin("auth.users as u", "u.id", "p.id")
    .innerJoin("user_keys as k", "k.user_id", "p.id")
    .select([
      "p.id as userId",
      "u.encrypted_password as authKeyHash",
      "k.kdf_salt as kdfSalt",
      "k.kdf_opslimit as kdfOpslimit",
      "k.kdf_memlimit as kdfMemlimit",
      "k.wrapped_private_key as wrappedPrivateKey",
    ])
    .where("p.handle_key", "=", handleKey)
    .executeTakeFirst();
  if (!row || row.authKeyHash === null) return undefined;
  return { ...row, authKeyHash: row.authKeyHash };
}

/**
 * The salt and parameters a handle answers with: its account's, or those of the deleted
 * account it belonged to (`handleHmac`, private.retired_handles); undefined for a handle
 * never used. One query either way, so the time taken tells nothing.
 */
export async function findKdfParams(trx: SystemTx, handleKey: string, handleHmac: string): Promise<KdfParamsRecord | undefined> {
  const live = trx
    .selectFrom("profiles as p")
    .innerJoin("user_keys as k", "k.user_id", "p.id")
    .select(["k.kdf_salt as kdfSalt", "k.kdf_opslimit as kdfOpslimit", "k.kdf_memlimit as kdfMemlimit"])
    .where("p.handle_key", "=", handleKey);
  const retired = trx
    .selectFrom("private.retired_handles")
    .select(["kdf_salt as kdfSalt", "kdf_opslimit as kdfOpslimit", "kdf_memlimit as kdfMemlimit"])
    .where("handle_hmac", "=", handleHmac);
  return live.unionAll(retired).limit(1).executeTakeFirst();
}

/**
 * Creates auth.users, profile, keys and recovery keys in the caller's transaction (the
 * embedded provider). A handle already in use, or retired by a deleted account, is a typed
 * result, and the transaction stays usable (no error is raised).
 */
export async function createAccount(trx: SystemTx, account: NewAccount): Promise<CreateAccountResult> {
  assertArgon2idHash(account.authKeyHash);
  const now = new Date();
  const user = await trx
    .insertInto("auth.users")
    .values({
      // Named here, as Supabase Auth names its own: its auth.users has no default id.
      id: sql<string>`gen_random_uuid()`,
      instance_id: INSTANCE_ID,
      aud: "authenticated",
      role: "authenticated",
      encrypted_password: account.authKeyHash,
      raw_app_meta_data: JSON.stringify({ provider: "handle", providers: ["handle"] }),
      raw_user_meta_data: JSON.stringify({}),
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const result = await addAccountToAuthUser(trx, user.id, account);
  if (!result.ok) await trx.deleteFrom("auth.users").where("id", "=", user.id).execute();
  return result;
}

/**
 * Profile, keys and recovery keys for an auth account that exists already: made by
 * createAccount, or by Supabase Auth's API in Supabase mode (whose caller deletes the auth
 * account again through the API when the handle turns out taken).
 */
export async function addAccountToAuthUser(trx: SystemTx, userId: string, account: Omit<NewAccount, "authKeyHash">): Promise<CreateAccountResult> {
  const profile = await trx
    .insertInto("profiles")
    .values({ id: userId, handle: account.handle, handle_key: account.handleKey, locale: account.locale })
    .onConflict((oc) => oc.column("handle_key").doNothing())
    .returning("id")
    .executeTakeFirst();
  // Asked after the insert: a deletion of this handle that committed while the insert waited
  // on its row has retired it by now.
  const retired = await trx
    .selectFrom("private.retired_handles")
    .select("handle_hmac")
    .where("handle_hmac", "=", account.handleHmac)
    .executeTakeFirst();
  if (!profile || retired) {
    if (profile) await trx.deleteFrom("profiles").where("id", "=", userId).execute();
    return { ok: false, reason: "handle-taken" };
  }

  await trx
    .insertInto("user_keys")
    .values({
      user_id: userId,
      kdf_salt: account.kdfSalt,
      kdf_opslimit: account.kdfOpslimit,
      kdf_memlimit: account.kdfMemlimit,
      public_key: account.publicKey,
      wrapped_private_key: account.wrappedPrivateKey,
    })
    .execute();
  await trx
    .insertInto("private.recovery_keys")
    .values({
      user_id: userId,
      auth_key_hash: account.recoveryAuthKeyHash,
      wrapped_private_key: account.recoveryWrappedPrivateKey,
    })
    .execute();
  return { ok: true, userId };
}

/**
 * The account's key state by user id; with `lock`, its rows stay locked until the
 * transaction ends, so nothing changes them between the comparison and the change.
 */
export async function findAccountKeyState(trx: SystemTx, userId: string, { lock = false } = {}): Promise<AccountKeyState | undefined> {
  const query = trx
    .selectFrom("user_keys as k")
    .innerJoin("private.recovery_keys as r", "r.user_id", "k.user_id")
    .innerJoin("auth.users as u", "u.id", "k.user_id")
    .select(["u.encrypted_password as authKeyHash", "k.wrapped_private_key as passphraseWrapping", "r.auth_key_hash as recoveryAuthKeyHash"])
    .where("k.user_id", "=", userId);
  const row = await (lock ? query.forUpdate(["k", "r"]) : query).executeTakeFirst();
  if (!row || row.authKeyHash === null) return undefined;
  return { authKeyHash: row.authKeyHash, passphraseWrapping: row.passphraseWrapping, recoveryAuthKeyHash: row.recoveryAuthKeyHash };
}

/**
 * After a passphrase change or a recovery: new auth key hash, KDF salt/parameters and wrapped
 * key. With `publicKey`, the key pair is replaced too (the wrapped key is then the new pair's).
 * The old values are overwritten in place.
 */
export async function replacePassphraseKeys(trx: SystemTx, userId: string, keys: PassphraseKeys & { publicKey?: string }): Promise<void> {
  if (keys.authKeyHash !== null) {
    assertArgon2idHash(keys.authKeyHash);
    const user = await trx
      .updateTable("auth.users")
      .set({ encrypted_password: keys.authKeyHash, updated_at: sql<Date>`now()` })
      .where("id", "=", userId)
      .executeTakeFirst();
    if (user.numUpdatedRows !== 1n) throw new Error("replacePassphraseKeys: no such account");
  }
  const userKeys = await trx
    .updateTable("user_keys")
    .set({
      kdf_salt: keys.kdfSalt,
      kdf_opslimit: keys.kdfOpslimit,
      kdf_memlimit: keys.kdfMemlimit,
      wrapped_private_key: keys.wrappedPrivateKey,
      ...(keys.publicKey === undefined ? {} : { public_key: keys.publicKey }),
      updated_at: sql<Date>`now()`,
    })
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (userKeys.numUpdatedRows !== 1n) throw new Error("replacePassphraseKeys: no such account");
}

export async function findRecoveryRecord(trx: SystemTx, handleKey: string): Promise<RecoveryRecord | undefined> {
  return trx
    .selectFrom("profiles as p")
    .innerJoin("private.recovery_keys as r", "r.user_id", "p.id")
    .select(["p.id as userId", "r.auth_key_hash as authKeyHash", "r.wrapped_private_key as wrappedPrivateKey"])
    .where("p.handle_key", "=", handleKey)
    .executeTakeFirst();
}

/** After a recovery or a new recovery code: the new code's auth key hash and wrapped private key (the old ones are overwritten). */
export async function replaceRecoveryKeys(trx: SystemTx, userId: string, keys: RecoveryKeys): Promise<void> {
  const result = await trx
    .updateTable("private.recovery_keys")
    .set({ auth_key_hash: keys.authKeyHash, wrapped_private_key: keys.wrappedPrivateKey, updated_at: sql<Date>`now()` })
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw new Error("replaceRecoveryKeys: no such account");
}

/**
 * The signed-in member's profile, keys, staff roles and unread count (under asMember): one
 * call of private.own_account (migration 0057), which reads only the caller's own rows.
 */
export async function getOwnAccount(trx: MemberTx): Promise<OwnAccount | undefined> {
  return (await readOwnAccount(trx, {}))[0];
}

// Sent along with the session lookup (asSessionMember): the guard finds nothing unless it made us a member.
const readOwnAccount = compiledQuery<OwnAccount>(
  () => sql`
    select id as "userId", handle, locale, area_id as "areaId", clean_since as "cleanSince", created_at as "createdAt",
           public_key as "publicKey", wrapped_private_key as "wrappedPrivateKey", kdf_salt as "kdfSalt",
           kdf_opslimit as "kdfOpslimit", kdf_memlimit as "kdfMemlimit", roles, unread_notifications as "unreadNotifications"
    from private.own_account() where ${readAsSessionMember}`,
);

/** Changes the member's own locale, area and clean-since date; returns false if there is no profile. */
export async function updateOwnProfile(trx: MemberTx, changes: ProfileChanges): Promise<boolean> {
  const set = {
    ...(changes.locale === undefined ? {} : { locale: changes.locale }),
    ...(changes.areaId === undefined ? {} : { area_id: changes.areaId }),
    ...(changes.cleanSince === undefined ? {} : { clean_since: changes.cleanSince }),
  };
  if (Object.keys(set).length === 0) return true;
  const result = await trx
    .updateTable("profiles")
    .set(set)
    .where("id", "=", callerId)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export type OwnAreaPick = { ok: true; areaId: string | null } | { ok: false; reason: "unknown-area" | "no-profile" };

/**
 * The member's home area from a step-by-step picker's picks, top down (domain pickedArea:
 * the deepest pick inside the one above it; null for none). Saved unless `save` is false: a
 * step without scripts only works out how far the picks reach. A pick that is no area at all
 * is refused, so a forged id changes nothing.
 */
export async function chooseOwnAreaByPicks(trx: MemberTx, picks: readonly (string | undefined)[], save: boolean): Promise<OwnAreaPick> {
  const areas = await trx.selectFrom("areas").select(["id", "parent_id"]).execute();
  const parents = new Map(areas.map((area) => [area.id, area.parent_id]));
  if (picks.some((pick) => pick && !parents.has(pick))) return { ok: false, reason: "unknown-area" };
  const areaId = pickedArea(picks, parents);
  if (save && !(await updateOwnProfile(trx, { areaId }))) return { ok: false, reason: "no-profile" };
  return { ok: true, areaId };
}
