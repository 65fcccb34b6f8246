import type { IdentityPlaintext } from "~/domain/identity/identity-plaintext";
import type { IdentityFields } from "~/domain/identity/identity-fields";
import { isPinnedKey, NO_PINS, type KeyPins, type RecipientKey } from "~/domain/identity/key-pins";
import type { UnlockedKeys } from "./account-keys";
import { isLowerCaseUuid } from "~/domain/formats/uuid";
import { fromB64, toB64 } from "./encoding";
import { ENVELOPE_KEY_BYTES, openEnvelopeWith, parseEnvelopeWith, sealEnvelopeWith } from "./envelope";
import {
  OWNER_KEY_ALG,
  OWNER_KEY_BYTES,
  OWNER_KEY_VERSION,
  SEALED_KEY_ALG,
  SEALED_KEY_BYTES,
  SEALED_KEY_VERSION,
} from "~/domain/formats/envelope-shape";
import { CryptoError } from "~/domain/formats/crypto-error";
import { loadSodium, type Sodium } from "./sodium";
import { decodePlaintext, encodePlaintext } from "./vault-plaintext";

/**
 * The identity vault — decisions 003, 011 and 014, step by step:
 *
 *   fields, pins --encodeIdentityPlaintext--> {"v":2,"fields":{…},"pins":{…}} (UTF-8)
 *          --sodium_pad to exactly 4096 bytes (VAULT_PLAINTEXT_BUCKET_BYTES)-->
 *          --XChaCha20-Poly1305 envelope under a random 32-byte data key,
 *            AD = "tongxing.identity-vault.v2:<owner user id>:<key version>"--> ciphertext
 *   data key, owner's copy --crypto_box_easy from the owner's key pair to itself,
 *                            random nonce--> "v2.box.<nonce 24 B ‖ box 48 B>"
 *   data key, a share's copy --crypto_box_seal to the recipient's public key--> "v1.sealed.<80 B>"
 *
 * Only the owner's private key can make the owner's copy, so a server that knows only the
 * public key cannot plant a vault whose data key it knows: the owner's browser refuses any
 * owner copy that is not a box from its own key pair, the anonymous v1.sealed form
 * included. The copy is tied to owner and key version through the ciphertext: its data key
 * opens only an envelope whose AD names them. Shares stay anonymous (a recipient needs no
 * proof of who sealed, and gets none to show anyone else).
 *
 * Revoking a share rotates: a new data key, key version + 1, the vault re-encrypted and
 * every remaining copy made again, so old copies open nothing new.
 * A share's copy is sealed only to the key pinned for its recipient in the plaintext being
 * written (decision 014): the caller checks and pins first, this refuses anything else.
 *
 * Owner ids are the lower-case UUIDs the database hands out; anything else is refused, so
 * a differently spelt id can never produce a vault that the real id cannot open.
 * Failures throw CryptoError: 'malformed' (bad input or shape, bad padding), 'unsupported'
 * (unknown format version or algorithm, or an anonymous owner copy), 'wrong-key'
 * (authentication failed: not your key, another owner or key version, an owner copy not
 * made by the owner's keys, tampering). Nothing here logs.
 */

export type VaultRecord = { ciphertext: string; ownerSealedKey: string; keyVersion: number };
export type SealedShareKey = { shareId: string; sealedKey: string };

/** v2: the plaintext is padded (v1 vaults were not; none of them opens any more, decision 011). */
export const VAULT_AD_PREFIX = "tongxing.identity-vault.v2";
export const FIRST_KEY_VERSION = 1;

const PUBLIC_KEY_BYTES = 32;
const PRIVATE_KEY_BYTES = 32;
const BOX_NONCE_BYTES = 24;

// ---------------------------------------------------------------------------------------
// The API

/**
 * First save: a new data key and key version 1, the owner's copy boxed with the owner's
 * unlocked keys ('wrong-key' if their halves do not belong together). Keep `dataKey` to
 * re-save edits (resealVault).
 */
