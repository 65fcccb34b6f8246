/**
 * The server's Ed25519 signing keys, one per kind of signed statement, each derived with
 * HKDF-SHA256 from the server secret: the same on every instance, never stored, and a key of
 * one kind never signs another kind's statements.
 */
import { createHash, createPrivateKey, createPublicKey, hkdfSync, sign, verify, type KeyObject } from "node:crypto";

const PURPOSES = {
  attendanceStatements: "tongxing attendance statements v1",
  testAttestations: "tongxing test attestations v1",
} as const;
export type SigningPurpose = keyof typeof PURPOSES;

const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const ED25519_SPKI_PREFIX_BYTES = 12;

function signingKey(serverSecretHex: string, purpose: SigningPurpose): KeyObject {
  const seed = Buffer.from(hkdfSync("sha256", Buffer.from(serverSecretHex, "hex"), Buffer.alloc(0), PURPOSES[purpose], 32));
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
}

/** The signature of the payload's UTF-8 bytes, base64url. */
export function signPayload(serverSecretHex: string, purpose: SigningPurpose, payload: string): string {
  return sign(null, Buffer.from(payload), signingKey(serverSecretHex, purpose)).toString("base64url");
}

/** Whether a base64url signature is the server's over the payload; false for anything malformed. */
export function verifyPayload(serverSecretHex: string, purpose: SigningPurpose, payload: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(payload), createPublicKey(signingKey(serverSecretHex, purpose)), Buffer.from(signature, "base64url"));
  } catch {
    return false;
  }
}

/** The raw 32-byte public key as base64url, for browsers that check a signature themselves. */
export function publicSigningKey(serverSecretHex: string, purpose: SigningPurpose): string {
  const spki = createPublicKey(signingKey(serverSecretHex, purpose)).export({ format: "der", type: "spki" });
  return spki.subarray(ED25519_SPKI_PREFIX_BYTES).toString("base64url");
}

/** A short fingerprint of the public key, printed on the public pages so a statement's key can be compared. */
export function signingKeyFingerprint(serverSecretHex: string, purpose: SigningPurpose): string {
  const spki = createPublicKey(signingKey(serverSecretHex, purpose)).export({ format: "der", type: "spki" });
  return createHash("sha256").update(spki).digest("hex").slice(0, 16).toUpperCase().replace(/(.{4})(?=.)/g, "$1 ");
}
