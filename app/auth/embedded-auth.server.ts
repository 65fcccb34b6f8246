import { createHmac } from "node:crypto";
import { hashAuthKey, verifyAuthKey, dummyAuthKeyHash } from "~/auth/auth-key-hash.server";
import { KDF_V1 } from "~/domain/accounts/kdf-policy";
import {
  createAccount,
  findAccountKeyState,
  findKdfParams,
  findLoginRecord,
  findRecoveryRecord,
  replacePassphraseKeys,
  replaceRecoveryKeys,
  type AccountKeyState,
  type RecoveryRecord,
} from "~/data/accounts.server";
import { deleteAccount, pseudonymiseDeletedAccount, vacuumTablesWithAccountRows } from "~/data/account-deletion.server";
import { replaceKeyPair, replaceRecoveryCode, type KeyChangeResult } from "~/data/key-replacement.server";
import { recordAudit } from "~/data/audit.server";
import { getDatabase } from "~/data/db.server";
import { asSystem } from "~/data/rls.server";
import { deleteUserSessions } from "~/data/sessions.server";
import { handleKey } from "~/domain/accounts/handle";
import type { RateLimitedAction } from "~/domain/accounts/rate-limits";
import type { Language } from "~/i18n/config";
import type {
  ChangePassphrasePayload,
  HandleCheckPayload,
  NewRecoveryCodePayload,
  PassphraseUpload,
  RecoveryCompletePayload,
  RecoveryStartPayload,
  ReplaceKeysPayload,
  SignInPayload,
  SignUpPayload,
} from "~/forms/account-payloads";
import type { AuthRefusal, KdfRecord } from "./auth-provider.server";
import { checkProof, spendChallenge, type CheckedProof } from "./challenge.server";
import { countAttempt, markChallengeCounted, wasChallengeCounted } from "./rate-limit.server";
import { getServerSecret } from "./server-secret.server";
import { describeError, logEvent } from "~/server/log.server";
import { embeddedSessions, type SessionFunctions, type SessionGrant } from "./session.server";

const { sessionAccount, unlockThisSession } = embeddedSessions;

/**
 * The embedded auth provider: accounts in auth.users, auth keys stored only as
 * Argon2id hashes. It is the one caller of the privileged path for accounts, and it
 * never awaits a hash inside a transaction (PGlite has a single connection).
 */

/** An HMAC of a handle key under the server's secret, for one use named by `label`. */
async function handleDigest(label: "kdf-salt" | "retired-handle", key: string): Promise<Buffer> {
  return createHmac("sha256", await getServerSecret()).update(`${label}:${key}`).digest();
}

/** The key a deleted account's handle is kept under in private.retired_handles. */
export async function retiredHandleHmac(key: string): Promise<string> {
  return (await handleDigest("retired-handle", key)).toString("base64url");
}

export function kdfRecordOf(record: { kdfSalt: string; kdfOpslimit: number; kdfMemlimit: number }): KdfRecord {
  return { kdfSalt: record.kdfSalt, kdfOpslimit: record.kdfOpslimit, kdfMemlimit: record.kdfMemlimit };
}

/**
 * Salt and parameters for a handle: its account's, a deleted account's (kept, so deletion
 * changes no answer), or for a handle never used a stable fake salt and the defaults. Every
 * path does the same work (two HMACs, one query), so timing tells nothing.
 */
export async function loginParams(handle: string): Promise<KdfRecord> {
  const key = handleKey(handle);
  const fakeSalt = (await handleDigest("kdf-salt", key)).subarray(0, 16).toString("base64url");
  const handleHmac = await retiredHandleHmac(key);
  const db = await getDatabase();
  const record = await asSystem(db, "look up login parameters", (trx) => findKdfParams(trx, key, handleHmac));
  return record ?? { kdfSalt: fakeSalt, kdfOpslimit: KDF_V1.opslimit, kdfMemlimit: KDF_V1.memlimit };
}

/** Counts the attempt; a refusal when it is over a limit, otherwise null. */
export async function refusalIfLimited(
  action: RateLimitedAction,
  subject: { handleKey?: string; clientAddress: string },
): Promise<AuthRefusal | null> {
  const verdict = await countAttempt(action, subject);
  return verdict.limited ? { ok: false, reason: "rate-limited", retryAfterSeconds: verdict.retryAfterSeconds } : null;
}

/** Verifies an auth key; an unknown account is checked against a dummy hash so both paths take the same time. */
async function matchesStoredKey(storedHash: string | undefined, authKey: string): Promise<boolean> {
  const valid = await verifyAuthKey(storedHash ?? (await dummyAuthKeyHash()), authKey);
  return storedHash !== undefined && valid;
}

