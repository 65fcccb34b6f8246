import { CryptoError } from "~/domain/formats/crypto-error";
import type { Sodium } from "./sodium";

/**
 * base64url without padding (libsodium URLSAFE_NO_PADDING), the encoding of every binary
 * value on the wire and in the database (decision 001). Synchronous helpers that take an
 * already loaded sodium instance (see `loadSodium`).
 */
export function toB64(sodium: Sodium, bytes: Uint8Array): string {
  return sodium.to_base64(bytes, sodium.base64_variants.URLSAFE_NO_PADDING);
}

/**
 * Decodes canonical base64url without padding. Throws CryptoError('malformed') on any other
 * input (padding, standard-alphabet characters, whitespace, non-zero trailing bits) or, when
 * `expectedBytes` is given, on a different decoded length. `what` names the value in the
 * error message (never the value itself).
 */
export function fromB64(sodium: Sodium, text: string, expectedBytes?: number, what = "value"): Uint8Array {
  assertB64Shape(text, what);
  let bytes: Uint8Array;
  try {
    bytes = sodium.from_base64(text, sodium.base64_variants.URLSAFE_NO_PADDING);
  } catch {
    throw new CryptoError("malformed", `${what} is not base64url`);
  }
  return withLength(bytes, expectedBytes, what);
}

/**
 * `fromB64` without libsodium, for the steps that run before it has arrived (Argon2id's salt,
 * the proof-of-work challenge: decision 018). Same rules: non-canonical text would encode
 * back differently, so it is refused.
 */
export function fromB64Early(text: string, expectedBytes?: number, what = "value"): Uint8Array {
  assertB64Shape(text, what);
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (char) => char.charCodeAt(0));
  const again = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  if (again !== text) throw new CryptoError("malformed", `${what} is not base64url`);
  return withLength(bytes, expectedBytes, what);
}

/** `toB64` without libsodium, for what is sent before it has arrived (the sign-in's auth key: decision 018). */
export function toB64Early(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function assertB64Shape(text: string, what: string): void {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new CryptoError("malformed", `${what} is not base64url`);
  }
}

function withLength(bytes: Uint8Array, expectedBytes: number | undefined, what: string): Uint8Array {
  if (expectedBytes !== undefined && bytes.length !== expectedBytes) {
    throw new CryptoError("malformed", `${what} must be ${expectedBytes} bytes`);
  }
  return bytes;
}
