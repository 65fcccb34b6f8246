import { fromB64, fromB64Early, toB64, toB64Early } from "./encoding";
import { openEnvelopeWith, sealEnvelopeWith } from "./envelope";
import { CryptoError } from "~/domain/formats/crypto-error";
import { isCanonicalRecoveryCode, readRecoveryCode, RECOVERY_CODE_BYTES, recoveryCodeBytes, recoveryCodeOfBytes } from "~/domain/formats/recovery-code";
import { KDF_BOUNDS, KDF_V1, type KdfParams } from "~/domain/accounts/kdf-policy";
import { argon2id } from "./hashes";
import { deriveSubkey } from "./subkeys";
import { loadSodium, type Sodium } from "./sodium";
import { normalizePassphrase, PASSPHRASE_MAX, PASSPHRASE_MIN } from "~/domain/accounts/passphrase";

/**
 * Account keys, private-key wrapping and the recovery code — decision 001, step by step:
 *
 *   passphrase --NFKC, Argon2id13(salt 16 B, params)--> master (32 B)
 *   master --crypto_kdf "txacct__" id 1--> auth key  (sent to the server, stored hashed)
 *          --crypto_kdf "txacct__" id 2--> wrap key  (never leaves the tab)
 *   recovery code (20 random bytes, Crockford base32)
 *        --BLAKE2b-256 keyed "tongxing.recovery.v1"--> recovery master
 *        --crypto_kdf "txrecov_" id 1 / id 2--> recovery auth key / recovery wrap key
 *   X25519 private key --XChaCha20-Poly1305 envelope, AD = purpose--> wrapped private key
 *
 * Every binary value crossing this module's boundary as a string is base64url without
 * padding. Failures throw CryptoError; nothing here logs.
 */


export type SignUpUpload = {
  authKey: string;
  kdfSalt: string;
  kdfOpslimit: number;
  kdfMemlimit: number;
  publicKey: string;
  wrappedPrivateKey: string;
  recoveryAuthKey: string;
  recoveryWrappedPrivateKey: string;
};

export type UnlockedKeys = { publicKey: string; privateKey: Uint8Array };

export type WrapPurpose = "passphrase" | "recovery";

export const KDF_SALT_BYTES = 16;
export const KEY_BYTES = 32;

const ACCOUNT_KDF_CONTEXT = "txacct__";
const RECOVERY_KDF_CONTEXT = "txrecov_";
const AUTH_KEY_ID = 1;
const WRAP_KEY_ID = 2;
const RECOVERY_HASH_KEY = "tongxing.recovery.v1";
const WRAP_AD: Record<WrapPurpose, string> = {
  passphrase: "tongxing.private-key.passphrase.v1",
  recovery: "tongxing.private-key.recovery.v1",
};

// ---------------------------------------------------------------------------------------
// Passphrase and KDF parameters

/**
 * The passphrase as keys are derived from it (the domain's NFKC form), refused unless its
 * length fits the domain's rule. `forNew` applies the sign-up minimum; an existing passphrase
 * only has to be non-empty, so a later rule change cannot lock anyone out.
 * Throws CryptoError('malformed').
 */
export function passphraseForKeys(passphrase: string, forNew = true): string {
  const normalized = normalizePassphrase(passphrase);
  const length = Array.from(normalized).length;
  const min = forNew ? PASSPHRASE_MIN : 1;
  if (length < min || length > PASSPHRASE_MAX) {
    throw new CryptoError("malformed", `passphrase must be ${min} to ${PASSPHRASE_MAX} characters`);
  }
  return normalized;
}

/** Throws CryptoError('unsupported') unless the parameters are whole numbers within KDF_BOUNDS. */
export function assertKdfParams(params: KdfParams): void {
  const { opslimit, memlimit } = params;
  if (
    !Number.isSafeInteger(opslimit) ||
    !Number.isSafeInteger(memlimit) ||
    opslimit < KDF_BOUNDS.minOpslimit ||
    opslimit > KDF_BOUNDS.maxOpslimit ||
    memlimit < KDF_BOUNDS.minMemlimit ||
    memlimit > KDF_BOUNDS.maxMemlimit
  ) {
    throw new CryptoError("unsupported", "KDF parameters outside the accepted range");
  }
}