/** What gets stored for a passphrase: the hashed auth key, the KDF salt and parameters, the wrapped private key. */
export function passphraseKeys<H extends string | null>(upload: PassphraseUpload, authKeyHash: H) {
  return {
    authKeyHash,
    kdfSalt: upload.kdfSalt,
    kdfOpslimit: upload.kdfOpslimit,
    kdfMemlimit: upload.kdfMemlimit,
    wrappedPrivateKey: upload.wrappedPrivateKey,
  };
}

/** Counts a sign-up attempt against the network's allowance, once per challenge (a handle check may have counted it). */
export async function refusalIfSignUpLimited(proof: CheckedProof, clientAddress: string): Promise<AuthRefusal | null> {
  if (await wasChallengeCounted(proof.salt, proof.expiresAt)) return null;
  return refusalIfLimited("signUp", { clientAddress });
}

/**
 * Whether a handle is free, asked before the browser spends seconds deriving keys for it
 * (decision 017). It costs what a sign-up probe costs and tells what sign-up tells: it needs a
 * solved sign-up challenge for that handle and counts as one of the network's sign-up
 * attempts. The challenge is not spent, so the sign-up that follows uses it and is not
 * counted again; a check refused by the limit marks nothing, so that sign-up still counts.
 */
export async function checkHandleFree(payload: HandleCheckPayload, context: { clientAddress: string }): Promise<{ ok: true } | AuthRefusal> {
  const checked = await checkProof("signUp", payload);
  if (!checked.ok) return checked;
  const limited = await refusalIfSignUpLimited(checked, context.clientAddress);
  if (limited) return limited;
  await markChallengeCounted(checked.salt, checked.expiresAt);
  const key = handleKey(payload.handle);
  const handleHmac = await retiredHandleHmac(key);
  const db = await getDatabase();
  const taken = await asSystem(db, "check whether a handle is free", (trx) => findKdfParams(trx, key, handleHmac));
  return taken ? { ok: false, reason: "handle-taken" } : { ok: true };
}

export async function signUp(
  payload: SignUpPayload,
  context: { clientAddress: string; locale: Language },
): Promise<{ ok: true; userId: string; session: SessionGrant } | AuthRefusal> {
  const spent = await spendChallenge("signUp", payload);
  if (!spent.ok) return spent;
  const limited = await refusalIfSignUpLimited(spent, context.clientAddress);
  if (limited) return limited;
  const key = handleKey(payload.handle);
  const [authKeyHash, recoveryAuthKeyHash] = [await hashAuthKey(payload.authKey), await hashAuthKey(payload.recoveryAuthKey)];
  const handleHmac = await retiredHandleHmac(key);
  const db = await getDatabase();
  const created = await asSystem(db, "create account", async (trx) => {
    const result = await createAccount(trx, {
      handle: payload.handle,
      handleKey: key,
      handleHmac,
      locale: context.locale,
      ...passphraseKeys(payload, authKeyHash),
      publicKey: payload.publicKey,
      recoveryAuthKeyHash,
      recoveryWrappedPrivateKey: payload.recoveryWrappedPrivateKey,
    });
    if (result.ok) await recordAudit(trx, { action: "account.created", actorId: result.userId, subjectId: result.userId });
    return result;
  });
  return created.ok ? { ok: true, userId: created.userId, session: { userId: created.userId } } : { ok: false, reason: "handle-taken" };
}

/**
 * The proof of work comes first: it is checked the same way whether the handle exists, and
 * before the Argon2id hash that costs the server. A handle under attack is never blocked;
 * its challenges cost more (decision 013). One network still stops after its own limit.
 */
export async function signIn(
  payload: SignInPayload,
  context: { clientAddress: string },
): Promise<{ ok: true; userId: string; session: SessionGrant; wrappedPrivateKey: string } | AuthRefusal> {
  const spent = await spendChallenge("signIn", payload);
  if (!spent.ok) return spent;
  const key = handleKey(payload.handle);
  const limited = await refusalIfLimited("signIn", { handleKey: key, clientAddress: context.clientAddress });
  if (limited) return limited;
  const db = await getDatabase();
  const record = await asSystem(db, "look up sign-in record", (trx) => findLoginRecord(trx, key));
  const valid = await matchesStoredKey(record?.authKeyHash, payload.authKey);
  if (!record || !valid) return { ok: false, reason: "invalid" };
  await asSystem(db, "audit sign-in", (trx) =>
    recordAudit(trx, { action: "session.started", actorId: record.userId, subjectId: record.userId }),
  );
  return { ok: true, userId: record.userId, session: { userId: record.userId }, wrappedPrivateKey: record.wrappedPrivateKey };
}

