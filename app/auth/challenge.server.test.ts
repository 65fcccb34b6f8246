import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CHALLENGE_LIFETIME_SECONDS, formatChallenge, proofInput, readChallenge } from "~/domain/accounts/challenge";
import { checkSolution, mintChallenge } from "./challenge.server";

const SECRET = "a".repeat(64);
const NOW = new Date("2026-03-01T10:00:00Z");
const signIn = { purpose: "signIn" as const, handleKey: "ming" };

/** The search the browser does, written independently with node:crypto. */
function solve(text: string): number {
  const challenge = readChallenge(text);
  if (!challenge) throw new Error("not a challenge");
  const salt = Buffer.from(challenge.salt, "base64url");
  for (let n = 0; n < 2 ** challenge.exponent; n += 1) {
    if (createHash("sha256").update(proofInput(salt, n)).digest("base64url") === challenge.target) return n;
  }
  throw new Error("no solution");
}

describe("challenges on the server", () => {
  it("accepts the solution for the step and handle it was issued for, until it expires", () => {
    const text = mintChallenge(SECRET, { ...signIn, exponent: 10, now: NOW });
    const solution = solve(text);
    expect(checkSolution(SECRET, text, solution, { ...signIn, now: NOW })?.salt).toBe(readChallenge(text)?.salt);
    const lastMoment = new Date(NOW.getTime() + CHALLENGE_LIFETIME_SECONDS * 1000);
    expect(checkSolution(SECRET, text, solution, { ...signIn, now: lastMoment })).not.toBeNull();
    expect(checkSolution(SECRET, text, solution, { ...signIn, now: new Date(lastMoment.getTime() + 1000) })).toBeNull();
  });

  it("refuses it for another handle, another step, another server, or with a wrong number", () => {
    const text = mintChallenge(SECRET, { ...signIn, exponent: 10, now: NOW });
    const solution = solve(text);
    expect(checkSolution(SECRET, text, solution, { ...signIn, handleKey: "ming2", now: NOW })).toBeNull();
    expect(checkSolution(SECRET, text, solution, { purpose: "recovery", handleKey: "ming", now: NOW })).toBeNull();
    expect(checkSolution("b".repeat(64), text, solution, { ...signIn, now: NOW })).toBeNull();
    expect(checkSolution(SECRET, text, (solution + 1) % 1024, { ...signIn, now: NOW })).toBeNull();
    expect(checkSolution(SECRET, text, solution + 1024, { ...signIn, now: NOW })).toBeNull();
    expect(checkSolution(SECRET, "v1.nonsense", solution, { ...signIn, now: NOW })).toBeNull();
  });

  it("refuses a challenge whose cost, expiry or target was changed (the MAC covers them)", () => {
    const text = mintChallenge(SECRET, { ...signIn, exponent: 12, now: NOW });
    const challenge = readChallenge(text);
    if (!challenge) throw new Error("not a challenge");
    const solution = solve(text);
    const cheaper = formatChallenge({ ...challenge, exponent: 11 });
    const later = formatChallenge({ ...challenge, expiresAt: challenge.expiresAt + 3600 });
    const easy = { ...challenge, target: createHash("sha256").update(proofInput(Buffer.from(challenge.salt, "base64url"), 0)).digest("base64url") };
    expect(checkSolution(SECRET, cheaper, solution, { ...signIn, now: NOW })).toBeNull();
    expect(checkSolution(SECRET, later, solution, { ...signIn, now: NOW })).toBeNull();
    expect(checkSolution(SECRET, formatChallenge(easy), 0, { ...signIn, now: NOW })).toBeNull();
  });

  it("hides a secret number anywhere below 2^exponent, with a fresh salt each time", () => {
    const solutions = new Set<number>();
    const salts = new Set<string>();
    for (let i = 0; i < 40; i += 1) {
      const text = mintChallenge(SECRET, { ...signIn, exponent: 6, now: NOW });
      const solution = solve(text);
      expect(solution).toBeLessThan(64);
      solutions.add(solution);
      salts.add(readChallenge(text)?.salt ?? "");
    }
    expect(solutions.size).toBeGreaterThan(10);
    expect(salts.size).toBe(40);
  });
});