export async function sealNewVault(input: {
  ownerId: string;
  keys: UnlockedKeys;
  fields: IdentityFields;
}): Promise<{ record: VaultRecord; dataKey: Uint8Array }> {
  const sodium = await loadSodium();
  const ad = vaultAd(input.ownerId, FIRST_KEY_VERSION);
  const owner = ownKeyPair(sodium, input.keys);
  const plaintext = encodePlaintext(sodium, { fields: input.fields, pins: NO_PINS });
  const dataKey = sodium.randombytes_buf(ENVELOPE_KEY_BYTES);
  try {
    return withNewKey(sodium, dataKey, () => ({
      record: {
        ciphertext: sealEnvelopeWith(sodium, dataKey, plaintext, ad),
        ownerSealedKey: boxOwnerKey(sodium, dataKey, owner),
        keyVersion: FIRST_KEY_VERSION,
      },
      dataKey,
    }));
  } finally {
    sodium.memzero(plaintext);
  }
}

/**
 * The owner opens their own vault with their unlocked keys; `dataKey` is for later edits.
 * Refuses an owner copy that is not a `v2.box.` from these keys: 'unsupported' for the
 * anonymous `v1.sealed.` form (anyone who knows the public key can make one), 'wrong-key'
 * for a box from another key pair or altered.
 */
export async function openVault(input: {
  ownerId: string;
  record: VaultRecord;
  keys: UnlockedKeys;
}): Promise<IdentityPlaintext & { dataKey: Uint8Array }> {
  const sodium = await loadSodium();
  const { ownerId, record, keys } = input;
  return openWith(sodium, ownerId, record.ciphertext, record.keyVersion, () => openOwnerKey(sodium, record.ownerSealedKey, keys));
}

/** Edit: new ciphertext (fresh nonce) under the same data key and key version; the pins go along unchanged or updated. */
export async function resealVault(input: {
  ownerId: string;
  keyVersion: number;
  dataKey: Uint8Array;
  fields: IdentityFields;
  pins: KeyPins;
}): Promise<string> {
  const sodium = await loadSodium();
  const ad = vaultAd(input.ownerId, input.keyVersion);
  checkDataKey(input.dataKey);
  const plaintext = encodePlaintext(sodium, { fields: input.fields, pins: input.pins });
  try {
    return sealEnvelopeWith(sodium, input.dataKey, plaintext, ad);
  } finally {
    sodium.memzero(plaintext);
  }
}

/** Seals a data key to a share recipient's public key: `v1.sealed.<b64>`. Never the owner's copy (sealNewVault boxes that). */
export async function sealKeyFor(dataKey: Uint8Array, recipientPublicKey: string): Promise<string> {
  const sodium = await loadSodium();
  checkDataKey(dataKey);
  return sealKeyWith(sodium, dataKey, readPublicKey(sodium, recipientPublicKey));
}

/**
 * Seals a data key to a share recipient, only at the key pinned for them in `pins` (the pins
 * uploaded with it): 'wrong-key' otherwise, so nothing is sealed to a key the member's
 * browser did not pin or accept.
 */
export async function sealKeyForPinned(dataKey: Uint8Array, recipient: RecipientKey, pins: KeyPins): Promise<string> {
  if (!isPinnedKey(pins, recipient)) throw new CryptoError("wrong-key", "recipient key is not the pinned key");
  return sealKeyFor(dataKey, recipient.publicKey);
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
  const { ownerId, ciphertext, sealedKey, keyVersion, keys } = input;
  const opened = openWith(sodium, ownerId, ciphertext, keyVersion, () => openSealedKey(sodium, sealedKey, keys));
  sodium.memzero(opened.dataKey);
  return opened.fields;
}

/**
 * Revocation: opens the vault with the owner's keys (refusing it as openVault does), then
 * makes a new data key, re-encrypts under key version + 1, boxes the new key for the owner
 * and seals it to every remaining share. Upload it all at once; the server refuses it
 * unless the version goes up by exactly one and every remaining share is re-sealed. The new
 * plaintext carries `pins`, and every remaining share's key must be pinned there: 'wrong-key'
 * if not (decision 014). Replacing the owner's key pair (decision 015) passes the new pair as
 * `newOwnerKeys`: the vault is opened with `keys` and the new owner's copy boxed with
 * `newOwnerKeys`, so only the new pair opens the rotated vault.
 */
