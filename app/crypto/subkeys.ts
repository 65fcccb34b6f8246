import { blake2b } from "@noble/hashes/blake2.js";

/**
 * libsodium's crypto_kdf_derive_from_key (crypto_kdf_blake2b) without libsodium: BLAKE2b of
 * nothing, keyed with the master key, its salt the subkey's number (8 bytes little-endian,
 * then zeros) and its personalisation the 8-character context (then zeros). Same bytes as
 * libsodium's (subkeys.test.ts compares them), so every account's keys are unchanged; the
 * sign-in derives and posts its auth key before libsodium's large chunk has arrived
 * (decision 018). From @noble/hashes (audited, maintained, no dependencies; only BLAKE2b is
 * bundled).
 */
export function deriveSubkey(bytes: number, id: number, context: string, master: Uint8Array): Uint8Array {
  if (!Number.isSafeInteger(id) || id < 0) throw new RangeError("subkey id must be a whole number");
  if (!/^[\x20-\x7e]{8}$/.test(context)) throw new RangeError("context must be 8 printable ASCII characters");
  if (master.length !== 32) throw new RangeError("master key must be 32 bytes");
  if (bytes < 16 || bytes > 64) throw new RangeError("subkey must be 16 to 64 bytes");
  const salt = new Uint8Array(16);
  new DataView(salt.buffer).setBigUint64(0, BigInt(id), true);
  const personalization = new Uint8Array(16);
  personalization.set(new TextEncoder().encode(context));
  return blake2b(new Uint8Array(0), { dkLen: bytes, key: master, salt, personalization });
}
