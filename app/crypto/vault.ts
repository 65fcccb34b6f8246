import {
  decodeIdentityPlaintext,
  encodeIdentityPlaintext,
  IdentityPlaintextError,
} from "~/domain/identity/identity-plaintext";
import type { IdentityFields } from "~/domain/identity/identity-fields";
import type { UnlockedKeys } from "./account-keys";
import { isLowerCaseUuid } from "~/domain/formats/uuid";
import { fromB64, toB64 } from "./encoding";
import { ENVELOPE_KEY_BYTES, openEnvelopeWith, parseEnvelopeWith, sealEnvelopeWith } from "./envelope";
import {
  ENVELOPE_TAG_BYTES,
  MAX_VAULT_CIPHERTEXT_BYTES,
  SEALED_KEY_ALG,
  SEALED_KEY_BYTES,
  SEALED_KEY_VERSION,
} from "~/domain/formats/envelope-shape";
import { CryptoError } from "~/domain/formats/crypto-error";
import { loadSodium, type Sodium } from "./sodium";

/**
 * The identity vault — decision 003, step by step:
 *
 *   fields --encodeIdentityPlaintext--> {"v":1,"fields":{…}} (UTF-8)
 *          --XChaCha20-Poly1305 envelope under a random 32-byte data key,
 *            AD = "tongxing.identity-vault.v1:<owner user id>:<key version>"--> ciphertext
 *   data key --crypto_box_seal to a member's X25519 public key--> "v1.sealed.<80 B>"
 *
 * The owner's copy of the data key is sealed to their own public key, each share's copy to
 * the recipient's. Revoking a share rotates: a new data key, key version + 1, the vault
 * re-encrypted and every remaining copy re-sealed, so old sealed keys open nothing new.
 *
 * Owner ids are the lower-case UUIDs the database hands out; anything else is refused, so
 * a differently spelt id can never produce a vault that the real id cannot open.
 * Failures throw CryptoError: 'malformed' (bad input or shape), 'unsupported' (unknown
 * format version or algorithm), 'wrong-key' (authentication failed: not your key, another
 * owner or key version, tampering). Nothing here logs.
 */

export type VaultRecord = { ciphertext: string; ownerSealedKey: string; keyVersion: number };
export type SealedShareKey = { shareId: string; sealedKey: string };

export const VAULT_AD_PREFIX = "tongxing.identity-vault.v1";
export const FIRST_KEY_VERSION = 1;

const PUBLIC_KEY_BYTES = 32;
const PRIVATE_KEY_BYTES = 32;

// ---------------------------------------------------------------------------------------
// The API

/** First save: a new data key and key version 1. Keep `dataKey` to re-save edits (resealVault). */
export async function sealNewVault(input: {
  ownerId: string;
  ownerPublicKey: string;
  fields: IdentityFields;
}): Promise<{ record: VaultRecord; dataKey: Uint8Array }> {
  const sodium = await loadSodium();
  const ad = vaultAd(input.ownerId, FIRST_KEY_VERSION);
  const plaintext = encodePlaintext(input.fields);
  const ownerPublicKey = readPublicKey(sodium, input.ownerPublicKey);
  const dataKey = sodium.randombytes_buf(ENVELOPE_KEY_BYTES);
  return withNewKey(sodium, dataKey, () => ({
    record: {
      ciphertext: sealEnvelopeWith(sodium, dataKey, plaintext, ad),
      ownerSealedKey: sealKeyWith(sodium, dataKey, ownerPublicKey),
      keyVersion: FIRST_KEY_VERSION,
    },
    dataKey,
  }));
}

/** The owner opens their own vault with their unlocked keys; `dataKey` is for later edits. */
export async function openVault(input: {
  ownerId: string;
  record: VaultRecord;
  keys: UnlockedKeys;
}): Promise<{ fields: IdentityFields; dataKey: Uint8Array }> {
  const sodium = await loadSodium();
  return openWith(sodium, input.ownerId, input.record.ciphertext, input.record.ownerSealedKey, input.record.keyVersion, input.keys);
}

/** Edit: new ciphertext (fresh nonce) under the same data key and key version. */
export async function resealVault(input: {
  ownerId: string;
  keyVersion: number;
  dataKey: Uint8Array;
  fields: IdentityFields;
}): Promise<string> {
  const sodium = await loadSodium();
  const ad = vaultAd(input.ownerId, input.keyVersion);
  checkDataKey(input.dataKey);
  return sealEnvelopeWith(sodium, input.dataKey, encodePlaintext(input.fields), ad);
}

