/**
 * How a safety number looks (decision 014): 30 digits in 6 groups of 5, e.g.
 * `05870 33128 91004 27715 60342 18893`. Digits, because members read them aloud over the
 * phone in any language; groups of 5, because a group is easy to say and hold in mind.
 *
 * Each group is 5 bytes of the key's fingerprint digest (app/crypto/safety-number.ts), read
 * as a big-endian 40-bit number, modulo 100000, with leading zeros kept. 30 digits carry
 * about 99.6 bits: finding another key with the same number is out of reach.
 * Pure: the digest is computed in the crypto core, the text here.
 */

export const SAFETY_NUMBER_GROUPS = 6;
export const SAFETY_NUMBER_GROUP_DIGITS = 5;
const BYTES_PER_GROUP = 5;
/** How many digest bytes the number uses. */
export const SAFETY_NUMBER_DIGEST_BYTES = SAFETY_NUMBER_GROUPS * BYTES_PER_GROUP;

/** A safety number as its 6 groups of 5 digits. */
export type SafetyNumber = readonly string[];

/** The groups for a fingerprint digest; throws RangeError if the digest is shorter than 30 bytes. */
export function safetyNumberFromDigest(digest: Uint8Array): SafetyNumber {
  if (digest.length < SAFETY_NUMBER_DIGEST_BYTES) throw new RangeError(`a safety number needs ${SAFETY_NUMBER_DIGEST_BYTES} digest bytes`);
  const groups: string[] = [];
  for (let group = 0; group < SAFETY_NUMBER_GROUPS; group++) {
    let value = 0;
    // 40 bits stay exact in a double (below 2^53).
    for (let i = 0; i < BYTES_PER_GROUP; i++) value = value * 256 + (digest[group * BYTES_PER_GROUP + i] ?? 0);
    groups.push(String(value % 10 ** SAFETY_NUMBER_GROUP_DIGITS).padStart(SAFETY_NUMBER_GROUP_DIGITS, "0"));
  }
  return groups;
}

/** The number as one line: the groups separated by spaces. */
export function formatSafetyNumber(number: SafetyNumber): string {
  return number.join(" ");
}
