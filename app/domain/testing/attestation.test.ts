import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "~/domain/groups/local-time";
import {
  ATTESTATION_KEY_BYTES,
  ATTESTATION_MAX_DAYS,
  attestationFragment,
  attestationSealingContext,
  attestationSigningPayload,
  attestationStatus,
  canAttest,
  checkAttestationExpiry,
  checkOpenedAttestation,
  parseAttestationFragment,
  parseSignedAttestation,
} from "./attestation";
import { TEST_OUTCOMES } from "./booking-rules";

const TODAY = "2027-03-01";

describe("what an attestation says", () => {
  it("is only ever a negative result", () => {
    expect(TEST_OUTCOMES.filter(canAttest)).toEqual(["negative"]);
  });

  it("is signed as a versioned text, one fact a line", () => {
    expect(attestationSigningPayload({ id: "5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f", outcome: "negative", testedOn: "2027-02-27", issuedOn: "2027-03-01", expiresOn: "2027-03-31" })).toBe(
      "tongxing-test-attestation-v1\n5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f\nnegative\n2027-02-27\n2027-03-01\n2027-03-31",
    );
  });
});

describe("an attestation's expiry", () => {
  const days = ATTESTATION_MAX_DAYS;

  it("is a real date after today, at most 90 days after the day it is made", () => {
    expect(checkAttestationExpiry({ issuedOn: TODAY, expiresOn: addDays(TODAY, 1), today: TODAY })).toEqual([]);
    expect(checkAttestationExpiry({ issuedOn: TODAY, expiresOn: addDays(TODAY, days), today: TODAY })).toEqual([]);
    expect(checkAttestationExpiry({ issuedOn: TODAY, expiresOn: addDays(TODAY, days + 1), today: TODAY })).toEqual([{ field: "expiresOn", problem: "tooLong", days }]);
    expect(checkAttestationExpiry({ issuedOn: TODAY, expiresOn: TODAY, today: TODAY })).toEqual([{ field: "expiresOn", problem: "past", days }]);
    expect(checkAttestationExpiry({ issuedOn: TODAY, expiresOn: "2027-02-28", today: TODAY })).toEqual([{ field: "expiresOn", problem: "past", days }]);
    expect(checkAttestationExpiry({ issuedOn: TODAY, expiresOn: "2027-02-29", today: TODAY })).toEqual([{ field: "expiresOn", problem: "format", days }]);
    expect(checkAttestationExpiry({ issuedOn: TODAY, expiresOn: "", today: TODAY })).toEqual([{ field: "expiresOn", problem: "format", days }]);
    expect(() => checkAttestationExpiry({ issuedOn: "2027-02-29", expiresOn: "2027-03-31", today: TODAY })).toThrow(RangeError);
  });

  it("makes a link valid before its expiry date, expired from it on, and revoked whenever its member ends it", () => {
    const expiresOn = "2027-03-31";
    expect(attestationStatus({ expiresOn, revokedAt: null, today: "2027-03-30" })).toBe("valid");
    expect(attestationStatus({ expiresOn, revokedAt: null, today: expiresOn })).toBe("expired");
    expect(attestationStatus({ expiresOn, revokedAt: new Date("2027-03-02T08:00:00Z"), today: "2027-03-02" })).toBe("revoked");
    expect(attestationStatus({ expiresOn, revokedAt: new Date("2027-03-02T08:00:00Z"), today: "2027-04-02" })).toBe("revoked");
  });

  it("passes the check exactly when the link would be valid today", () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: ATTESTATION_MAX_DAYS }), (offset) => {
        const expiresOn = addDays(TODAY, offset);
        const problems = checkAttestationExpiry({ issuedOn: TODAY, expiresOn, today: TODAY });
        expect(problems.length === 0).toBe(attestationStatus({ expiresOn, revokedAt: null, today: TODAY }) === "valid");
      }),
    );
  });
});

