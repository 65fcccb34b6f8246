import { createHmac } from "node:crypto";
import { asSystem } from "~/data/rls.server";
import { getDatabase } from "~/data/db.server";
import { hitRateLimit, readRateLimitHits } from "~/data/rate-limits.server";
import {
  isOverLimit,
  rateLimitBuckets,
  secondsUntilWindowEnds,
  windowStart,
  type RateLimitBucket,
  type RateLimitedAction,
} from "~/domain/accounts/rate-limits";
import { clientGroup } from "./client-group.server";
import { getEnv } from "~/env.server";
import { getServerSecret } from "./server-secret.server";
import type { ChallengePurpose } from "~/domain/accounts/challenge";

/** Buckets are keyed by an HMAC, so the table holds neither addresses nor handles. */
async function hashedBucketName(prefix: string, key: string): Promise<string> {
  const secret = await getServerSecret();
  return `${prefix}:${createHmac("sha256", secret).update(key).digest("base64url").slice(0, 32)}`;
}

function bucketName(action: RateLimitedAction, bucket: RateLimitBucket): Promise<string> {
  return hashedBucketName(`${action}:${bucket.kind}`, bucket.key);
}

export type RateLimitVerdict = { limited: false } | { limited: true; retryAfterSeconds: number };

/** Counts one attempt against every limit of the action; limited if any is exceeded. */
export async function countAttempt(
  action: RateLimitedAction,
  subject: { handleKey?: string; clientAddress: string },
): Promise<RateLimitVerdict> {
  const buckets = rateLimitBuckets(action, { handleKey: subject.handleKey, clientKey: clientGroup(subject.clientAddress) }, getEnv().RATE_LIMIT_CLIENT_MULTIPLIER);
  const checks = await Promise.all(buckets.map(async (bucket) => ({ bucket: await bucketName(action, bucket), limit: bucket.limit })));
  const now = new Date();
  const db = await getDatabase();
  let retryAfterSeconds = 0;
  await asSystem(db, "count a rate-limited attempt", async (trx) => {
    for (const { bucket, limit } of checks) {
      const hits = await hitRateLimit(trx, bucket, windowStart(now, limit.windowSeconds));
      if (isOverLimit(hits, limit)) {
        retryAfterSeconds = Math.max(retryAfterSeconds, secondsUntilWindowEnds(now, limit.windowSeconds));
      }
    }
  });
  return retryAfterSeconds > 0 ? { limited: true, retryAfterSeconds } : { limited: false };
}

/**
 * Counts one challenge issued for (purpose, handle) and returns how many were issued in this
 * window and the one before: every attempt needs its own challenge, so this counts attempts
 * on the handle from anywhere, sent or still held, and does not fall to zero when a window turns.
 */
export async function countChallengeIssued(purpose: ChallengePurpose, handleKey: string, windowSeconds: number): Promise<number> {
  const bucket = await hashedBucketName(`${purpose}:challenges`, handleKey);
  const now = new Date();
  const db = await getDatabase();
  return asSystem(db, "count a challenge issued for a handle", async (trx) => {
    const current = await hitRateLimit(trx, bucket, windowStart(now, windowSeconds));
    const previous = await readRateLimitHits(trx, bucket, windowStart(new Date(now.getTime() - windowSeconds * 1000), windowSeconds));
    return current + previous;
  });
}

/**
 * Marks a sign-up challenge as counted against the sign-up allowance by a handle check
 * (decision 017): the sign-up that spends the same challenge then does not count again, so
 * checking first costs a member no more of the network's allowance than signing up did.
 */
export async function markChallengeCounted(salt: string, expiresAt: Date): Promise<void> {
  const db = await getDatabase();
  await asSystem(db, "mark a challenge counted", (trx) => hitRateLimit(trx, `counted:${salt}`, expiresAt));
}

/** Whether a handle check counted this challenge against the sign-up allowance. */
export async function wasChallengeCounted(salt: string, expiresAt: Date): Promise<boolean> {
  const db = await getDatabase();
  const hits = await asSystem(db, "read whether a challenge was counted", (trx) => readRateLimitHits(trx, `counted:${salt}`, expiresAt));
  return hits > 0;
}

/**
 * Marks a challenge spent: true the first time, false on a replay. The challenge's random
 * salt names it (nothing personal); its window is its expiry, so the hourly cleanup forgets
 * it only long after it could be used.
 */
export async function spendChallengeOnce(salt: string, expiresAt: Date): Promise<boolean> {
  const db = await getDatabase();
  const hits = await asSystem(db, "spend a challenge", (trx) => hitRateLimit(trx, `challenge:${salt}`, expiresAt));
  return hits === 1;
}
