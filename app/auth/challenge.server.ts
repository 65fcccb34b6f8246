import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import {
  CHALLENGE_COSTS,
  CHALLENGE_LIFETIME_SECONDS,
  CHALLENGE_SALT_BYTES,
  challengeExponent,
  challengeSigningText,
  formatChallenge,
  isChallengeExpired,
  isSolutionInRange,
  proofInput,
  readChallenge,
  type Challenge,
  type ChallengePurpose,
} from "~/domain/accounts/challenge";
import { handleKey } from "~/domain/accounts/handle";
import type { AuthRefusal } from "./auth-provider.server";
import { countAttempt, countChallengeIssued, spendChallengeOnce } from "./rate-limit.server";
import { getServerSecret } from "./server-secret.server";

/**
 * Proof-of-work challenges on the server (decision 013): issued for one step and one
 * handle, checked with one hash and one HMAC before anything costly (the Argon2id hash of
 * an auth key), and spent once. Nothing is stored at issue but a counter: the challenge
 * carries its own fields under the server's MAC.
 */

function mac(secret: string, unsigned: Omit<Challenge, "mac">, key: string): string {
  return createHmac("sha256", secret).update(challengeSigningText(unsigned, key)).digest("base64url");
}

function proofHash(salt: string, solution: number): string {
  return createHash("sha256").update(proofInput(Buffer.from(salt, "base64url"), solution)).digest("base64url");
}

/** Makes a challenge for `purpose` and the handle key, with a secret number below 2^exponent. */
export function mintChallenge(secret: string, request: { purpose: ChallengePurpose; handleKey: string; exponent: number; now: Date }): string {
  const salt = randomBytes(CHALLENGE_SALT_BYTES).toString("base64url");
  const unsigned = {
    purpose: request.purpose,
    expiresAt: Math.floor(request.now.getTime() / 1000) + CHALLENGE_LIFETIME_SECONDS,
    exponent: request.exponent,
    salt,
    target: proofHash(salt, randomInt(0, 2 ** request.exponent)),
  };
  return formatChallenge({ ...unsigned, mac: mac(secret, unsigned, request.handleKey) });
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The challenge if `solution` solves it for this step and handle and it has not expired;
 * null otherwise (malformed, another step or handle, altered, expired, or wrong). It does not
 * know whether the challenge was already spent.
 */
export function checkSolution(
  secret: string,
  text: string,
  solution: number,
  expected: { purpose: ChallengePurpose; handleKey: string; now: Date },
): Challenge | null {
  const challenge = readChallenge(text);
  if (!challenge || challenge.purpose !== expected.purpose) return null;
  const { mac: given, ...unsigned } = challenge;
  if (!sameText(given, mac(secret, unsigned, expected.handleKey))) return null;
  if (isChallengeExpired(challenge, expected.now) || !isSolutionInRange(solution, challenge.exponent)) return null;
  return proofHash(challenge.salt, solution) === challenge.target ? challenge : null;
}

/**
 * A challenge for the next attempt at `purpose` on `handle`, costing more as attempts on the
 * handle pile up; refused while the asking network has asked for too many (rate-limits.ts).
 */
export async function issueChallenge(
  purpose: ChallengePurpose,
  handle: string,
  context: { clientAddress: string },
): Promise<{ ok: true; challenge: string } | AuthRefusal> {
  const key = handleKey(handle);
  const verdict = await countAttempt("challenge", { handleKey: key, clientAddress: context.clientAddress });
  if (verdict.limited) return { ok: false, reason: "rate-limited", retryAfterSeconds: verdict.retryAfterSeconds };
  const cost = CHALLENGE_COSTS[purpose];
  const recentAttempts = cost.kind === "growing" ? await countChallengeIssued(purpose, key, cost.windowSeconds) : 0;
  return { ok: true, challenge: mintChallenge(await getServerSecret(), { purpose, handleKey: key, exponent: challengeExponent(purpose, recentAttempts), now: new Date() }) };
}

/** What a step that needs a challenge receives with it. */
export type ChallengeProof = { handle: string; challenge: string; solution: number };

/** A proof that solves its challenge, with when the challenge expires. */
export type CheckedProof = { ok: true; salt: string; expiresAt: Date };

/** Checks the proof without spending its challenge (a handle check, which the sign-up spends after). */
export async function checkProof(purpose: ChallengePurpose, proof: ChallengeProof): Promise<CheckedProof | AuthRefusal> {
  const checked = checkSolution(await getServerSecret(), proof.challenge, proof.solution, { purpose, handleKey: handleKey(proof.handle), now: new Date() });
  if (!checked) return { ok: false, reason: "challenge-failed" };
  return { ok: true, salt: checked.salt, expiresAt: new Date(checked.expiresAt * 1000) };
}

/** Checks the proof and spends its challenge; a refusal when it does not solve it or was spent before. */
export async function spendChallenge(purpose: ChallengePurpose, proof: ChallengeProof): Promise<CheckedProof | AuthRefusal> {
  const checked = await checkProof(purpose, proof);
  if (!checked.ok) return checked;
  if (!(await spendChallengeOnce(checked.salt, checked.expiresAt))) return { ok: false, reason: "challenge-failed" };
  return checked;
}
