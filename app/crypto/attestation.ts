import { CryptoError } from "~/domain/formats/crypto-error";
import {
  ATTESTATION_KEY_BYTES,
  attestationFragment,
  attestationSealingContext,
  attestationSigningPayload,
  checkOpenedAttestation,
  parseAttestationFragment,
  parseSignedAttestation,
  type AttestationFacts,
  type SignedAttestation,
} from "~/domain/testing/attestation";
import { fromB64 } from "./encoding";
import { openEnvelopeWith, sealEnvelopeWith } from "./envelope";
import type { Sodium } from "./sodium";

/**
 * A proof link's cryptography, in the browser: the member's side seals what the server signed
 * under a fresh key that only the link's fragment carries; the recipient's side opens it with
 * that key and checks the server's Ed25519 signature against the key the proof page names.
 */

const SIGNING_PUBLIC_KEY_BYTES = 32;

/** Seals the signed attestation for its link; the fragment is the only copy of the key. */
export function sealAttestation(sodium: Sodium, signed: SignedAttestation): { sealed: string; fragment: string } {
  const key = sodium.randombytes_buf(ATTESTATION_KEY_BYTES);
  const sealed = sealEnvelopeWith(sodium, key, JSON.stringify(signed), attestationSealingContext(signed.facts.id));
  const fragment = attestationFragment(key);
  sodium.memzero(key);
  return { sealed, fragment };
}

export type OpenedProof = { ok: true; facts: AttestationFacts } | { ok: false; problem: "incomplete" | "tampered" | "expired" };

/**
 * Opens a link's sealed text with the key from its fragment and checks it: the server's
 * signature, the link's own id, the expiry the server holds, and the recipient's today.
 * Anything that does not check out is "tampered": the page says not to rely on it.
 */
export function openSealedAttestation(
  sodium: Sodium,
  link: { id: string; fragment: string; sealed: string; heldExpiresOn: string; signingPublicKey: string; today: string },
): OpenedProof {
  const key = parseAttestationFragment(link.fragment);
  if (key === null) return { ok: false, problem: "incomplete" };
  let signed: SignedAttestation | null;
  try {
    signed = parseSignedAttestation(sodium.to_string(openEnvelopeWith(sodium, key, link.sealed, attestationSealingContext(link.id))));
  } catch (error) {
    if (error instanceof CryptoError) return { ok: false, problem: "tampered" };
    throw error;
  }
  if (signed === null) return { ok: false, problem: "tampered" };
  const publicKey = fromB64(sodium, link.signingPublicKey, SIGNING_PUBLIC_KEY_BYTES, "signing key");
  let signatureValid: boolean;
  try {
    signatureValid = sodium.crypto_sign_verify_detached(fromB64(sodium, signed.signature, 64, "signature"), attestationSigningPayload(signed.facts), publicKey);
  } catch {
    signatureValid = false;
  }
  if (!signatureValid) return { ok: false, problem: "tampered" };
  const verdict = checkOpenedAttestation({ facts: signed.facts, linkId: link.id, heldExpiresOn: link.heldExpiresOn, today: link.today });
  if (verdict === "mismatch") return { ok: false, problem: "tampered" };
  return verdict === "expired" ? { ok: false, problem: "expired" } : { ok: true, facts: signed.facts };
}