// ---------------------------------------------------------------------------------------
// Derivation

type KeyPair = { authKey: Uint8Array; wrapKey: Uint8Array };

/** The auth and wrap keys of a master key (crypto_kdf, computed without libsodium: crypto/subkeys.ts). */
function subKeys(master: Uint8Array, context: string): KeyPair {
  const authKey = deriveSubkey(KEY_BYTES, AUTH_KEY_ID, context, master);
  const wrapKey = deriveSubkey(KEY_BYTES, WRAP_KEY_ID, context, master);
  master.fill(0);
  return { authKey, wrapKey };
}

/** Argon2id of the passphrase; needs no libsodium, so it can run while libsodium still downloads (decision 018). */
async function passphraseMaster(normalizedPassphrase: string, salt: Uint8Array, params: KdfParams): Promise<Uint8Array> {
  assertKdfParams(params);
  const passphraseBytes = new TextEncoder().encode(normalizedPassphrase);
  try {
    return await argon2id(passphraseBytes, salt, params, KEY_BYTES);
  } finally {
    passphraseBytes.fill(0);
  }
}

async function derivePassphraseKeys(normalizedPassphrase: string, salt: Uint8Array, params: KdfParams): Promise<KeyPair> {
  return subKeys(await passphraseMaster(normalizedPassphrase, salt, params), ACCOUNT_KDF_CONTEXT);
}

function deriveRecoveryKeyPair(sodium: Sodium, codeBytes: Uint8Array): KeyPair {
  const master = sodium.crypto_generichash(KEY_BYTES, codeBytes, sodium.from_string(RECOVERY_HASH_KEY));
  return subKeys(master, RECOVERY_KDF_CONTEXT);
}

/** Sign-in step 1: derives the auth key (to send) and wrap key (to keep) from the server's salt and params. */
export async function deriveAccountKeys(
  passphrase: string,
  kdfSalt: string,
  params: KdfParams,
): Promise<{ authKey: string; wrapKey: Uint8Array }> {
  const normalized = passphraseForKeys(passphrase, false);
  const salt = fromB64Early(kdfSalt, KDF_SALT_BYTES, "KDF salt");
  // No libsodium here: the sign-in posts the auth key before libsodium's chunk has arrived (decision 018).
  const keys = await derivePassphraseKeys(normalized, salt, params);
  const authKey = toB64Early(keys.authKey);
  keys.authKey.fill(0);
  return { authKey, wrapKey: keys.wrapKey };
}

/** Recovery step 1: the recovery auth key (to send) and recovery wrap key for a recovery code. */
export async function deriveRecoveryKeys(recoveryCode: string): Promise<{ authKey: string; wrapKey: Uint8Array }> {
  const sodium = await loadSodium();
  const keys = deriveRecoveryKeyPair(sodium, recoveryCodeBytes(normalizeRecoveryCode(recoveryCode)));
  return { authKey: takeB64(sodium, keys.authKey), wrapKey: keys.wrapKey };
}

// ---------------------------------------------------------------------------------------
// Wrapping

function wrap(sodium: Sodium, privateKey: Uint8Array, wrapKey: Uint8Array, purpose: WrapPurpose): string {
  return sealEnvelopeWith(sodium, wrapKey, privateKey, WRAP_AD[purpose]);
}

function unwrap(sodium: Sodium, wrappedPrivateKey: string, wrapKey: Uint8Array, purpose: WrapPurpose): Uint8Array {
  const privateKey = openEnvelopeWith(sodium, wrapKey, wrappedPrivateKey, WRAP_AD[purpose]);
  if (privateKey.length !== sodium.crypto_box_SECRETKEYBYTES) {
    throw new CryptoError("malformed", "wrapped private key has the wrong length");
  }
  return privateKey;
}

