import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CHALLENGE_COSTS,
  CHALLENGE_PURPOSES,
  MAX_CHALLENGE_EXPONENT,
  challengeExponent,
  challengeSigningText,
  formatChallenge,
  isChallengeExpired,
  isSolutionInRange,
  proofInput,
  readChallenge,
  setProofSolution,
  type Challenge,
} from "./challenge";

const sample: Challenge = {
  purpose: "signIn",
  expiresAt: 1_767_225_900,
  exponent: 12,
  salt: "AAECAwQFBgcICQoLDA0ODw",
  target: "A".repeat(43),
  mac: "B".repeat(43),
};

describe("what a challenge costs", () => {
  it("costs sign-in little for the owner's own few attempts", () => {
    const rule = CHALLENGE_COSTS.signIn;
    if (rule.kind !== "growing") throw new Error("sign-in grows");
    for (let attempts = 1; attempts <= rule.freeAttempts; attempts += 1) expect(challengeExponent("signIn", attempts)).toBe(rule.minExponent);
    expect(2 ** rule.minExponent).toBeLessThanOrEqual(1024);
  });

  it("grows with attempts on the handle, one doubling at a time, and never passes the ceiling", () => {
    for (const purpose of ["signIn", "recovery"] as const) {
      const rule = CHALLENGE_COSTS[purpose];
      if (rule.kind !== "growing") throw new Error(`${purpose} grows`);
      let previous = challengeExponent(purpose, 0);
      for (let attempts = 1; attempts <= 500; attempts += 1) {
        const exponent = challengeExponent(purpose, attempts);
        expect(exponent - previous).toBeGreaterThanOrEqual(0);
        expect(exponent - previous).toBeLessThanOrEqual(1);
        expect(exponent).toBeLessThanOrEqual(rule.maxExponent);
        previous = exponent;
      }
      expect(challengeExponent(purpose, 500)).toBe(rule.maxExponent);
      expect(challengeExponent(purpose, 1e9)).toBe(rule.maxExponent);
    }
  });

  it("reaches sign-in's ceiling well before a hundred guesses, where the old block stopped everyone", () => {
    const ceiling = CHALLENGE_COSTS.signIn.kind === "growing" ? CHALLENGE_COSTS.signIn.maxExponent : 0;
    const firstAtCeiling = Array.from({ length: 100 }, (_, i) => i + 1).find((attempts) => challengeExponent("signIn", attempts) === ceiling);
    expect(firstAtCeiling).toBeDefined();
    expect(firstAtCeiling).toBeLessThanOrEqual(40);
  });

  it("keeps the owner's worst case bounded: no purpose above the ceiling, recovery's two steps no more than one sign-in", () => {
    for (const purpose of CHALLENGE_PURPOSES) expect(challengeExponent(purpose, 1e6)).toBeLessThanOrEqual(MAX_CHALLENGE_EXPONENT);
    expect(2 * 2 ** challengeExponent("recovery", 1e6)).toBeLessThanOrEqual(2 ** challengeExponent("signIn", 1e6));
  });

  it("charges every sign-up the same, however many came before", () => {
    expect(new Set([0, 1, 50, 10_000].map((n) => challengeExponent("signUp", n))).size).toBe(1);
    expect(challengeExponent("signUp", 0)).toBeGreaterThan(challengeExponent("signIn", 0));
  });
});

describe("the challenge format", () => {
  it("reads back what it writes", () => {
    expect(readChallenge(formatChallenge(sample))).toEqual(sample);
    fc.assert(
      fc.property(fc.constantFrom(...CHALLENGE_PURPOSES), fc.integer({ min: 0, max: 4_000_000_000 }), fc.integer({ min: 1, max: MAX_CHALLENGE_EXPONENT }), (purpose, expiresAt, exponent) => {
        const challenge = { ...sample, purpose, expiresAt, exponent };
        expect(readChallenge(formatChallenge(challenge))).toEqual(challenge);
      }),
    );
  });

  it("refuses anything else", () => {
    const text = formatChallenge(sample);
    for (const bad of [
      "",
      text.replace("v1.", "v2."),
      text.replace("signIn", "signOut"),
      text.replace(".12.", ".0."),
      text.replace(".12.", ".21."),
      text.replace(".12.", ".-1."),
      `${text}.`,
      `${text}A`,
      text.replace(sample.salt, sample.salt.slice(1)),
      text.replace(sample.mac, `${sample.mac.slice(0, 42)}=`),
      text.replace("1767225900", "1.7e9"),
      "x".repeat(100_000),
    ]) {
      expect(readChallenge(bad), bad.slice(0, 80)).toBeNull();
    }
  });

  it("signs every field and the handle, each in its own place", () => {
    const base = challengeSigningText(sample, "ming");
    const variants = [
      challengeSigningText({ ...sample, purpose: "recovery" }, "ming"),
      challengeSigningText({ ...sample, expiresAt: sample.expiresAt + 1 }, "ming"),
      challengeSigningText({ ...sample, exponent: 13 }, "ming"),
      challengeSigningText({ ...sample, salt: "B".repeat(22) }, "ming"),
      challengeSigningText({ ...sample, target: "C".repeat(43) }, "ming"),
      challengeSigningText(sample, "ming2"),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it("expires after its time and takes only solutions below 2^exponent", () => {
    expect(isChallengeExpired(sample, new Date(sample.expiresAt * 1000))).toBe(false);
    expect(isChallengeExpired(sample, new Date(sample.expiresAt * 1000 + 1))).toBe(true);
    expect(isSolutionInRange(0, 12)).toBe(true);
    expect(isSolutionInRange(4095, 12)).toBe(true);
    for (const bad of [4096, -1, 0.5, Number.NaN, Infinity]) expect(isSolutionInRange(bad, 12)).toBe(false);
  });
});

describe("the bytes hashed", () => {
  it("are the salt and the solution, big-endian, as a known answer", () => {
    const salt = Uint8Array.from({ length: 16 }, (_, i) => i);
    const input = proofInput(salt, 0x01020304);
    expect(Buffer.from(input).toString("hex")).toBe("000102030405060708090a0b0c0d0e0f01020304");
    setProofSolution(input, 0xffffffff);
    expect(Buffer.from(input.subarray(16)).toString("hex")).toBe("ffffffff");
    expect(() => proofInput(new Uint8Array(15), 0)).toThrow(RangeError);
  });
});