export async function rotateVault(input: {
  ownerId: string;
  record: VaultRecord;
  keys: UnlockedKeys;
  remainingShares: Array<{ shareId: string; recipientId: string; recipientPublicKey: string }>;
  pins: KeyPins;
  newOwnerKeys?: UnlockedKeys;
}): Promise<{ record: VaultRecord; reseals: SealedShareKey[]; dataKey: Uint8Array }> {
  const sodium = await loadSodium();
  const keyVersion = nextKeyVersion(input.record.keyVersion);
  const ad = vaultAd(input.ownerId, keyVersion);
  const owner = ownKeyPair(sodium, input.newOwnerKeys ?? input.keys);
  const seen = new Set<string>();
  const recipients = input.remainingShares.map((share) => {
    if (share.shareId === "" || seen.has(share.shareId)) throw new CryptoError("malformed", "share ids must be present and unique");
    seen.add(share.shareId);
    const publicKey = readPublicKey(sodium, share.recipientPublicKey);
    if (!isPinnedKey(input.pins, { userId: share.recipientId, publicKey: share.recipientPublicKey })) {
      throw new CryptoError("wrong-key", "a share's recipient key is not the pinned key");
    }
    return { shareId: share.shareId, publicKey };
  });

  const { ownerId, record, keys } = input;
  const opened = openWith(sodium, ownerId, record.ciphertext, record.keyVersion, () => openOwnerKey(sodium, record.ownerSealedKey, keys));
  sodium.memzero(opened.dataKey);
  const plaintext = encodePlaintext(sodium, { fields: opened.fields, pins: input.pins });

  const dataKey = sodium.randombytes_buf(ENVELOPE_KEY_BYTES);
  try {
    return withNewKey(sodium, dataKey, () => ({
      record: {
        ciphertext: sealEnvelopeWith(sodium, dataKey, plaintext, ad),
        ownerSealedKey: boxOwnerKey(sodium, dataKey, owner),
        keyVersion,
      },
      reseals: recipients.map(({ shareId, publicKey }) => ({ shareId, sealedKey: sealKeyWith(sodium, dataKey, publicKey) })),
      dataKey,
    }));
  } finally {
    sodium.memzero(plaintext);
  }
}

// ---------------------------------------------------------------------------------------
// Steps

/** Associated data binding a vault ciphertext to its owner and key version. */
export function vaultAd(ownerId: string, keyVersion: number): string {
  if (!isLowerCaseUuid(ownerId)) throw new CryptoError("malformed", "owner id must be a lower-case UUID");
  checkKeyVersion(keyVersion);
  return `${VAULT_AD_PREFIX}:${ownerId}:${keyVersion}`;
}

