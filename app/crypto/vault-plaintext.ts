import { VAULT_PLAINTEXT_BUCKET_BYTES } from "~/domain/formats/envelope-shape";
import { CryptoError } from "~/domain/formats/crypto-error";
import { decodeIdentityPlaintext, encodeIdentityPlaintext, IdentityPlaintextError, type IdentityPlaintext } from "~/domain/identity/identity-plaintext";
import type { Sodium } from "./sodium";

/**
 * The identity vault's plaintext as it is encrypted (decision 011): the JSON of the fields and
 * pins as UTF-8, padded with sodium_pad to exactly one bucket, so that the ciphertext's length
 * says nothing about what is stored. Failures throw CryptoError ('malformed', or 'unsupported'
 * for an unknown format version); nothing here logs.
 */

/** The plaintext JSON as UTF-8, padded to exactly one bucket; the caller wipes it after use. */
export function encodePlaintext(sodium: Sodium, plaintext: IdentityPlaintext): Uint8Array {
  let json: string;
  try {
    json = encodeIdentityPlaintext(plaintext);
  } catch (error) {
    if (error instanceof IdentityPlaintextError) throw new CryptoError("malformed", error.message);
    throw error;
  }
  const bytes = new TextEncoder().encode(json);
  try {
    // sodium_pad adds at least one byte (its 0x80 marker).
    if (bytes.length >= VAULT_PLAINTEXT_BUCKET_BYTES) throw new CryptoError("malformed", "identity fields are too large to store");
    return sodium.pad(bytes, VAULT_PLAINTEXT_BUCKET_BYTES);
  } finally {
    sodium.memzero(bytes);
  }
}

/** Reads a decrypted plaintext: exactly one bucket, well padded, then the JSON ('malformed' if not). */
export function decodePlaintext(sodium: Sodium, padded: Uint8Array): IdentityPlaintext {
  if (padded.length !== VAULT_PLAINTEXT_BUCKET_BYTES) throw new CryptoError("malformed", "identity plaintext is not one padded bucket");
  let bytes: Uint8Array;
  try {
    bytes = sodium.unpad(padded, VAULT_PLAINTEXT_BUCKET_BYTES);
  } catch {
    throw new CryptoError("malformed", "identity plaintext is not padded");
  }
  let json: string;
  try {
    json = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new CryptoError("malformed", "identity plaintext is not UTF-8");
  } finally {
    sodium.memzero(bytes);
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
