import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { publicSigningKey, signPayload } from "~/data/signing-keys.server";
import { attestationSigningPayload, type AttestationFacts, type SignedAttestation } from "~/domain/testing/attestation";
import { openSealedAttestation, sealAttestation } from "./attestation";
import { sealEnvelopeWith } from "./envelope";
import { loadSodium, type Sodium } from "./sodium";

const SECRET = "3c".repeat(32);
const TODAY = "2027-03-10";

function signed(facts: AttestationFacts, purpose: "testAttestations" | "attendanceStatements" = "testAttestations"): SignedAttestation {
  return { facts, signature: signPayload(SECRET, purpose, attestationSigningPayload(facts)) };
}

describe("a proof link's cryptography (the server signs with node:crypto, the browser checks with libsodium)", () => {
  let sodium: Sodium;
  const facts: AttestationFacts = { id: randomUUID(), outcome: "negative", testedOn: "2027-03-01", issuedOn: "2027-03-02", expiresOn: "2027-04-01" };
  const signingPublicKey = publicSigningKey(SECRET, "testAttestations");
  const open = (sealed: string, fragment: string, overrides: Partial<{ id: string; heldExpiresOn: string; today: string; signingPublicKey: string }> = {}) =>
    openSealedAttestation(sodium, { id: facts.id, fragment, sealed, heldExpiresOn: facts.expiresOn, signingPublicKey, today: TODAY, ...overrides });

  beforeAll(async () => {
    sodium = await loadSodium();
  });

  it("opens with the link's key to the facts the server signed", () => {
    const { sealed, fragment } = sealAttestation(sodium, signed(facts));
    expect(fragment).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sealed).not.toContain(facts.id);
    expect(open(sealed, fragment)).toEqual({ ok: true, facts });
    expect(open(sealed, `#${fragment}`)).toEqual({ ok: true, facts });
  });

  it("says the link is incomplete without its whole key", () => {
    const { sealed, fragment } = sealAttestation(sodium, signed(facts));
    expect(open(sealed, "")).toEqual({ ok: false, problem: "incomplete" });
    expect(open(sealed, fragment.slice(0, 30))).toEqual({ ok: false, problem: "incomplete" });
  });

  it("refuses another key, another link's sealed text, another signature and facts that are not the link's", () => {
    const { sealed, fragment } = sealAttestation(sodium, signed(facts));
    const other = sealAttestation(sodium, signed(facts));
    expect(open(sealed, other.fragment)).toEqual({ ok: false, problem: "tampered" });
    expect(open(sealed, fragment, { id: randomUUID() })).toEqual({ ok: false, problem: "tampered" });
    expect(open(sealed, fragment, { heldExpiresOn: "2027-05-01" })).toEqual({ ok: false, problem: "tampered" });
    expect(open(sealed, fragment, { signingPublicKey: publicSigningKey("4d".repeat(32), "testAttestations") })).toEqual({ ok: false, problem: "tampered" });
    const otherPurpose = sealAttestation(sodium, signed(facts, "attendanceStatements"));
    expect(open(otherPurpose.sealed, otherPurpose.fragment)).toEqual({ ok: false, problem: "tampered" });
    // Facts changed after signing, sealed by someone holding a key of their own.
    const key = sodium.randombytes_buf(32);
    const forged = sealEnvelopeWith(sodium, key, JSON.stringify({ ...signed(facts), facts: { ...facts, testedOn: "2027-03-09" } }), `tongxing-test-attestation-v1:${facts.id}`);
    expect(open(forged, sodium.to_base64(key, sodium.base64_variants.URLSAFE_NO_PADDING))).toEqual({ ok: false, problem: "tampered" });
    const garbage = sealEnvelopeWith(sodium, key, "not a proof", `tongxing-test-attestation-v1:${facts.id}`);
    expect(open(garbage, sodium.to_base64(key, sodium.base64_variants.URLSAFE_NO_PADDING))).toEqual({ ok: false, problem: "tampered" });
  });

  it("is expired from its expiry date on, by the recipient's today", () => {
    const { sealed, fragment } = sealAttestation(sodium, signed(facts));
    expect(open(sealed, fragment, { today: "2027-03-31" })).toEqual({ ok: true, facts });
    expect(open(sealed, fragment, { today: "2027-04-01" })).toEqual({ ok: false, problem: "expired" });
  });
});