/** Salt and parameters of the account whose session this browser has locked; null when it is not locked. */
export function unlockParamsOf(sessions: Pick<SessionFunctions, "sessionAccount">) {
  return async (request: Request): Promise<KdfRecord | null> => {
    const session = await sessions.sessionAccount(request);
    if (!session?.locked) return null;
    const db = await getDatabase();
    const record = await asSystem(db, "look up login parameters", (trx) => findLoginRecord(trx, session.handleKey));
    return record && record.userId === session.userId ? kdfRecordOf(record) : null;
  };
}

export const unlockParams = unlockParamsOf(embeddedSessions);

/**
 * Unlocks this browser's session: its member proves the passphrase exactly as at sign-in
 * (the auth key, checked against the same hash and counted by the same limits), and gets
 * the wrapped private key back to unwrap in the tab. A wrong passphrase unlocks nothing.
 */
export async function unlockSession(
  request: Request,
  authKey: string,
  context: { clientAddress: string },
): Promise<{ ok: true; wrappedPrivateKey: string } | AuthRefusal> {
  const session = await sessionAccount(request);
  if (!session) return { ok: false, reason: "signed-out" };
  const limited = await refusalIfLimited("signIn", { handleKey: session.handleKey, clientAddress: context.clientAddress });
  if (limited) return limited;
  const db = await getDatabase();
  const record = await asSystem(db, "look up sign-in record", (trx) => findLoginRecord(trx, session.handleKey));
  const valid = await matchesStoredKey(record?.authKeyHash, authKey);
  if (!record || record.userId !== session.userId || !valid) return { ok: false, reason: "invalid" };
  if (!(await unlockThisSession(request, record.userId))) return { ok: false, reason: "signed-out" };
  return { ok: true, wrappedPrivateKey: record.wrappedPrivateKey };
}

/**
 * A signed-in member proves, again, that they know the passphrase (rate-limited like a
 * sign-in). Returns the account's key state it checked against, for a change to be applied
 * only while it still holds.
 */
async function checkAuthKey(
  user: { userId: string; handle: string },
  authKey: string,
  clientAddress: string,
): Promise<{ ok: true; seen: AccountKeyState } | AuthRefusal> {
  const limited = await refusalIfLimited("passphraseChange", { handleKey: handleKey(user.handle), clientAddress });
  if (limited) return limited;
  const db = await getDatabase();
  const seen = await asSystem(db, "look up account keys", (trx) => findAccountKeyState(trx, user.userId));
  const valid = await matchesStoredKey(seen?.authKeyHash, authKey);
  if (!seen || !valid) return { ok: false, reason: "invalid" };
  return { ok: true, seen };
}

export async function changePassphrase(
  user: { userId: string; handle: string },
  payload: ChangePassphrasePayload,
  context: { clientAddress: string },
): Promise<{ ok: true; session: SessionGrant } | AuthRefusal> {
  const checked = await checkAuthKey(user, payload.currentAuthKey, context.clientAddress);
  if (!checked.ok) return checked;
  const authKeyHash = await hashAuthKey(payload.authKey);
  const db = await getDatabase();
  await asSystem(db, "replace passphrase keys", async (trx) => {
    await replacePassphraseKeys(trx, user.userId, passphraseKeys(payload, authKeyHash));
    await deleteUserSessions(trx, user.userId);
    await recordAudit(trx, { action: "passphrase.changed", actorId: user.userId, subjectId: user.userId });
  });
  return { ok: true, session: { userId: user.userId } };
}

/**
 * A new recovery code for the same key pair, once the passphrase's auth key proves it is the
 * member; the old code stops working at once. "stale": the account's keys changed meanwhile.
 */
export async function newRecoveryCode(
  user: { userId: string; handle: string },
  payload: NewRecoveryCodePayload,
  context: { clientAddress: string },
): Promise<KeyChangeResult | AuthRefusal> {
  const checked = await checkAuthKey(user, payload.currentAuthKey, context.clientAddress);
  if (!checked.ok) return checked;
  const recovery = { authKeyHash: await hashAuthKey(payload.recoveryAuthKey), wrappedPrivateKey: payload.recoveryWrappedPrivateKey };
  return replaceRecoveryCode(await getDatabase(), user.userId, { seen: checked.seen, recovery });
}

/**
 * A new key pair (decision 015), once the passphrase's auth key proves it is the member: new
 * auth key, salt, public key, both wrapped private keys and the vault rotated to the new pair,
 * all at once. Sessions stay, but every tab must unlock the new keys. "stale": the account's
 * keys, the vault's key version or its live shares changed meanwhile; nothing changed.
 */