/** Opens the data key with `openKey` (the owner's box or a share's seal), then the vault with it. */
function openWith(
  sodium: Sodium,
  ownerId: string,
  ciphertext: string,
  keyVersion: number,
  openKey: () => Uint8Array,
): IdentityPlaintext & { dataKey: Uint8Array } {
  const ad = vaultAd(ownerId, keyVersion);
  parseEnvelopeWith(sodium, ciphertext); // report a bad or unknown ciphertext format before any key work
  const dataKey = openKey();
  let plaintext: Uint8Array | undefined;
  try {
    plaintext = openEnvelopeWith(sodium, dataKey, ciphertext, ad);
    return { ...decodePlaintext(sodium, plaintext), dataKey };
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

/** A share's copy: the data key sealed to the recipient; opens with the recipient's keys. */
function openSealedKey(sodium: Sodium, sealedKey: string, keys: UnlockedKeys): Uint8Array {
  const sealed = readKeyCopy(sodium, sealedKey, SEALED_KEY_VERSION, SEALED_KEY_ALG, SEALED_KEY_BYTES, "sealed key");
  const publicKey = readPublicKey(sodium, keys.publicKey);
  if (keys.privateKey.length !== PRIVATE_KEY_BYTES) throw new CryptoError("malformed", "private key must be 32 bytes");
  let dataKey: Uint8Array;
  try {
    dataKey = sodium.crypto_box_seal_open(sealed, publicKey, keys.privateKey);
  } catch {
    throw new CryptoError("wrong-key", "sealed key did not open");
  }
  return checkedDataKey(sodium, dataKey);
}

/** The owner's copy: `v2.box.<nonce ‖ crypto_box_easy(data key, nonce, owner pk, owner sk)>`. */
function boxOwnerKey(sodium: Sodium, dataKey: Uint8Array, owner: KeyPairBytes): string {
  const nonce = sodium.randombytes_buf(BOX_NONCE_BYTES);
  const boxed = sodium.crypto_box_easy(dataKey, nonce, owner.publicKey, owner.privateKey);
  const copy = new Uint8Array(BOX_NONCE_BYTES + boxed.length);
  copy.set(nonce);
  copy.set(boxed, BOX_NONCE_BYTES);
  return `${OWNER_KEY_VERSION}.${OWNER_KEY_ALG}.${toB64(sodium, copy)}`;
}

/**
 * Opens the owner's copy with the owner's keys. Only a box from this very key pair opens:
 * crypto_box authenticates the sender, and sender and recipient are both the owner. The
 * anonymous `v1.sealed.` form is refused as 'unsupported' before any key work.
 */
function openOwnerKey(sodium: Sodium, ownerKey: string, keys: UnlockedKeys): Uint8Array {
  const copy = readKeyCopy(sodium, ownerKey, OWNER_KEY_VERSION, OWNER_KEY_ALG, OWNER_KEY_BYTES, "owner key");
  const owner = ownKeyPair(sodium, keys);
  let dataKey: Uint8Array;
  try {
    dataKey = sodium.crypto_box_open_easy(copy.subarray(BOX_NONCE_BYTES), copy.subarray(0, BOX_NONCE_BYTES), owner.publicKey, owner.privateKey);
  } catch {
    throw new CryptoError("wrong-key", "owner key was not boxed by the owner's keys");
  }
  return checkedDataKey(sodium, dataKey);
}

/** The bytes of a `<version>.<alg>.<base64url>` key copy of exactly this format and length. */
function readKeyCopy(sodium: Sodium, text: string, expectedVersion: string, expectedAlg: string, bytes: number, what: string): Uint8Array {
  const parts = text.split(".");
  const [version, alg, body] = parts;
  if (version === undefined || !/^v[0-9]{1,9}$/.test(version)) throw new CryptoError("malformed", `${what} has no version`);
  if (version !== expectedVersion) throw new CryptoError("unsupported", `unknown ${what} version`);
  if (alg === undefined) throw new CryptoError("malformed", `${what} has no algorithm`);
  if (alg !== expectedAlg) throw new CryptoError("unsupported", `unknown ${what} algorithm`);
  if (parts.length !== 3 || body === undefined) throw new CryptoError("malformed", `${what} must have three parts`);
  return fromB64(sodium, body, bytes, what);
}

type KeyPairBytes = { publicKey: Uint8Array; privateKey: Uint8Array };

/**
 * The unlocked keys as bytes, once the public key is shown to be the private key's
 * ('wrong-key' if not): the owner's copy is boxed and opened with both halves.
 */
function ownKeyPair(sodium: Sodium, keys: UnlockedKeys): KeyPairBytes {
  const publicKey = readPublicKey(sodium, keys.publicKey);
  if (keys.privateKey.length !== PRIVATE_KEY_BYTES) throw new CryptoError("malformed", "private key must be 32 bytes");
  if (!sodium.memcmp(publicKey, sodium.crypto_scalarmult_base(keys.privateKey))) {
    throw new CryptoError("wrong-key", "public key does not belong to the private key");
  }
  return { publicKey, privateKey: keys.privateKey };
}

function checkedDataKey(sodium: Sodium, dataKey: Uint8Array): Uint8Array {
  if (dataKey.length !== ENVELOPE_KEY_BYTES) {
    sodium.memzero(dataKey);
    throw new CryptoError("malformed", "key copy holds a key of the wrong length");
  }
  return dataKey;
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