describe("the key in a link's fragment", () => {
  const key = fc.uint8Array({ minLength: ATTESTATION_KEY_BYTES, maxLength: ATTESTATION_KEY_BYTES });

  it("is base64url without padding, read back with or without the '#'", () => {
    fc.assert(
      fc.property(key, (bytes) => {
        const fragment = attestationFragment(bytes);
        expect(fragment).toBe(Buffer.from(bytes).toString("base64url"));
        expect(fragment).toHaveLength(43);
        expect(parseAttestationFragment(fragment)).toEqual(bytes);
        expect(parseAttestationFragment(`#${fragment}`)).toEqual(bytes);
      }),
    );
    expect(attestationFragment(new Uint8Array(32))).toBe("A".repeat(43));
    expect(attestationFragment(new Uint8Array(32).fill(255))).toBe(`${"_".repeat(42)}8`);
    expect(() => attestationFragment(new Uint8Array(16))).toThrow(RangeError);
  });

  it.each([
    ["an empty fragment", ""],
    ["a lone '#'", "#"],
    ["31 bytes", "A".repeat(42)],
    ["33 bytes", "A".repeat(44)],
    ["padding", `${"A".repeat(43)}=`],
    ["standard base64 characters", `${"+".repeat(42)}A`],
    ["non-zero unused bits in the last character", `${"A".repeat(42)}B`],
    ["two '#'", `##${"A".repeat(43)}`],
    ["whitespace", ` ${"A".repeat(43)}`],
    ["a very long fragment", "A".repeat(1_000_000)],
  ])("refuses %s", (_name, hash) => {
    expect(parseAttestationFragment(hash)).toBeNull();
  });

  it("never throws, and gives a key only for canonical text", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."#AQgwz09_-+/= é".split("")), maxLength: 50 }), (hash) => {
        const parsed = parseAttestationFragment(hash);
        if (parsed !== null) expect(`#${attestationFragment(parsed)}`.endsWith(hash)).toBe(true);
      }),
    );
  });
});

describe("a signed attestation as sealed in a link", () => {
  const facts = { id: "5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f", outcome: "negative" as const, testedOn: "2027-02-27", issuedOn: "2027-03-01", expiresOn: "2027-03-31" };
  const signature = "A".repeat(86);

  it("reads back exactly what was sealed", () => {
    expect(parseSignedAttestation(JSON.stringify({ facts, signature }))).toEqual({ facts, signature });
  });

  it("refuses anything else", () => {
    for (const text of [
      "",
      "not json",
      "null",
      JSON.stringify({ facts }),
      JSON.stringify({ facts, signature: "short" }),
      JSON.stringify({ facts: { ...facts, outcome: "positive" }, signature }),
      JSON.stringify({ facts: { ...facts, testedOn: 20270227 }, signature }),
      JSON.stringify({ facts: { ...facts, expiresOn: "31/03/2027" }, signature }),
      JSON.stringify({ facts: { ...facts, id: 7 }, signature }),
    ]) {
      expect(parseSignedAttestation(text), text).toBeNull();
    }
  });

  it("is bound to its link: its own id and the expiry the server holds, until that day", () => {
    expect(checkOpenedAttestation({ facts, linkId: facts.id, heldExpiresOn: facts.expiresOn, today: "2027-03-30" })).toBe("valid");
    expect(checkOpenedAttestation({ facts, linkId: facts.id, heldExpiresOn: facts.expiresOn, today: "2027-03-31" })).toBe("expired");
    expect(checkOpenedAttestation({ facts, linkId: "0f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f", heldExpiresOn: facts.expiresOn, today: "2027-03-30" })).toBe("mismatch");
    expect(checkOpenedAttestation({ facts, linkId: facts.id, heldExpiresOn: "2027-04-30", today: "2027-03-30" })).toBe("mismatch");
  });

  it("is sealed for its own link only", () => {
    expect(attestationSealingContext(facts.id)).toBe(`tongxing-test-attestation-v1:${facts.id}`);
    expect(attestationSealingContext(facts.id)).not.toBe(attestationSealingContext("0f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f"));
  });
});
