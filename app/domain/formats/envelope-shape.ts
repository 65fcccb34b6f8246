/**
 * Shape and size checks for base64url values and ciphertext envelopes, with no libsodium:
 * cheap enough for the server to validate uploads it cannot (and must not) decrypt.
 * Accepts exactly what `parseEnvelope` in envelope.ts accepts, length-wise.
 */

export const ENVELOPE_VERSION = "v1";
export const ENVELOPE_ALG = "xc20p"; // XChaCha20-Poly1305 IETF
export const ENVELOPE_NONCE_BYTES = 24;
export const ENVELOPE_TAG_BYTES = 16;

const ENVELOPE_PREFIX = `${ENVELOPE_VERSION}.${ENVELOPE_ALG}.`;
const NONCE_CHARS = base64UrlLength(ENVELOPE_NONCE_BYTES); // 32
const ENVELOPE_RE = /^v1\.xc20p\.([A-Za-z0-9_-]{32})\.([A-Za-z0-9_-]+)$/;

/** Characters of unpadded base64url for `bytes` bytes. */
export function base64UrlLength(bytes: number): number {
  return Math.ceil((bytes * 4) / 3);
}

/**
 * Decoded length of canonical unpadded base64url `text`, or -1 if it is not canonical
 * (alphabet, impossible length, non-zero unused bits in the last character).
 */
export function base64UrlDecodedLength(text: string): number {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return -1;
  const rest = text.length % 4;
  if (rest === 1) return -1;
  const last = text.charAt(text.length - 1);
  // 2 chars carry 1 byte (4 unused bits), 3 chars carry 2 bytes (2 unused bits).
  if (rest === 2 && !/[AQgw]/.test(last)) return -1;
  if (rest === 3 && !/[AEIMQUYcgkosw048]/.test(last)) return -1;
  return Math.floor((text.length * 3) / 4);
}

/** True if `text` is canonical unpadded base64url of exactly `bytes` bytes. */
export function isBase64UrlOfBytes(text: string, bytes: number): boolean {
  return text.length === base64UrlLength(bytes) && base64UrlDecodedLength(text) === bytes;
}

/**
 * True if `s` is a `v1.xc20p.<nonce>.<ciphertext>` envelope whose nonce is 24 bytes and
 * whose ciphertext (authentication tag included) is 16 to `maxCiphertextBytes` bytes.
 * Says nothing about whether it decrypts.
 */
export function isEnvelopeShape(s: string, maxCiphertextBytes: number): boolean {
  if (!Number.isSafeInteger(maxCiphertextBytes) || maxCiphertextBytes < ENVELOPE_TAG_BYTES) return false;
  // Bound the length before running a regex over attacker-sized input.
  if (s.length > ENVELOPE_PREFIX.length + NONCE_CHARS + 1 + base64UrlLength(maxCiphertextBytes)) return false;
  const match = ENVELOPE_RE.exec(s);
  const ciphertext = match?.[2];
  if (ciphertext === undefined) return false;
  const bytes = base64UrlDecodedLength(ciphertext);
  return bytes >= ENVELOPE_TAG_BYTES && bytes <= maxCiphertextBytes;
}

// ---------------------------------------------------------------------------------------
// Identity vault (decision 003, decision 011)

/**
 * Every vault plaintext is padded (ISO/IEC 7816-4, libsodium's sodium_pad) to exactly this
 * many bytes before encryption, so the ciphertext's length says nothing about which fields
 * are filled or how many keys are pinned. The largest identity the field rules allow is
 * about 2.3 KB of UTF-8; with the most key pins (MAX_KEY_PINS, decision 014) under 3.9 KB.
 */
export const VAULT_PLAINTEXT_BUCKET_BYTES = 4096;

/**
 * The largest vault ciphertext (authentication tag included) the server stores; pass it to
 * isEnvelopeShape. Every vault the browser makes is exactly this long: one padded bucket
 * and the tag (5,525 characters as an envelope, under the database's 12,000).
 */
export const MAX_VAULT_CIPHERTEXT_BYTES = VAULT_PLAINTEXT_BUCKET_BYTES + ENVELOPE_TAG_BYTES;

/** A share's copy of the data key: crypto_box_seal to the recipient (anonymous sender). */
export const SEALED_KEY_VERSION = "v1";
export const SEALED_KEY_ALG = "sealed"; // crypto_box_seal: X25519 + XSalsa20-Poly1305
/** crypto_box_seal of a 32-byte data key: 32-byte ephemeral public key + 16-byte MAC + 32 bytes. */
export const SEALED_KEY_BYTES = 80;

/**
 * The owner's copy of the data key: crypto_box_easy from the owner's key pair to itself, so
 * only the owner's private key could have made it (a sealed copy can be made by anyone who
 * knows the public key).
 */
export const OWNER_KEY_VERSION = "v2";
export const OWNER_KEY_ALG = "box"; // crypto_box_easy: X25519 + XSalsa20-Poly1305, sender = recipient = owner
/** 24-byte nonce + crypto_box_easy of a 32-byte data key (16-byte MAC + 32 bytes). */
export const OWNER_KEY_BYTES = 72;

/**
 * True if `s` is `v1.sealed.<base64url of exactly 80 bytes>`, the format of a share's
 * copy. Says nothing about whether it opens.
 */
export function isSealedKeyShape(s: string): boolean {
  return isKeyCopyShape(s, `${SEALED_KEY_VERSION}.${SEALED_KEY_ALG}.`, SEALED_KEY_BYTES);
}

/**
 * True if `s` is `v2.box.<base64url of exactly 72 bytes>`, the only format of the owner's
 * copy. Says nothing about whether it opens, nor who made it.
 */
export function isOwnerKeyShape(s: string): boolean {
  return isKeyCopyShape(s, `${OWNER_KEY_VERSION}.${OWNER_KEY_ALG}.`, OWNER_KEY_BYTES);
}

function isKeyCopyShape(s: string, prefix: string, bytes: number): boolean {
  if (typeof s !== "string") return false;
  if (s.length !== prefix.length + base64UrlLength(bytes)) return false;
  return s.startsWith(prefix) && isBase64UrlOfBytes(s.slice(prefix.length), bytes);
}
