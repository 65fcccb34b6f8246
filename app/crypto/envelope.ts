import { fromB64, toB64 } from "./encoding";
import { ENVELOPE_ALG, ENVELOPE_NONCE_BYTES, ENVELOPE_TAG_BYTES, ENVELOPE_VERSION } from "~/domain/formats/envelope-shape";
import { CryptoError } from "~/domain/formats/crypto-error";
import { loadSodium, type Sodium } from "./sodium";

/**
 * Ciphertext envelopes: `v1.xc20p.<nonce>.<ciphertext>` (decision 001), base64url parts,
 * XChaCha20-Poly1305 IETF with a random 24-byte nonce. The associated data is not stored:
 * it names what the ciphertext is for, and the caller supplies it again to open it.
 */

export const ENVELOPE_KEY_BYTES = 32;

export type ParsedEnvelope = {
  version: typeof ENVELOPE_VERSION;
  alg: typeof ENVELOPE_ALG;
  nonce: Uint8Array; // 24 bytes
  ciphertext: Uint8Array; // at least 16 bytes (Poly1305 tag included)
};

export type Bytes = Uint8Array | string; // a string is taken as its UTF-8 bytes

/** Parses an envelope; throws CryptoError 'unsupported' (unknown version or alg) or 'malformed'. */
export function parseEnvelopeWith(sodium: Sodium, envelope: string): ParsedEnvelope {
  const parts = envelope.split(".");
  const [version, alg, nonceText, ciphertextText] = parts;
  if (version === undefined || !/^v[0-9]{1,9}$/.test(version)) {
    throw new CryptoError("malformed", "envelope has no version");
  }
  if (version !== ENVELOPE_VERSION) throw new CryptoError("unsupported", "unknown envelope version");
  if (alg === undefined) throw new CryptoError("malformed", "envelope has no algorithm");
  if (alg !== ENVELOPE_ALG) throw new CryptoError("unsupported", "unknown envelope algorithm");
  if (parts.length !== 4 || nonceText === undefined || ciphertextText === undefined) {
    throw new CryptoError("malformed", "envelope must have four parts");
  }
  const nonce = fromB64(sodium, nonceText, ENVELOPE_NONCE_BYTES, "envelope nonce");
  const ciphertext = fromB64(sodium, ciphertextText, undefined, "envelope ciphertext");
  if (ciphertext.length < ENVELOPE_TAG_BYTES) throw new CryptoError("malformed", "envelope ciphertext is truncated");
  return { version: ENVELOPE_VERSION, alg: ENVELOPE_ALG, nonce, ciphertext };
}

export function formatEnvelopeWith(sodium: Sodium, parts: ParsedEnvelope): string {
  if (parts.nonce.length !== ENVELOPE_NONCE_BYTES) throw new CryptoError("malformed", "envelope nonce must be 24 bytes");
  if (parts.ciphertext.length < ENVELOPE_TAG_BYTES) throw new CryptoError("malformed", "envelope ciphertext is truncated");
  return `${ENVELOPE_VERSION}.${ENVELOPE_ALG}.${toB64(sodium, parts.nonce)}.${toB64(sodium, parts.ciphertext)}`;
}

export function sealEnvelopeWith(sodium: Sodium, key: Uint8Array, plaintext: Bytes, ad: Bytes): string {
  checkKey(key);
  const nonce = sodium.randombytes_buf(ENVELOPE_NONCE_BYTES);
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, ad, null, nonce, key);
  return formatEnvelopeWith(sodium, { version: ENVELOPE_VERSION, alg: ENVELOPE_ALG, nonce, ciphertext });
}

export function openEnvelopeWith(sodium: Sodium, key: Uint8Array, envelope: string, ad: Bytes): Uint8Array {
  checkKey(key);
  const { nonce, ciphertext } = parseEnvelopeWith(sodium, envelope);
  try {
    return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, ad, nonce, key);
  } catch {
    throw new CryptoError("wrong-key", "envelope did not authenticate");
  }
}

/** Encrypts `plaintext` under a 32-byte key with associated data `ad`; returns the envelope string. */
export async function sealEnvelope(key: Uint8Array, plaintext: Bytes, ad: Bytes): Promise<string> {
  return sealEnvelopeWith(await loadSodium(), key, plaintext, ad);
}

/**
 * Decrypts an envelope. Throws CryptoError: 'unsupported' for an unknown version or alg,
 * 'malformed' for a bad shape or length, 'wrong-key' when authentication fails (wrong key,
 * different associated data, altered nonce or ciphertext).
 */
export async function openEnvelope(key: Uint8Array, envelope: string, ad: Bytes): Promise<Uint8Array> {
  return openEnvelopeWith(await loadSodium(), key, envelope, ad);
}

export async function parseEnvelope(envelope: string): Promise<ParsedEnvelope> {
  return parseEnvelopeWith(await loadSodium(), envelope);
}

export async function formatEnvelope(parts: ParsedEnvelope): Promise<string> {
  return formatEnvelopeWith(await loadSodium(), parts);
}

function checkKey(key: Uint8Array): void {
  if (key.length !== ENVELOPE_KEY_BYTES) {
    throw new CryptoError("malformed", "envelope key must be 32 bytes");
  }
}
