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
// Identity vault (decision 003)

/**
 * The largest vault ciphertext (authentication tag included) the server stores; pass it to
 * isEnvelopeShape. The largest valid identity plaintext is under 4 KB of UTF-8.
 */
export const MAX_VAULT_CIPHERTEXT_BYTES = 8192;

export const SEALED_KEY_VERSION = "v1";
export const SEALED_KEY_ALG = "sealed"; // crypto_box_seal: X25519 + XSalsa20-Poly1305
/** crypto_box_seal of a 32-byte data key: 32-byte ephemeral public key + 16-byte MAC + 32 bytes. */
export const SEALED_KEY_BYTES = 80;

const SEALED_KEY_PREFIX = `${SEALED_KEY_VERSION}.${SEALED_KEY_ALG}.`;

/**
 * True if `s` is `v1.sealed.<base64url of exactly 80 bytes>`, the only sealed data key
 * format. Says nothing about whether it opens.
 */
export function isSealedKeyShape(s: string): boolean {
  if (typeof s !== "string") return false;
  if (s.length !== SEALED_KEY_PREFIX.length + base64UrlLength(SEALED_KEY_BYTES)) return false;
  return s.startsWith(SEALED_KEY_PREFIX) && isBase64UrlOfBytes(s.slice(SEALED_KEY_PREFIX.length), SEALED_KEY_BYTES);
}