/**
 * Sign-in step 2: opens a wrapped private key. Throws CryptoError 'wrong-key' for a wrong
 * passphrase or recovery code, the other purpose's wrapping, or tampering; 'malformed' or
 * 'unsupported' for a bad envelope.
 */
export async function unwrapPrivateKey(
  wrappedPrivateKey: string,
  wrapKey: Uint8Array,
  purpose: WrapPurpose,
): Promise<Uint8Array> {
  return unwrap(await loadSodium(), wrappedPrivateKey, wrapKey, purpose);
}

/** The base64url X25519 public key of a private key (crypto_scalarmult_base). */
export async function publicKeyFromPrivate(privateKey: Uint8Array): Promise<string> {
  const sodium = await loadSodium();
  return publicKeyOf(sodium, privateKey);
}

function publicKeyOf(sodium: Sodium, privateKey: Uint8Array): string {
  if (privateKey.length !== sodium.crypto_box_SECRETKEYBYTES) {
    throw new CryptoError("malformed", "private key must be 32 bytes");
  }
  return toB64(sodium, sodium.crypto_scalarmult_base(privateKey));
}

// ---------------------------------------------------------------------------------------
// Whole flows

type PassphraseWrapping = { authKey: string; kdfSalt: string; kdfOpslimit: number; kdfMemlimit: number; wrappedPrivateKey: string };
type RecoveryWrapping = { recoveryCode: string; recoveryAuthKey: string; recoveryWrappedPrivateKey: string };

async function wrapForPassphrase(sodium: Sodium, privateKey: Uint8Array, normalizedPassphrase: string, params: KdfParams): Promise<PassphraseWrapping> {
  const salt = sodium.randombytes_buf(KDF_SALT_BYTES);
  const keys = await derivePassphraseKeys(normalizedPassphrase, salt, params);
  const wrappedPrivateKey = wrap(sodium, privateKey, keys.wrapKey, "passphrase");
  sodium.memzero(keys.wrapKey);
  return {
    authKey: takeB64(sodium, keys.authKey),
    kdfSalt: toB64(sodium, salt),
    kdfOpslimit: params.opslimit,
    kdfMemlimit: params.memlimit,
    wrappedPrivateKey,
  };
}

function wrapForNewRecoveryCode(sodium: Sodium, privateKey: Uint8Array): RecoveryWrapping {
  const codeBytes = sodium.randombytes_buf(RECOVERY_CODE_BYTES);
  const keys = deriveRecoveryKeyPair(sodium, codeBytes);
  const recoveryWrappedPrivateKey = wrap(sodium, privateKey, keys.wrapKey, "recovery");
  sodium.memzero(keys.wrapKey);
  const recoveryCode = formatRecoveryCode(recoveryCodeOfBytes(codeBytes));
  sodium.memzero(codeBytes);
  return { recoveryCode, recoveryAuthKey: takeB64(sodium, keys.authKey), recoveryWrappedPrivateKey };
}

/**
 * Sign-up: new salt, derive, new X25519 key pair, wrap the private key under the passphrase
 * and under a new recovery code. Show `recoveryCode` once; send `upload`; keep `keys` in the tab.
 */
export async function createAccountKeys(
  passphrase: string,
  params: KdfParams = KDF_V1,
): Promise<{ upload: SignUpUpload; recoveryCode: string; keys: UnlockedKeys }> {
  const sodium = await loadSodium();
  const normalized = passphraseForKeys(passphrase);
  assertKdfParams(params);
  const pair = sodium.crypto_box_keypair();
  const privateKey = pair.privateKey;
  const publicKey = toB64(sodium, pair.publicKey);
  const byPassphrase = await wrapForPassphrase(sodium, privateKey, normalized, params);
  const { recoveryCode, ...byRecovery } = wrapForNewRecoveryCode(sodium, privateKey);
  return {
    upload: { ...byPassphrase, publicKey, ...byRecovery },
    recoveryCode,
    keys: { publicKey, privateKey },
  };
}