/** Seals a data key to a public key (the owner's own, or a share recipient's): `v1.sealed.<b64>`. */
export async function sealKeyFor(dataKey: Uint8Array, recipientPublicKey: string): Promise<string> {
  const sodium = await loadSodium();
  checkDataKey(dataKey);
  return sealKeyWith(sodium, dataKey, readPublicKey(sodium, recipientPublicKey));
}

/** Staff side: opens a vault shared with them (the share's sealed key and key version). */
export async function openSharedVault(input: {
  ownerId: string;
  ciphertext: string;
  sealedKey: string;
  keyVersion: number;
  keys: UnlockedKeys;
}): Promise<IdentityFields> {
  const sodium = await loadSodium();
  const opened = openWith(sodium, input.ownerId, input.ciphertext, input.sealedKey, input.keyVersion, input.keys);
  sodium.memzero(opened.dataKey);
  return opened.fields;
}

/**
 * Revocation: opens the vault with the owner's keys, then makes a new data key, re-encrypts
 * under key version + 1, and seals the new key to the owner and to every remaining share.
 * Upload it all at once; the server refuses it unless the version goes up by exactly one
 * and every remaining share is re-sealed. `ownerPublicKey` must be the unlocked key pair's
 * (otherwise the owner would lock themselves out): 'wrong-key' if not.
 */
export async function rotateVault(input: {
  ownerId: string;
  ownerPublicKey: string;
  record: VaultRecord;
  keys: UnlockedKeys;
  remainingShares: Array<{ shareId: string; recipientPublicKey: string }>;
}): Promise<{ record: VaultRecord; reseals: SealedShareKey[]; dataKey: Uint8Array }> {
  const sodium = await loadSodium();
  const keyVersion = nextKeyVersion(input.record.keyVersion);
  const ad = vaultAd(input.ownerId, keyVersion);
  const ownerPublicKey = readPublicKey(sodium, input.ownerPublicKey);
  if (!sodium.memcmp(ownerPublicKey, readPublicKey(sodium, input.keys.publicKey))) {
    throw new CryptoError("wrong-key", "owner public key does not belong to the unlocked keys");
  }
  const seen = new Set<string>();
  const recipients = input.remainingShares.map((share) => {
    if (share.shareId === "" || seen.has(share.shareId)) throw new CryptoError("malformed", "share ids must be present and unique");
    seen.add(share.shareId);
    return { shareId: share.shareId, publicKey: readPublicKey(sodium, share.recipientPublicKey) };
  });

  const opened = openWith(sodium, input.ownerId, input.record.ciphertext, input.record.ownerSealedKey, input.record.keyVersion, input.keys);
  sodium.memzero(opened.dataKey);
  const plaintext = encodePlaintext(opened.fields);

  const dataKey = sodium.randombytes_buf(ENVELOPE_KEY_BYTES);
  return withNewKey(sodium, dataKey, () => ({
    record: {
      ciphertext: sealEnvelopeWith(sodium, dataKey, plaintext, ad),
      ownerSealedKey: sealKeyWith(sodium, dataKey, ownerPublicKey),
      keyVersion,
    },
    reseals: recipients.map(({ shareId, publicKey }) => ({ shareId, sealedKey: sealKeyWith(sodium, dataKey, publicKey) })),
    dataKey,
  }));
}

// ---------------------------------------------------------------------------------------
// Steps

/** Associated data binding a vault ciphertext to its owner and key version. */
export function vaultAd(ownerId: string, keyVersion: number): string {
  if (!isLowerCaseUuid(ownerId)) throw new CryptoError("malformed", "owner id must be a lower-case UUID");
  checkKeyVersion(keyVersion);
  return `${VAULT_AD_PREFIX}:${ownerId}:${keyVersion}`;
}

function openWith(
  sodium: Sodium,
  ownerId: string,
  ciphertext: string,
  sealedKey: string,
  keyVersion: number,
  keys: UnlockedKeys,
): { fields: IdentityFields; dataKey: Uint8Array } {
  const ad = vaultAd(ownerId, keyVersion);
  parseEnvelopeWith(sodium, ciphertext); // report a bad or unknown ciphertext format before any key work
  const dataKey = openSealedKey(sodium, sealedKey, keys);
  let plaintext: Uint8Array | undefined;
  try {
    plaintext = openEnvelopeWith(sodium, dataKey, ciphertext, ad);
    return { fields: decodePlaintext(plaintext), dataKey };
  } catch (error) {
    sodium.memzero(dataKey);
    throw error;
  } finally {
    if (plaintext !== undefined) sodium.memzero(plaintext);
  }
}

