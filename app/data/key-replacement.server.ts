/**
 * A member's new recovery code and new key pair (docs/decisions/015-replacing-keys.md), each
 * applied in one transaction or not at all. Hashes and wrapped keys arrive computed (the
 * auth code hashed the auth keys before, outside the transaction); the vault arrives rotated
 * by the member's browser. Each checks first that the account's keys are still the ones the
 * passphrase was checked against (`seen`): a change made meanwhile in another tab makes the
 * request stale, and nothing changes.
 */
import type { Kysely } from "kysely";
import { findAccountKeyState, replacePassphraseKeys, replaceRecoveryKeys, type AccountKeyState, type PassphraseKeys, type RecoveryKeys } from "./accounts.server";
import { recordAudit } from "./audit.server";
import { deleteSharesTo, rotateVaultForNewKeys, type VaultRotation } from "./identity.server";
import { asSystem, asSystemThenMember, type SystemTx } from "./rls.server";
import type { Database } from "./schema";
import { forgetTabKeys } from "./sessions.server";

export type KeyChangeResult = { ok: true } | { ok: false; reason: "stale" };

export interface KeyPairReplacement {
  /** The account's key state as it was when the passphrase was checked. */
  seen: AccountKeyState;
  /** The new pair's private key wrapped under the same passphrase with a new salt, and the new auth key's hash. */
  passphrase: PassphraseKeys;
  publicKey: string;
  /** The new pair's private key wrapped under a new recovery code, and that code's auth key hash. */
  recovery: RecoveryKeys;
  /** The vault rotated to the new pair, or null when the member's browser found no vault. */
  vault: VaultRotation | null;
  /**
   * Supabase mode: gives Supabase Auth the new auth key, last, before the transaction commits,
   * so that its failure changes nothing here (decision 033).
   */
  beforeCommit?: () => Promise<void>;
}

/** Thrown inside a transaction to roll it back: the request was stale. */
class StaleKeyChange extends Error {}

async function lockUnchanged(trx: SystemTx, userId: string, seen: AccountKeyState): Promise<void> {
  const now = await findAccountKeyState(trx, userId, { lock: true });
  if (now?.passphraseWrapping !== seen.passphraseWrapping || now.recoveryAuthKeyHash !== seen.recoveryAuthKeyHash) throw new StaleKeyChange();
}

async function unlessStale(change: () => Promise<void>): Promise<KeyChangeResult> {
  try {
    await change();
    return { ok: true };
  } catch (error) {
    if (error instanceof StaleKeyChange) return { ok: false, reason: "stale" };
    throw error;
  }
}

/**
 * A new recovery code for the same key pair: the old code's wrapping and hash are overwritten,
 * so the old code stops working at once. Sessions and everything else stay.
 */
export async function replaceRecoveryCode(db: Kysely<Database>, userId: string, change: { seen: AccountKeyState; recovery: RecoveryKeys }): Promise<KeyChangeResult> {
  return unlessStale(() =>
    asSystem(db, "replace a recovery code", async (trx) => {
      await lockUnchanged(trx, userId, change.seen);
      await replaceRecoveryKeys(trx, userId, change.recovery);
      await recordAudit(trx, { action: "recovery_code.replaced", actorId: userId, subjectId: userId });
    }),
  );
}

/**
 * A new key pair, all or nothing: on the privileged path the auth key hash, salt, public key
 * and both wrapped private keys are overwritten, shares addressed to the old key deleted and
 * every session's tab key taken (each tab unlocks the new keys); then, as the member (RLS
 * applies), the vault is rotated to the new pair with every live share re-sealed. A stale
 * key state, key version or share set rolls all of it back.
 */
export async function replaceKeyPair(db: Kysely<Database>, userId: string, replacement: KeyPairReplacement): Promise<KeyChangeResult> {
  return unlessStale(() =>
    asSystemThenMember(
      db,
      "replace a member key pair",
      userId,
      async (trx) => {
        await lockUnchanged(trx, userId, replacement.seen);
        await replacePassphraseKeys(trx, userId, { ...replacement.passphrase, publicKey: replacement.publicKey });
        await replaceRecoveryKeys(trx, userId, replacement.recovery);
        await deleteSharesTo(trx, userId);
        await forgetTabKeys(trx, userId);
        await recordAudit(trx, { action: "keys.replaced", actorId: userId, subjectId: userId });
      },
      async (trx) => {
        const rotated = await rotateVaultForNewKeys(trx, replacement.vault);
        if (!rotated.ok) throw new StaleKeyChange();
        await replacement.beforeCommit?.();
      },
    ),
  );
}