/** What the account page holds to prove the current passphrase and open the private key with it. */
export type CurrentPassphrase = {
  currentPassphrase: string;
  currentSalt: string;
  currentParams: KdfParams;
  wrappedPrivateKey: string;
};

/**
 * Derives with the current passphrase and opens the passphrase-wrapped private key: the auth
 * key proves the passphrase to the server, the private key is the account's own (its public
 * key computed from it). Throws 'wrong-key' for a wrong passphrase.
 */
async function openWithPassphrase(sodium: Sodium, input: CurrentPassphrase): Promise<{ currentAuthKey: string; keys: UnlockedKeys }> {
  const current = passphraseForKeys(input.currentPassphrase, false);
  const salt = fromB64(sodium, input.currentSalt, KDF_SALT_BYTES, "KDF salt");
  const currentKeys = await derivePassphraseKeys(current, salt, input.currentParams);
  let privateKey: Uint8Array;
  try {
    privateKey = unwrap(sodium, input.wrappedPrivateKey, currentKeys.wrapKey, "passphrase");
  } finally {
    sodium.memzero(currentKeys.wrapKey);
  }
  return { currentAuthKey: takeB64(sodium, currentKeys.authKey), keys: { publicKey: publicKeyOf(sodium, privateKey), privateKey } };
}

/**
 * Passphrase change: derive with the current passphrase (its auth key proves it to the
 * server), unwrap, then re-wrap the same private key under the new passphrase and a new
 * salt. The recovery wrapping is untouched. Throws 'wrong-key' for a wrong current passphrase.
 */
export async function rewrapForNewPassphrase(input: CurrentPassphrase & { newPassphrase: string; newParams?: KdfParams }): Promise<{
  currentAuthKey: string;
  authKey: string;
  kdfSalt: string;
  kdfOpslimit: number;
  kdfMemlimit: number;
  wrappedPrivateKey: string;
  privateKey: Uint8Array;
}> {
  const sodium = await loadSodium();
  const newParams = input.newParams ?? KDF_V1;
  const next = passphraseForKeys(input.newPassphrase);
  assertKdfParams(newParams);
  const { currentAuthKey, keys } = await openWithPassphrase(sodium, input);
  const rewrapped = await wrapForPassphrase(sodium, keys.privateKey, next, newParams);
  return { currentAuthKey, ...rewrapped, privateKey: keys.privateKey };
}

/**
 * A new recovery code for the same private key: the current passphrase opens the key (its
 * auth key proves it to the server), which is wrapped under a new code. Show `recoveryCode`
 * once; send `currentAuthKey` with `upload`, which replaces the old code's wrapping, so the
 * old code opens nothing any more. Throws 'wrong-key' for a wrong passphrase.
 */
export async function rewrapForNewRecoveryCode(input: CurrentPassphrase): Promise<{
  currentAuthKey: string;
  upload: { recoveryAuthKey: string; recoveryWrappedPrivateKey: string };
  recoveryCode: string;
  keys: UnlockedKeys;
}> {
  const sodium = await loadSodium();
  const { currentAuthKey, keys } = await openWithPassphrase(sodium, input);
  const { recoveryCode, ...upload } = wrapForNewRecoveryCode(sodium, keys.privateKey);
  return { currentAuthKey, upload, recoveryCode, keys };
}

/**
 * Replacing the key pair: the current passphrase opens the old private key (its auth key
 * proves the passphrase to the server); a new X25519 key pair is made and its private key
 * wrapped under the same passphrase with a new salt (so a new auth key) and under a new
 * recovery code. `oldKeys` opens what was sealed to the old pair (the vault, to rotate it to
 * `keys`); show `recoveryCode` once; send `currentAuthKey` with `upload`; keep `keys`.
 * Throws 'wrong-key' for a wrong passphrase.
 */