/** Runs `seal` with a new data key; wipes the key if sealing fails, so it never lingers unused. */
function withNewKey<T>(sodium: Sodium, dataKey: Uint8Array, seal: () => T): T {
  try {
    return seal();
  } catch (error) {
    sodium.memzero(dataKey);
    throw error;
  }
}

function sealKeyWith(sodium: Sodium, dataKey: Uint8Array, publicKey: Uint8Array): string {
  let sealed: Uint8Array;
  try {
    sealed = sodium.crypto_box_seal(dataKey, publicKey);
  } catch {
    // libsodium refuses public keys that give an all-zero shared secret (low-order points).
    throw new CryptoError("malformed", "recipient public key is not usable");
  }
  return `${SEALED_KEY_VERSION}.${SEALED_KEY_ALG}.${toB64(sodium, sealed)}`;
}

function openSealedKey(sodium: Sodium, sealedKey: string, keys: UnlockedKeys): Uint8Array {
  const parts = sealedKey.split(".");
  const [version, alg, body] = parts;
  if (version === undefined || !/^v[0-9]{1,9}$/.test(version)) throw new CryptoError("malformed", "sealed key has no version");
  if (version !== SEALED_KEY_VERSION) throw new CryptoError("unsupported", "unknown sealed key version");
  if (alg === undefined) throw new CryptoError("malformed", "sealed key has no algorithm");
  if (alg !== SEALED_KEY_ALG) throw new CryptoError("unsupported", "unknown sealed key algorithm");
  if (parts.length !== 3 || body === undefined) throw new CryptoError("malformed", "sealed key must have three parts");
  const sealed = fromB64(sodium, body, SEALED_KEY_BYTES, "sealed key");
  const publicKey = readPublicKey(sodium, keys.publicKey);
  if (keys.privateKey.length !== PRIVATE_KEY_BYTES) throw new CryptoError("malformed", "private key must be 32 bytes");
  let dataKey: Uint8Array;
  try {
    dataKey = sodium.crypto_box_seal_open(sealed, publicKey, keys.privateKey);
  } catch {
    throw new CryptoError("wrong-key", "sealed key did not open");
  }
  if (dataKey.length !== ENVELOPE_KEY_BYTES) throw new CryptoError("malformed", "sealed key has the wrong length");
  return dataKey;
}

function encodePlaintext(fields: IdentityFields): Uint8Array {
  let json: string;
  try {
    json = encodeIdentityPlaintext(fields);
  } catch (error) {
    if (error instanceof IdentityPlaintextError) throw new CryptoError("malformed", error.message);
    throw error;
  }
  const bytes = new TextEncoder().encode(json);
  if (bytes.length + ENVELOPE_TAG_BYTES > MAX_VAULT_CIPHERTEXT_BYTES) {
    throw new CryptoError("malformed", "identity fields are too large to store");
  }
  return bytes;
}

function decodePlaintext(bytes: Uint8Array): IdentityFields {
  let json: string;
  try {
    json = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new CryptoError("malformed", "identity plaintext is not UTF-8");
  }
  try {
    return decodeIdentityPlaintext(json);
  } catch (error) {
    if (error instanceof IdentityPlaintextError) {
      throw new CryptoError(error.code === "unsupportedVersion" ? "unsupported" : "malformed", error.message);
    }
    throw error;
  }
}

function readPublicKey(sodium: Sodium, publicKey: string): Uint8Array {
  return fromB64(sodium, publicKey, PUBLIC_KEY_BYTES, "public key");
}

function checkDataKey(dataKey: Uint8Array): void {
  if (dataKey.length !== ENVELOPE_KEY_BYTES) throw new CryptoError("malformed", "data key must be 32 bytes");
}

function checkKeyVersion(keyVersion: number): void {
  if (!Number.isSafeInteger(keyVersion) || keyVersion < FIRST_KEY_VERSION) {
    throw new CryptoError("malformed", "key version must be a whole number from 1");
  }
}

function nextKeyVersion(keyVersion: number): number {
  checkKeyVersion(keyVersion);
  const next = keyVersion + 1;
  checkKeyVersion(next);
  return next;
}