export async function replaceKeys(
  user: { userId: string; handle: string },
  payload: ReplaceKeysPayload,
  context: { clientAddress: string },
): Promise<KeyChangeResult | AuthRefusal> {
  const checked = await checkAuthKey(user, payload.currentAuthKey, context.clientAddress);
  if (!checked.ok) return checked;
  const [authKeyHash, recoveryAuthKeyHash] = [await hashAuthKey(payload.authKey), await hashAuthKey(payload.recoveryAuthKey)];
  return replaceKeyPair(await getDatabase(), user.userId, {
    seen: checked.seen,
    passphrase: passphraseKeys(payload, authKeyHash),
    publicKey: payload.publicKey,
    recovery: { authKeyHash: recoveryAuthKeyHash, wrappedPrivateKey: payload.recoveryWrappedPrivateKey },
    vault: payload.vault,
  });
}

/** Deletes the account once the passphrase's auth key proves it is the member; keys and vault go with it. */
export async function deleteAccountWithAuthKey(
  user: { userId: string; handle: string },
  authKey: string,
  context: { clientAddress: string },
): Promise<{ ok: true } | AuthRefusal> {
  const checked = await checkAuthKey(user, authKey, context.clientAddress);
  if (!checked.ok) return checked;
  const handleHmac = await retiredHandleHmac(handleKey(user.handle));
  const db = await getDatabase();
  await asSystem(db, "delete an account at its owner request", async (trx) => {
    await deleteAccount(trx, user.userId, handleHmac);
    await recordAudit(trx, { action: "account.deleted", actorId: user.userId, subjectId: user.userId });
    await pseudonymiseDeletedAccount(trx, user.userId);
  });
  // The deletion stands either way; a failed vacuum leaves the rows to autovacuum (on PGlite, the app's rounds: decision 046).
  await vacuumTablesWithAccountRows(db).catch((error: unknown) => logEvent("error", "vacuum after account deletion failed", describeError(error)));
  return { ok: true };
}

export async function checkRecoveryCode(
  handle: string,
  recoveryAuthKey: string,
  clientAddress: string,
): Promise<{ ok: true; record: RecoveryRecord } | AuthRefusal> {
  const key = handleKey(handle);
  const limited = await refusalIfLimited("recovery", { handleKey: key, clientAddress });
  if (limited) return limited;
  const db = await getDatabase();
  const record = await asSystem(db, "look up recovery record", (trx) => findRecoveryRecord(trx, key));
  const valid = await matchesStoredKey(record?.authKeyHash, recoveryAuthKey);
  if (!record || !valid) return { ok: false, reason: "invalid" };
  return { ok: true, record };
}

/** Step 1: the recovery code's auth key buys the recovery-wrapped private key. */
export async function startRecovery(
  payload: RecoveryStartPayload,
  context: { clientAddress: string },
): Promise<{ ok: true; recoveryWrappedPrivateKey: string } | AuthRefusal> {
  const spent = await spendChallenge("recovery", payload);
  if (!spent.ok) return spent;
  const checked = await checkRecoveryCode(payload.handle, payload.recoveryAuthKey, context.clientAddress);
  if (!checked.ok) return checked;
  return { ok: true, recoveryWrappedPrivateKey: checked.record.wrappedPrivateKey };
}

/** Step 2: a new passphrase and a new recovery code replace the old ones; every session ends. */
export async function completeRecovery(
  payload: RecoveryCompletePayload,
  context: { clientAddress: string },
): Promise<{ ok: true; userId: string; session: SessionGrant } | AuthRefusal> {
  const spent = await spendChallenge("recovery", payload);
  if (!spent.ok) return spent;
  const checked = await checkRecoveryCode(payload.handle, payload.recoveryAuthKey, context.clientAddress);
  if (!checked.ok) return checked;
  const { userId } = checked.record;
  const [authKeyHash, recoveryAuthKeyHash] = [await hashAuthKey(payload.authKey), await hashAuthKey(payload.newRecoveryAuthKey)];
  const db = await getDatabase();
  await asSystem(db, "replace keys after recovery", async (trx) => {
    await replacePassphraseKeys(trx, userId, passphraseKeys(payload, authKeyHash));
    await replaceRecoveryKeys(trx, userId, { authKeyHash: recoveryAuthKeyHash, wrappedPrivateKey: payload.newRecoveryWrappedPrivateKey });
    await deleteUserSessions(trx, userId);
    await recordAudit(trx, { action: "account.recovered", actorId: userId, subjectId: userId });
  });
  return { ok: true, userId, session: { userId } };
}