export async function createReplacementKeys(input: CurrentPassphrase & { newParams?: KdfParams }): Promise<{
  currentAuthKey: string;
  oldKeys: UnlockedKeys;
  upload: SignUpUpload;
  recoveryCode: string;
  keys: UnlockedKeys;
}> {
  const sodium = await loadSodium();
  const newParams = input.newParams ?? KDF_V1;
  const passphrase = passphraseForKeys(input.currentPassphrase, false);
  assertKdfParams(newParams);
  const { currentAuthKey, keys: oldKeys } = await openWithPassphrase(sodium, input);
  const pair = sodium.crypto_box_keypair();
  const publicKey = toB64(sodium, pair.publicKey);
  const byPassphrase = await wrapForPassphrase(sodium, pair.privateKey, passphrase, newParams);
  const { recoveryCode, ...byRecovery } = wrapForNewRecoveryCode(sodium, pair.privateKey);
  return {
    currentAuthKey,
    oldKeys,
    upload: { ...byPassphrase, publicKey, ...byRecovery },
    recoveryCode,
    keys: { publicKey, privateKey: pair.privateKey },
  };
}

/**
 * Recovery: open the recovery-wrapped private key with the code, wrap it under a new
 * passphrase, and issue a NEW recovery code that replaces the old one. Send
 * `recoveryAuthKey` (proves the old code) with `upload`; show the new `recoveryCode` once.
 * Throws 'malformed' for a code that cannot be read, 'wrong-key' for a wrong code.
 */
export async function recoverWithCode(input: {
  recoveryCode: string;
  recoveryWrappedPrivateKey: string;
  newPassphrase: string;
  newParams?: KdfParams;
}): Promise<{ recoveryAuthKey: string; upload: Omit<SignUpUpload, "publicKey">; recoveryCode: string; keys: UnlockedKeys }> {
  const sodium = await loadSodium();
  const newParams = input.newParams ?? KDF_V1;
  const next = passphraseForKeys(input.newPassphrase);
  assertKdfParams(newParams);
  const codeBytes = recoveryCodeBytes(normalizeRecoveryCode(input.recoveryCode));
  const oldKeys = deriveRecoveryKeyPair(sodium, codeBytes);
  let privateKey: Uint8Array;
  try {
    privateKey = unwrap(sodium, input.recoveryWrappedPrivateKey, oldKeys.wrapKey, "recovery");
  } finally {
    sodium.memzero(oldKeys.wrapKey);
    sodium.memzero(codeBytes);
  }
  const byPassphrase = await wrapForPassphrase(sodium, privateKey, next, newParams);
  const { recoveryCode, ...byRecovery } = wrapForNewRecoveryCode(sodium, privateKey);
  return {
    recoveryAuthKey: takeB64(sodium, oldKeys.authKey),
    upload: { ...byPassphrase, ...byRecovery },
    recoveryCode,
    keys: { publicKey: publicKeyOf(sodium, privateKey), privateKey },
  };
}

// ---------------------------------------------------------------------------------------
// Recovery code text

/**
 * Reads a recovery code as a person may type it: NFKC (full-width letters from an IME),
 * any case, spaces and hyphens (or dashes) anywhere, I/L read as 1 and O as 0.
 * Returns the canonical 32 Crockford base32 characters; throws CryptoError('malformed').
 */
export function normalizeRecoveryCode(input: string): string {
  const read = readRecoveryCode(input);
  if (!read.ok) throw new CryptoError("malformed", "recovery code must be 32 characters of 0-9 and A-Z");
  return read.code;
}

/** Groups a canonical code for display: 8 groups of 4 joined by "-". Throws 'malformed' otherwise. */
export function formatRecoveryCode(canonical: string): string {
  if (!isCanonicalRecoveryCode(canonical)) throw new CryptoError("malformed", "not a canonical recovery code");
  return canonical.match(/.{4}/g)?.join("-") ?? canonical;
}

function takeB64(sodium: Sodium, key: Uint8Array): string {
  const text = toB64(sodium, key);
  sodium.memzero(key);
  return text;
}
