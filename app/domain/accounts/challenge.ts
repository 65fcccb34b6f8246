/**
 * Proof of work before each guessable step (docs/decisions/013-proof-of-work-not-lockout.md).
 *
 * The server picks a secret number below 2^exponent and sends the SHA-256 of a random salt
 * followed by that number; the browser tries numbers from 0 up until its hash matches. So a
 * challenge costs at most 2^exponent hashes (half that on average) and never more: the
 * owner's worst case is bounded, and every guess an attacker sends costs the same.
 *
 * The cost of sign-in and recovery grows with the recent attempts on the handle, from
 * anywhere, instead of blocking the handle: the owner pays a few seconds once, an attacker
 * pays for every guess. Sign-up costs the same every time (each attempt can say "taken").
 */
export type ChallengePurpose = "signIn" | "signUp" | "recovery";
export const CHALLENGE_PURPOSES = ["signIn", "signUp", "recovery"] as const satisfies readonly ChallengePurpose[];

/**
 * How a challenge's exponent is chosen:
 * - constant: always the same;
 * - growing: `minExponent` for the first `freeAttempts` attempts on the handle in this window
 *   and the one before, one more (twice the work) for every `attemptsPerDoubling` after
 *   that, never above `maxExponent`.
 */
export type ChallengeCost =
  | { kind: "constant"; exponent: number }
  | { kind: "growing"; windowSeconds: number; freeAttempts: number; attemptsPerDoubling: number; minExponent: number; maxExponent: number };

const MINUTES = 60;

/**
 * The largest exponent any purpose uses. In Chromium here the solver tries about a million
 * numbers a second, and 160,000 with the CPU slowed eightfold (a stand-in for a cheap phone):
 * 2^20 is then 1 s, or 6.6 s at worst on the slow phone, where Argon2id adds 2.7 s. So the
 * owner's worst case stays under 10 s (bench/challenge-solver-chromium.ts, decision 013).
 */
export const MAX_CHALLENGE_EXPONENT = 20;

export const CHALLENGE_COSTS: Record<ChallengePurpose, ChallengeCost> = {
  // A few sign-ins a window cost nothing noticeable; an attack reaches the ceiling after
  // 5 + 3 × 10 = 35 attempts.
  signIn: { kind: "growing", windowSeconds: 15 * MINUTES, freeAttempts: 5, attemptsPerDoubling: 3, minExponent: 10, maxExponent: MAX_CHALLENGE_EXPONENT },
  // Recovery takes two steps, each with its own challenge, so its ceiling is half as high.
  // The recovery code cannot be guessed (160 bits): the cost only spares the server.
  recovery: { kind: "growing", windowSeconds: 60 * MINUTES, freeAttempts: 4, attemptsPerDoubling: 2, minExponent: 10, maxExponent: MAX_CHALLENGE_EXPONENT - 1 },
  // Under a second on a cheap phone (0.4 s on average), on top of making the keys; every
  // probe for a taken handle pays it too.
  signUp: { kind: "constant", exponent: 17 },
};

/** How long a challenge may be used after it is issued (Argon2id and the search on a slow phone, with room to spare). */
export const CHALLENGE_LIFETIME_SECONDS = 5 * MINUTES;

/** The exponent of the next challenge for `purpose`, given the attempts on the handle counted so far (this one included). */
export function challengeExponent(purpose: ChallengePurpose, recentAttempts: number): number {
  const cost = CHALLENGE_COSTS[purpose];
  if (cost.kind === "constant") return cost.exponent;
  const over = Math.max(0, recentAttempts - cost.freeAttempts);
  return Math.min(cost.maxExponent, cost.minExponent + Math.ceil(over / cost.attemptsPerDoubling));
}

// ---------------------------------------------------------------------------------------
// The challenge as it travels: v1.<purpose>.<expires>.<exponent>.<salt>.<target>.<mac>

export const CHALLENGE_SALT_BYTES = 16;
/** The bytes hashed: the salt, then the solution as a 4-byte big-endian unsigned integer. */
export const PROOF_INPUT_BYTES = CHALLENGE_SALT_BYTES + 4;

export type Challenge = {
  purpose: ChallengePurpose;
  /** Unix time in seconds after which the challenge is refused. */
  expiresAt: number;
  /** The secret number is below 2^exponent. */
  exponent: number;
  /** 16 random bytes, base64url; also names the challenge, so it can be spent once. */
  salt: string;
  /** SHA-256 of the proof input with the secret number, base64url. */
  target: string;
  /** HMAC under the server's secret of everything above and the handle, base64url. */
  mac: string;
};

const CHALLENGE_PATTERN = /^v1\.(signIn|signUp|recovery)\.([0-9]{1,12})\.([0-9]{1,2})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/;
/** Longer than any challenge, so a wire schema can refuse a body-sized value before reading it. */
export const CHALLENGE_MAX_LENGTH = 160;

export function formatChallenge(challenge: Challenge): string {
  const { purpose, expiresAt, exponent, salt, target, mac } = challenge;
  return ["v1", purpose, expiresAt, exponent, salt, target, mac].join(".");
}

/** The challenge a text carries, or null when it is not one (any version, purpose or field out of shape). */
export function readChallenge(text: string): Challenge | null {
  if (text.length > CHALLENGE_MAX_LENGTH) return null;
  const match = CHALLENGE_PATTERN.exec(text);
  if (!match) return null;
  const [, purpose, expiresAt, exponent, salt, target, mac] = match;
  if (!purpose || !expiresAt || !exponent || !salt || !target || !mac) return null;
  const bits = Number(exponent);
  if (bits < 1 || bits > MAX_CHALLENGE_EXPONENT) return null;
  return { purpose: purpose as ChallengePurpose, expiresAt: Number(expiresAt), exponent: bits, salt, target, mac };
}

/**
 * What the MAC covers: every field and the handle's key, so a challenge works only for the
 * handle and the step it was issued for. The handle key comes last, after fixed-shape fields.
 */
export function challengeSigningText(challenge: Omit<Challenge, "mac">, handleKey: string): string {
  const { purpose, expiresAt, exponent, salt, target } = challenge;
  return ["tongxing.challenge.v1", purpose, expiresAt, exponent, salt, target, handleKey].join("|");
}

export function isChallengeExpired(challenge: Challenge, now: Date): boolean {
  return now.getTime() > challenge.expiresAt * 1000;
}

export function isSolutionInRange(solution: number, exponent: number): boolean {
  return Number.isSafeInteger(solution) && solution >= 0 && solution < 2 ** exponent;
}

/** The bytes whose SHA-256 is compared with the target: the salt's bytes, then the solution. */
export function proofInput(saltBytes: Uint8Array, solution: number): Uint8Array {
  if (saltBytes.length !== CHALLENGE_SALT_BYTES) throw new RangeError("a challenge salt is 16 bytes");
  const input = new Uint8Array(PROOF_INPUT_BYTES);
  input.set(saltBytes);
  setProofSolution(input, solution);
  return input;
}

/** Writes another solution into a proof input in place (the solver tries many). */
export function setProofSolution(input: Uint8Array, solution: number): void {
  new DataView(input.buffer, input.byteOffset, input.byteLength).setUint32(CHALLENGE_SALT_BYTES, solution);
}
