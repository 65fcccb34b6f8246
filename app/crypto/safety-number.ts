import { publicKeyFromPrivate, type UnlockedKeys } from "./account-keys";
import { fromB64 } from "./encoding";
import { loadSodium } from "./sodium";
import { safetyNumberFromDigest, type SafetyNumber } from "~/domain/formats/safety-number";

/**
 * An account's safety number (decision 014): a short fingerprint of its X25519 public key
 * that two people can compare in person or over the phone.
 *
 *   d = BLAKE2b-512(key = "tongxing.safety-number.v1", message = public key)
 *   5200 times: d = BLAKE2b-512(key = "tongxing.safety-number.v1", message = d || public key)
 *   → 6 groups of 5 digits (domain/formats/safety-number.ts)
 *
 * The key is the domain separator, so no other hash in the product can produce the same
 * digest. The 5200 rounds (as in Signal's safety numbers) make each try of an attacker who
 * grinds key pairs for a look-alike number about 5200 times dearer, for the person who
 * checks only a few groups; here they take a few milliseconds.
 * Failures throw CryptoError('malformed') for a key that is not 32 bytes of base64url.
 */

const FINGERPRINT_KEY = "tongxing.safety-number.v1";
export const SAFETY_NUMBER_ROUNDS = 5200;
const DIGEST_BYTES = 64;
const PUBLIC_KEY_BYTES = 32;

/** The safety number of a base64url X25519 public key. */
export async function safetyNumberOf(publicKey: string): Promise<SafetyNumber> {
  const sodium = await loadSodium();
  const key = fromB64(sodium, publicKey, PUBLIC_KEY_BYTES, "public key");
  const hashKey = sodium.from_string(FINGERPRINT_KEY);
  let digest = sodium.crypto_generichash(DIGEST_BYTES, key, hashKey);
  const round = new Uint8Array(DIGEST_BYTES + PUBLIC_KEY_BYTES);
  round.set(key, DIGEST_BYTES);
  for (let i = 0; i < SAFETY_NUMBER_ROUNDS; i++) {
    round.set(digest, 0);
    digest = sodium.crypto_generichash(DIGEST_BYTES, round, hashKey);
  }
  return safetyNumberFromDigest(digest);
}

/**
 * The tab's own safety number, from the public key computed here from the unlocked private
 * key, never from a copy the server sent: a lying server would otherwise show a worker the
 * number of the key it swapped in, and the two numbers would match.
 */
export async function ownSafetyNumber(keys: UnlockedKeys): Promise<SafetyNumber> {
  return safetyNumberOf(await publicKeyFromPrivate(keys.privateKey));
}
